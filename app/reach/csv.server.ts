/**
 * Statistics files as Swedish offices hand them out: Excel "CSV (semikolonavgränsad)" exports, the
 * odd comma or tab file, in UTF-8 (with or without BOM) or Windows-1252. Two kinds:
 *
 * - pupil counts: municipality, school year, grade, number of pupils;
 * - applicants: municipality, year, programme, number of (first-choice) applicants.
 *
 * The CSV syntax is csv-parse's; this module decodes the bytes, finds the delimiter and the columns,
 * checks every cell and reports every problem of the file with its physical line, the header text
 * and the Excel column letter. Rows are mapped as csv-parse yields them (no array of records in
 * between), so a 300,000-row file stays cheap.
 *
 * Error keys (namespace "reach"): errors.encoding, errors.empty, errors.syntax, errors.header,
 * errors.columns, errors.required, errors.schoolYear, errors.grade, errors.year, errors.number,
 * errors.notInteger, errors.negative, errors.suppressed.
 */
import { parse } from "csv-parse/sync";

export type StatisticsKind = "pupils" | "applicants";

export interface CsvIssue {
  line: number;
  column: string | null;
  columnLetter: string | null;
  key: string;
  params?: Record<string, string | number>;
}

export interface PupilRow {
  line: number;
  municipality: string;
  schoolYear: number;
  grade: number;
  pupils: number;
}

export interface ApplicantRow {
  line: number;
  municipality: string;
  year: number;
  programme: string;
  applicants: number;
}

export interface ParsedStatistics<R> {
  kind: StatisticsKind;
  encoding: "utf-8" | "utf-8-bom" | "windows-1252";
  delimiter: ";" | "," | "\t";
  /** The header row as written in the file (trimmed). */
  headers: string[];
  /** Which column each field was read from. */
  mapping: { field: string; header: string; index: number; letter: string }[];
  /** Only rows without errors. */
  rows: R[];
  /** Data rows in the file (blank lines not counted). */
  rowCount: number;
  errors: CsvIssue[];
}

type Encoding = ParsedStatistics<unknown>["encoding"];
type Delimiter = ParsedStatistics<unknown>["delimiter"];

// ---------------------------------------------------------------------------------------------
// Numbers

const NUMBER = /^([-\u2212]?)(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:,(\d+))?$/;

/**
 * "1 234", "1 234" (U+00A0 or U+202F as thousands separators), "1234" → 1234. A decimal comma
 * ("12,5" → 12.5) and a minus ("-3", "−3" with U+2212 → -3) are recognised so the caller can refuse
 * them. Anything else ("1.5", "12 34", "fem", "") → null.
 */
export function parseSwedishNumber(text: string): number | null {
  const match = NUMBER.exec(text.trim());
  if (!match) return null;
  const digits = match[2].replace(/\D/g, "");
  const value = Number(match[3] === undefined ? digits : `${digits}.${match[3]}`);
  return match[1] && value !== 0 ? -value : value;
}

// ---------------------------------------------------------------------------------------------
// Bytes → text

/**
 * Windows-1252 for 0x80–0x9F. Node 20.18.3+/22.13+ decode "windows-1252" as Latin-1 there
 * (nodejs/node#60888), which turns "2025–26" (0x96) into a C1 control character; map them back.
 * The five bytes Windows-1252 leaves undefined stay as they are, as the WHATWG decoder has them.
 */
const CP1252_C1: Record<string, string> = {
  "\x80": "\u20ac", "\x82": "\u201a", "\x83": "\u0192", "\x84": "\u201e", "\x85": "\u2026",
  "\x86": "\u2020", "\x87": "\u2021", "\x88": "\u02c6", "\x89": "\u2030", "\x8a": "\u0160",
  "\x8b": "\u2039", "\x8c": "\u0152", "\x8e": "\u017d", "\x91": "\u2018", "\x92": "\u2019",
  "\x93": "\u201c", "\x94": "\u201d", "\x95": "\u2022", "\x96": "\u2013", "\x97": "\u2014",
  "\x98": "\u02dc", "\x99": "\u2122", "\x9a": "\u0161", "\x9b": "\u203a", "\x9c": "\u0153",
  "\x9e": "\u017e", "\x9f": "\u0178",
};

function decodeWindows1252(bytes: Uint8Array): string {
  const text = new TextDecoder("windows-1252").decode(bytes);
  return /[\x80-\x9f]/.test(text) ? text.replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c] ?? c) : text;
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** UTF-16 (by BOM) or NUL bytes: not a text file we can read. */
function isUnreadable(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  return bytes.indexOf(0) !== -1;
}

function decode(bytes: Uint8Array, stream = false): { text: string; encoding: Encoding } {
  const bom = hasUtf8Bom(bytes);
  try {
    // The UTF-8 decoder drops the BOM itself (ignoreBOM is false).
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream });
    return { text, encoding: bom ? "utf-8-bom" : "utf-8" };
  } catch {
    return { text: decodeWindows1252(bom ? bytes.subarray(3) : bytes), encoding: "windows-1252" };
  }
}

/** The header line: the first line with more than blanks, delimiters and quotes on it (Excel writes ";;;" for empty rows). */
function headerLine(text: string): string | undefined {
  return /[^\r\n]*[^\s;,"][^\r\n]*/.exec(text)?.[0];
}

/**
 * Encoding, delimiter and what to hand csv-parse: valid UTF-8 as the bytes themselves (no copy, and
 * the decoded text is not kept), Windows-1252 as the decoded text.
 */
function prepare(bytes: Uint8Array): { encoding: Encoding; delimiter: Delimiter; input: string | Buffer } {
  const { text, encoding } = decode(bytes);
  const delimiter = detectDelimiter(text);
  if (encoding === "windows-1252") return { encoding, delimiter, input: text };
  const skip = encoding === "utf-8-bom" ? 3 : 0;
  return { encoding, delimiter, input: Buffer.from(bytes.buffer, bytes.byteOffset + skip, bytes.length - skip) };
}

/** From the header line: ";" (Swedish Excel) if present, else tab, else ",". */
function detectDelimiter(text: string): Delimiter {
  const line = headerLine(text) ?? /[^\r\n]*\S[^\r\n]*/.exec(text)?.[0] ?? "";
  if (line.includes(";")) return ";";
  if (line.includes("\t")) return "\t";
  return ",";
}

// ---------------------------------------------------------------------------------------------
// Headers

/** Case-, space- and diacritics-insensitive form of a header ("Läsår" → "lasar"). */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s_.\-]+/g, "");
}

interface FieldSpec {
  field: string;
  /** In order of preference: when two columns match, the one with the earlier synonym wins. */
  synonyms: string[];
}

const MUNICIPALITY: FieldSpec = { field: "municipality", synonyms: ["kommunkod", "kommun kod", "kommun", "kommunnamn"] };

const PUPIL_FIELDS: FieldSpec[] = [
  MUNICIPALITY,
  { field: "schoolYear", synonyms: ["läsår", "lasar", "skolår"] },
  { field: "grade", synonyms: ["årskurs", "åk", "arskurs"] },
  { field: "pupils", synonyms: ["antal elever", "elever", "antal"] },
];

const APPLICANT_FIELDS: FieldSpec[] = [
  MUNICIPALITY,
  { field: "year", synonyms: ["år", "ar", "antagningsår", "läsår"] },
  { field: "programme", synonyms: ["program", "programkod", "nationellt program"] },
  {
    field: "applicants",
    synonyms: ["förstahandssökande", "sökande i första hand", "första hand", "antal sökande", "antal"],
  },
];

/** Headers only one kind of file has, to tell the kinds apart when neither header is complete. */
const PUPIL_ONLY = new Set(["årskurs", "åk", "arskurs", "antal elever", "elever"].map(fold));
const APPLICANT_ONLY = new Set(
  ["program", "programkod", "nationellt program", "antagningsår", "förstahandssökande", "sökande i första hand", "första hand", "antal sökande"].map(fold),
);

type Mapping = ParsedStatistics<unknown>["mapping"];

function mapHeaders(headers: string[], fields: FieldSpec[]): { mapping: Mapping; missing: string[] } {
  const folded = headers.map(fold);
  const used = new Set<number>();
  const mapping: Mapping = [];
  const missing: string[] = [];
  for (const spec of fields) {
    let index = -1;
    for (const synonym of spec.synonyms) {
      const wanted = fold(synonym);
      index = folded.findIndex((h, i) => h === wanted && !used.has(i));
      if (index !== -1) break;
    }
    if (index === -1) {
      missing.push(spec.field);
      continue;
    }
    used.add(index);
    mapping.push({ field: spec.field, header: headers[index], index, letter: columnLetter(index) });
  }
  return { mapping, missing };
}

/** 0 → "A", 25 → "Z", 26 → "AA", as Excel names columns. */
function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

// ---------------------------------------------------------------------------------------------
// Cells. Each returns the value or an error (key and params); the caller adds line and column.

type Cell<T> = { value: T } | { key: string; params?: Record<string, string | number> };

const REQUIRED = { key: "reach:errors.required" } as const;

/** "0484 Eskilstuna" and "0484" → "0484"; "484" (Excel dropped the zero) → "0484"; a name as written. */
function municipalityCell(raw: string): Cell<string> {
  const text = raw.trim();
  if (!text) return REQUIRED;
  const code = /^(\d{3,4})(?!\d)/.exec(text);
  if (code) return { value: code[1].padStart(4, "0") };
  return { value: text };
}

const SCHOOL_YEAR = /^(\d{4})\s*[/\-\u2010-\u2015\u2212]\s*(\d{2}|\d{4})$/;

/** "2025/26", "2025/2026", "2025-26", "2025–26" → [2025, 2026]; null if not a school year. */
function schoolYearSpan(text: string): [number, number] | null {
  const match = SCHOOL_YEAR.exec(text);
  if (!match) return null;
  const first = Number(match[1]);
  const second = match[2].length === 2 ? (first + 1) % 100 === Number(match[2]) ? first + 1 : -1 : Number(match[2]);
  return second === first + 1 ? [first, second] : null;
}

/** The school year by the year it ends in (it runs 1 July–30 June): "2025/26" → 2026. */
function schoolYearCell(raw: string): Cell<number> {
  const text = raw.trim();
  if (!text) return REQUIRED;
  const span = schoolYearSpan(text);
  return span && span[1] >= 2000 && span[1] <= 2100 ? { value: span[1] } : { key: "reach:errors.schoolYear", params: { value: text } };
}

/** Year of application: "2025" or "2025/26" → 2025. */
function yearCell(raw: string): Cell<number> {
  const text = raw.trim();
  if (!text) return REQUIRED;
  if (/^\d{4}$/.test(text)) {
    const year = Number(text);
    if (year >= 2000 && year <= 2100) return { value: year };
  } else {
    const span = schoolYearSpan(text);
    if (span && span[0] >= 2000 && span[0] <= 2100) return { value: span[0] };
  }
  return { key: "reach:errors.year", params: { value: text } };
}

/** 0–9: "5", "åk 5", "Åk 5", "årskurs 5"; "F", "FK", "förskoleklass" → 0. */
function gradeCell(raw: string): Cell<number> {
  const text = raw.trim();
  if (!text) return REQUIRED;
  const folded = fold(text).replace(/^(arskurs|ak)/, "");
  if (/^\d$/.test(folded)) return { value: Number(folded) };
  if (folded === "f" || folded === "fk" || folded === "forskoleklass") return { value: 0 };
  return { key: "reach:errors.grade", params: { value: text } };
}

/** A two-letter code upper-cased ("in" → "IN"); a name as written. */
function programmeCell(raw: string): Cell<string> {
  const text = raw.trim();
  if (!text) return REQUIRED;
  return { value: /^\p{L}{2}$/u.test(text) ? text.toUpperCase() : text };
}

/** SCB's and Skolverket's marks for suppressed or missing figures. */
const SUPPRESSED = new Set(["..", "...", "\u2026", ".", "-", "\u2013", "\u2014"]);

function countCell(raw: string): Cell<number> {
  const text = raw.trim();
  if (!text) return REQUIRED;
  if (SUPPRESSED.has(text)) return { key: "reach:errors.suppressed", params: { value: text } };
  const value = parseSwedishNumber(text);
  if (value === null) return { key: "reach:errors.number", params: { value: text } };
  if (value < 0) return { key: "reach:errors.negative", params: { value: text } };
  if (!Number.isInteger(value)) return { key: "reach:errors.notInteger", params: { value: text } };
  return { value };
}

// ---------------------------------------------------------------------------------------------
// The file

/**
 * Builds a row from the cells; `read` checks one cell (recording its error, if any) and `columns` are
 * the column indexes of the fields, in the order they are declared. The row is dropped if any cell
 * had an error, so the undefined values of failed cells never leave this module.
 */
type RowBuilder<R> = (
  line: number,
  read: <T>(index: number, cell: (raw: string) => Cell<T>) => T | undefined,
  columns: number[],
) => R;

/** Line breaks inside a record's (quoted) fields; "\r\n" is one. */
function lineBreaks(record: string[]): number {
  let breaks = 0;
  for (const field of record) {
    if (field.indexOf("\n") === -1 && field.indexOf("\r") === -1) continue;
    const matches = field.match(/\r\n|\r|\n/g);
    breaks += matches ? matches.length : 0;
  }
  return breaks;
}

function isBlank(record: string[]): boolean {
  for (const field of record) if (field.trim() !== "") return false;
  return true;
}

function issue(line: number, key: string, params?: Record<string, string | number>): CsvIssue {
  return params ? { line, column: null, columnLetter: null, key, params } : { line, column: null, columnLetter: null, key };
}

interface CsvSyntaxError {
  code: string;
  column?: unknown;
}

/** csv-parse's CsvError (code "CSV_QUOTE_NOT_CLOSED", "INVALID_OPENING_QUOTE", …; column = field index). */
function isCsvError(error: unknown): error is CsvSyntaxError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string";
}

/** Thrown from on_record to stop csv-parse once the header is known to be wrong. */
class AbortParse extends Error {}

/** Distinct values remembered per column (counts vary more than the rest). */
const CACHE_LIMIT = 10_000;

function parseStatistics<R>(bytes: Uint8Array, kind: StatisticsKind, fields: FieldSpec[], build: RowBuilder<R>): ParsedStatistics<R> {
  const result: ParsedStatistics<R> = {
    kind,
    encoding: "utf-8",
    delimiter: ";",
    headers: [],
    mapping: [],
    rows: [],
    rowCount: 0,
    errors: [],
  };
  if (isUnreadable(bytes)) {
    result.errors.push(issue(1, "reach:errors.encoding"));
    return result;
  }
  const { encoding, delimiter, input } = prepare(bytes);
  result.encoding = encoding;
  result.delimiter = delimiter;

  const { errors, rows } = result;
  let headers: string[] | null = null;
  let headerAt = 1;
  /** Physical line the next record starts on. Counted here: csv-parse's info.lines counts a quoted "\r\n" twice. */
  let nextLine = 1;
  let line = 1;
  // Per row: errors of this row, sorted by column when there are several.
  let rowErrors: { index: number; issue: CsvIssue }[] = [];
  let cells: string[] = [];
  let columns: number[] = [];

  // Most columns repeat a handful of values (municipalities, years, grades): check each once.
  const caches = new Map<(raw: string) => Cell<unknown>, Map<string, Cell<unknown>>>();
  const read = <T>(index: number, cell: (raw: string) => Cell<T>): T | undefined => {
    const raw = cells[index];
    let cache = caches.get(cell) as Map<string, Cell<T>> | undefined;
    if (cache === undefined) caches.set(cell, (cache = new Map()));
    let parsed = cache.get(raw);
    if (parsed === undefined) {
      parsed = cell(raw);
      if (cache.size < CACHE_LIMIT) cache.set(raw, parsed);
    }
    if ("value" in parsed) return parsed.value;
    const found: CsvIssue = { line, column: headers![index], columnLetter: columnLetter(index), key: parsed.key };
    if (parsed.params) found.params = { ...parsed.params };
    rowErrors.push({ index, issue: found });
    return undefined;
  };

  const onRecord = (record: string[]): null => {
    line = nextLine;
    nextLine += 1 + lineBreaks(record);
    if (isBlank(record)) return null;
    if (headers === null) {
      headers = record.map((h) => h.trim());
      headerAt = line;
      result.headers = headers;
      const { mapping, missing } = mapHeaders(headers, fields);
      result.mapping = mapping;
      columns = mapping.map((m) => m.index);
      if (missing.length > 0) {
        errors.push(issue(line, "reach:errors.header", { missing: missing.join(", ") }));
        throw new AbortParse();
      }
      return null;
    }
    result.rowCount++;
    if (record.length !== headers.length) {
      errors.push(issue(line, "reach:errors.columns", { expected: headers.length, found: record.length }));
      return null;
    }
    cells = record;
    const row = build(line, read, columns);
    if (rowErrors.length === 0) {
      rows.push(row);
    } else {
      if (rowErrors.length > 1) rowErrors.sort((a, b) => a.index - b.index);
      for (const e of rowErrors) errors.push(e.issue);
      rowErrors = [];
    }
    return null;
  };

  try {
    parse(input, {
      delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      bom: false,
      relax_column_count: true, // checked here, to report every row and go on
      skip_empty_lines: false, // blank lines come through as [""], so every physical line is counted
      on_record: onRecord,
    });
  } catch (error) {
    if (error instanceof AbortParse) return result;
    if (!isCsvError(error)) throw error;
    // A broken quote: csv-parse cannot go on reliably, so report where the record starts and stop.
    const index = typeof error.column === "number" ? error.column : null;
    const atHeader = headers === null;
    errors.push({
      line: nextLine,
      column: index !== null && !atHeader ? (headers![index] ?? null) : null,
      columnLetter: index !== null ? columnLetter(index) : null,
      key: "reach:errors.syntax",
    });
    return result;
  }

  if (headers === null || result.rowCount === 0) {
    errors.push(issue(headers === null ? 1 : headerAt, "reach:errors.empty"));
  }
  return result;
}

export function parsePupilCounts(bytes: Uint8Array): ParsedStatistics<PupilRow> {
  return parseStatistics<PupilRow>(bytes, "pupils", PUPIL_FIELDS, (line, read, [m, s, g, p]) => ({
    line,
    municipality: read(m, municipalityCell)!,
    schoolYear: read(s, schoolYearCell)!,
    grade: read(g, gradeCell)!,
    pupils: read(p, countCell)!,
  }));
}

export function parseApplicants(bytes: Uint8Array): ParsedStatistics<ApplicantRow> {
  return parseStatistics<ApplicantRow>(bytes, "applicants", APPLICANT_FIELDS, (line, read, [m, y, p, a]) => ({
    line,
    municipality: read(m, municipalityCell)!,
    year: read(y, yearCell)!,
    programme: read(p, programmeCell)!,
    applicants: read(a, countCell)!,
  }));
}

/** The kind of file, from its header row; null when the header fits neither. */
export function detectKind(bytes: Uint8Array): StatisticsKind | null {
  if (isUnreadable(bytes)) return null;
  // The header is near the top: decode a prefix only.
  const { text } = decode(bytes.subarray(0, 65536), true);
  const delimiter = detectDelimiter(text);
  const line = headerLine(text);
  if (line === undefined) return null;
  let headers: string[];
  try {
    headers = (parse(line, { delimiter, relax_quotes: true, relax_column_count: true, bom: false })[0] ?? []).map((h) => h.trim());
  } catch {
    return null;
  }
  const pupils = mapHeaders(headers, PUPIL_FIELDS).missing.length === 0;
  const applicants = mapHeaders(headers, APPLICANT_FIELDS).missing.length === 0;
  if (pupils !== applicants) return pupils ? "pupils" : "applicants";
  const folded = headers.map(fold);
  const pupilHits = folded.filter((h) => PUPIL_ONLY.has(h)).length;
  const applicantHits = folded.filter((h) => APPLICANT_ONLY.has(h)).length;
  if (pupilHits > applicantHits) return "pupils";
  if (applicantHits > pupilHits) return "applicants";
  return null;
}
