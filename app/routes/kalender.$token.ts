import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { getLocale } from "~/i18n/i18n.server";
import { ICS_CONTENT_TYPE } from "~/visits/calendar.server";
import { feedFor } from "~/visits/feeds.server";

/** A private calendar subscription (/kalender/<secret>.ics): unknown or revoked links are 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const ics = await feedFor(db, token, await getLocale(request));
  if (!ics) return new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(ics, {
    headers: {
      "Content-Type": ICS_CONTENT_TYPE,
      "Content-Disposition": 'inline; filename="vagval.ics"',
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
