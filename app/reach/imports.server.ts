/**
 * Imports of official statistics (issue 7): pupils per municipality, school year and grade, and
 * first-choice applicants per municipality, year and national programme. A file is parsed and
 * checked in full first (every error by line and column; codes against the reference data;
 * duplicates; more applicants than pupils as a warning to confirm), shown as a preview with what
 * would change, and only then imported — all or nothing, in one transaction. Importing the same
 * file again changes nothing; a corrected file updates what changed, each update in the audit log.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { nowIso } from "#db/adapter";
import { audit } from "~/audit.server";
import { db as appDb, type DB } from "~/db.server";
import { getEnv } from "~/env.server";
import { fileBytes, readMultipart } from "~/uploads.server";
import { forgetPublicImpact } from "./reach.server";
import { parseApplicants, parsePupilCounts, type CsvIssue, type StatisticsKind } from "./csv.server";

export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

interface Normalised {
  line: number;
  /** the key in the table: municipality, year, grade or programme */
  key: string;
  municipalityId: number;
  year: number;
  /** grade (pupils) or programme id (applicants) */
  second: number;
  value: number;
}

export interface ImportPreview {
  kind: StatisticsKind;
  fileName: string;
  sha256: string;
  encoding: string;
  delimiter: string;
  mapping: { field: string; header: string; letter: string }[];
  rowCount: number;
  sample: { line: number; cells: (string | number)[] }[];
  errors: CsvIssue[];
  warnings: CsvIssue[];
  inserted: number;
  updated: number;
  unchanged: number;
}

const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().trim();

/** Parses and checks a whole file against the reference data and the database; writes nothing. */
export async function previewImport(
  db: DB,
  kind: StatisticsKind,
  bytes: Uint8Array,
  fileName: string,
): Promise<ImportPreview & { rows: Normalised[]; existing: Map<string, { id: number; value: number }> }> {
  const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
  const parsed = kind === "pupils" ? parsePupilCounts(bytes) : parseApplicants(bytes);
  const errors = [...parsed.errors];
  const warnings: CsvIssue[] = [];
  const municipalities = await db.selectFrom("municipality").select(["id", "code", "name"]).execute();
  const municipalityBy = new Map<string, number>();
  for (const m of municipalities) {
    municipalityBy.set(m.code, m.id);
    municipalityBy.set(fold(m.name), m.id);
  }
  const programmes = await db.selectFrom("gymnasium_programme").select(["id", "code", "name"]).execute();
  const programmeBy = new Map<string, number>();
  for (const p of programmes) {
    programmeBy.set(p.code.toUpperCase(), p.id);
    programmeBy.set(fold(p.name), p.id);
  }
  const column = (field: string) => parsed.mapping.find((m) => m.field === field);
  const issue = (line: number, field: string, key: string, params?: Record<string, string | number>): CsvIssue => ({
    line,
    column: column(field)?.header ?? null,
    columnLetter: column(field)?.letter ?? null,
    key,
    params,
  });

  const rows: Normalised[] = [];
  const firstLine = new Map<string, number>();
  for (const raw of parsed.rows) {
    const municipalityId = municipalityBy.get(/^\d{4}$/.test(raw.municipality) ? raw.municipality : fold(raw.municipality));
    if (!municipalityId) {
      errors.push(issue(raw.line, "municipality", "reach:errors.unknownMunicipality", { value: raw.municipality }));
      continue;
    }
    let row: Normalised;
    if ("grade" in raw) {
      row = { line: raw.line, key: "", municipalityId, year: raw.schoolYear, second: raw.grade, value: raw.pupils };
    } else {
      const programmeId = programmeBy.get(/^[A-Za-z]{2}$/.test(raw.programme) ? raw.programme.toUpperCase() : fold(raw.programme));
      if (!programmeId) {
        errors.push(issue(raw.line, "programme", "reach:errors.unknownProgramme", { value: raw.programme }));
        continue;
      }
      row = { line: raw.line, key: "", municipalityId, year: raw.year, second: programmeId, value: raw.applicants };
    }
    row.key = `${row.municipalityId}:${row.year}:${row.second}`;
    const seen = firstLine.get(row.key);
    if (seen !== undefined) {
      errors.push(issue(raw.line, "municipality", "reach:errors.duplicate", { first: seen }));
      continue;
    }
    firstLine.set(row.key, raw.line);
    rows.push(row);
  }

  // more first-choice applicants than pupils in grade 9 that spring: possible (late arrivals, other
  // municipalities' schools) but worth a second look, so it is a warning to confirm
  if (kind === "applicants" && rows.length) {
    const totals = new Map<string, { sum: number; line: number; municipalityId: number; year: number }>();
    for (const r of rows) {
      const key = `${r.municipalityId}:${r.year}`;
      const t = totals.get(key) ?? { sum: 0, line: r.line, municipalityId: r.municipalityId, year: r.year };
      t.sum += r.value;
      totals.set(key, t);
    }
    const grade9 = await db.selectFrom("pupil_count").select(["municipality_id", "school_year", "pupils"]).where("grade", "=", 9).execute();
    const pupilsOf = new Map(grade9.map((p) => [`${p.municipality_id}:${p.school_year}`, p.pupils]));
    for (const [key, t] of totals) {
      const pupils = pupilsOf.get(key);
      if (pupils !== undefined && t.sum > pupils) warnings.push(issue(t.line, "applicants", "reach:warnings.morePupils", { applicants: t.sum, pupils, year: t.year }));
    }
  }

  const existing = await existingValues(db, kind);
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  for (const r of rows) {
    const before = existing.get(r.key);
    if (before === undefined) inserted++;
    else if (before.value !== r.value) updated++;
    else unchanged++;
  }
  errors.sort((a, b) => a.line - b.line);
  return {
    kind,
    fileName,
    sha256,
    encoding: parsed.encoding,
    delimiter: parsed.delimiter === "\t" ? "tab" : parsed.delimiter,
    mapping: parsed.mapping.map((m) => ({ field: m.field, header: m.header, letter: m.letter })),
    rowCount: parsed.rowCount,
    sample: parsed.rows.slice(0, 8).map((r) => ({
      line: r.line,
      cells: "grade" in r ? [r.municipality, r.schoolYear, r.grade, r.pupils] : [r.municipality, r.year, r.programme, r.applicants],
    })),
    errors,
    warnings,
    inserted,
    updated,
    unchanged,
    rows,
    existing,
  };
}

async function existingValues(db: DB, kind: StatisticsKind) {
  const map = new Map<string, { id: number; value: number }>();
  if (kind === "pupils") {
    for (const r of await db.selectFrom("pupil_count").select(["id", "municipality_id", "school_year", "grade", "pupils"]).execute())
      map.set(`${r.municipality_id}:${r.school_year}:${r.grade}`, { id: r.id, value: r.pupils });
  } else {
    for (const r of await db.selectFrom("applicant_count").select(["id", "municipality_id", "year", "programme_id", "applicants"]).execute())
      map.set(`${r.municipality_id}:${r.year}:${r.programme_id}`, { id: r.id, value: r.applicants });
  }
  return map;
}

export class ImportRefused extends Error {
  constructor(public readonly preview: ImportPreview) {
    super("reach:errors.importRefused");
  }
}

/**
 * Imports a checked file in one transaction: new rows inserted, changed rows updated (each with its
 * before and after in the audit log), the rest untouched. Refuses (ImportRefused, nothing written)
 * when the file has errors, or warnings that were not confirmed.
 */
export async function importStatistics(db: DB, input: { kind: StatisticsKind; bytes: Uint8Array; fileName: string; confirmWarnings: boolean }, actorUserId: number) {
  return db.transaction().execute(async (trx) => {
    const preview = await previewImport(trx, input.kind, input.bytes, input.fileName);
    if (preview.errors.length || (preview.warnings.length && !input.confirmWarnings)) throw new ImportRefused(withoutRows(preview));
    const record = await trx
      .insertInto("statistics_import")
      .values({
        kind: input.kind,
        file_name: input.fileName.slice(0, 200),
        sha256: preview.sha256,
        encoding: preview.encoding,
        row_count: preview.rowCount,
        inserted: preview.inserted,
        updated: preview.updated,
        unchanged: preview.unchanged,
        imported_by_user_id: actorUserId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // the preview ran in this transaction: its map of the existing rows is still true
    const existing = preview.existing;
    const now = nowIso();
    const fresh: Normalised[] = [];
    for (const r of preview.rows) {
      const before = existing.get(r.key);
      if (before === undefined) fresh.push(r);
      else if (before.value !== r.value) {
        if (input.kind === "pupils") await trx.updateTable("pupil_count").set({ pupils: r.value, import_id: record.id, updated_at: now }).where("id", "=", before.id).execute();
        else await trx.updateTable("applicant_count").set({ applicants: r.value, import_id: record.id, updated_at: now }).where("id", "=", before.id).execute();
        await audit(trx, {
          actorUserId,
          action: `statistics.${input.kind}.updated`,
          entityType: input.kind === "pupils" ? "pupil_count" : "applicant_count",
          entityId: before.id,
          before: { value: before.value },
          after: { value: r.value, line: r.line, import: record.id },
        });
      }
    }
    // multi-row inserts: 400 rows × 6 values stays far below SQLite's and PostgreSQL's parameter limits
    for (let i = 0; i < fresh.length; i += 400) {
      const batch = fresh.slice(i, i + 400);
      if (input.kind === "pupils")
        await trx
          .insertInto("pupil_count")
          .values(batch.map((r) => ({ municipality_id: r.municipalityId, school_year: r.year, grade: r.second, pupils: r.value, import_id: record.id, updated_at: now })))
          .execute();
      else
        await trx
          .insertInto("applicant_count")
          .values(batch.map((r) => ({ municipality_id: r.municipalityId, year: r.year, programme_id: r.second, applicants: r.value, import_id: record.id, updated_at: now })))
          .execute();
    }
    await audit(trx, {
      actorUserId,
      action: `statistics.${input.kind}.imported`,
      entityType: "statistics_import",
      entityId: record.id,
      after: { file: input.fileName, sha256: preview.sha256, inserted: preview.inserted, updated: preview.updated, unchanged: preview.unchanged },
    });
    forgetPublicImpact();
    return { id: record.id, ...withoutRows(preview) };
  });
}

export const withoutRows = ({ rows: _rows, existing: _existing, ...preview }: ImportPreview & { rows?: Normalised[]; existing?: unknown }): ImportPreview => preview;

// ---------------------------------------------------------------- the file between preview and import

const importsDir = () => path.join(getEnv().DATA_DIR, "imports");
const TOKEN = /^[a-f0-9]{32}$/;

/** Keeps an uploaded file until it is imported (or a day has passed); returns its token. */
export function keepUpload(bytes: Uint8Array) {
  fs.mkdirSync(importsDir(), { recursive: true });
  const now = Date.now();
  for (const name of fs.readdirSync(importsDir())) {
    const file = path.join(importsDir(), name);
    if (now - fs.statSync(file).mtimeMs > 24 * 3600 * 1000) fs.rmSync(file, { force: true });
  }
  const token = crypto.randomBytes(16).toString("hex");
  fs.writeFileSync(path.join(importsDir(), token), bytes);
  return token;
}

export function readUpload(token: string): Uint8Array | null {
  if (!TOKEN.test(token)) return null;
  const file = path.join(importsDir(), token);
  return fs.existsSync(file) ? fs.readFileSync(file) : null;
}

export function forgetUpload(token: string) {
  if (TOKEN.test(token)) fs.rmSync(path.join(importsDir(), token), { force: true });
}

export type PreviewResult = { preview?: ImportPreview; token?: string; errors?: Record<string, string> };

/** Step 1 of an import, from the upload form: the preview, and a token for the file when it can be imported. */
export async function previewUpload(request: Request): Promise<{ status: number; result: PreviewResult }> {
  const read = await readMultipart(request, IMPORT_MAX_BYTES);
  if (!read.ok) return { status: 400, result: { errors: { file: read.reason === "too_large" ? "reach:errors.tooLarge" : "reach:errors.noFile" } } };
  const kind = read.form.get("kind");
  if (kind !== "pupils" && kind !== "applicants") return { status: 400, result: { errors: { kind: "errors.choose" } } };
  const file = read.form.get("file");
  const bytes = await fileBytes(file);
  if (!bytes || !bytes.length) return { status: 400, result: { errors: { file: "reach:errors.noFile" } } };
  const fileName = typeof file === "object" && file && "name" in file ? String(file.name).slice(0, 200) : "fil.csv";
  const preview = withoutRows(await previewImport(appDb, kind, bytes, fileName));
  return { status: preview.errors.length ? 400 : 200, result: { preview, token: preview.errors.length ? undefined : keepUpload(bytes) } };
}
