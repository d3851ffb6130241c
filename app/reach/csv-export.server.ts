import { suppressed } from "./cohorts";

type Cell = string | number | null | undefined;

/**
 * CSV as Swedish Excel opens it: UTF-8 with BOM, semicolons, decimal comma, CRLF. With `forSharing`
 * every count from 1 to 4 is written as "<5" (shares stay, being computed from unsuppressed totals
 * only where both totals are at least 5; otherwise blank).
 */
export function csvResponse(fileName: string, header: string[], rows: Cell[][]) {
  const quote = (v: Cell) => {
    const s = v == null ? "" : typeof v === "number" ? String(v).replace(".", ",") : v;
    return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const body = "\uFEFF" + [header, ...rows].map((r) => r.map(quote).join(";")).join("\r\n") + "\r\n";
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** A count as it may leave the network: exact, or "<5" when sharing. */
export const shareable = (n: number | null | undefined, forSharing: boolean): Cell => (forSharing ? suppressed(n ?? null) : (n ?? null));

/** A share (per cent) as it may leave the network: blank when sharing and either count is below 5. */
export const shareableShare = (share: number | null, part: number | null | undefined, whole: number | null | undefined, forSharing: boolean): Cell =>
  forSharing && ((part ?? 0) > 0 && (part ?? 0) < 5 || ((whole ?? 0) > 0 && (whole ?? 0) < 5)) ? null : share;
