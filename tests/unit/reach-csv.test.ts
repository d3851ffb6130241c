/**
 * Statistics files as offices hand them out: pupil counts and applicants, exported from Excel with
 * semicolons, commas or tabs, in UTF-8 (with or without BOM) or Windows-1252. Each fixture in
 * tests/fixtures/statistics gives exactly the rows a reader sees in it; each mistake is reported
 * with the line a text editor shows, the header and the Excel column letter; UTF-16 and empty files
 * are refused; a 300,000-row file goes through whole.
 */
import fs from "node:fs";
import path from "node:path";
import {
  type CsvIssue,
  detectKind,
  parseApplicants,
  parsePupilCounts,
  parseSwedishNumber,
} from "~/reach/csv.server";

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.resolve("tests/fixtures/statistics", name)));
const utf8 = (text: string) => new TextEncoder().encode(text);
const NBSP = "\u00a0";

/** An error as the user reads it: line, column and key (params where they matter). */
const err = (line: number, column: string | null, columnLetter: string | null, key: string, params?: Record<string, string | number>): CsvIssue =>
  params ? { line, column, columnLetter, key: `reach:errors.${key}`, params } : { line, column, columnLetter, key: `reach:errors.${key}` };

const PUPIL_MAPPING = [
  { field: "municipality", header: "Kommun", index: 0, letter: "A" },
  { field: "schoolYear", header: "Läsår", index: 1, letter: "B" },
  { field: "grade", header: "Årskurs", index: 2, letter: "C" },
  { field: "pupils", header: "Antal elever", index: 3, letter: "D" },
];

describe("pupil counts", () => {
  it("reads Excel's UTF-8 export with BOM: codes from '0484 Eskilstuna', nbsp thousands, every grade spelling", () => {
    const parsed = parsePupilCounts(fixture("elever-utf8-bom.csv"));
    expect(parsed).toMatchObject({ kind: "pupils", encoding: "utf-8-bom", delimiter: ";", errors: [] });
    // The BOM is not part of the first header.
    expect(parsed.headers).toEqual(["Kommun", "Läsår", "Årskurs", "Antal elever"]);
    expect(parsed.mapping).toEqual(PUPIL_MAPPING);
    // Line 6 is blank and line 9 is Excel's ";;;" for an empty row: both skipped, the lines still counted.
    expect(parsed.rows).toEqual([
      { line: 2, municipality: "0484", schoolYear: 2026, grade: 0, pupils: 1234 },
      { line: 3, municipality: "0484", schoolYear: 2026, grade: 1, pupils: 1198 },
      { line: 4, municipality: "0486", schoolYear: 2026, grade: 9, pupils: 412 },
      { line: 5, municipality: "0488", schoolYear: 2026, grade: 5, pupils: 156 },
      { line: 7, municipality: "0482", schoolYear: 2026, grade: 7, pupils: 98 },
      { line: 8, municipality: "0428", schoolYear: 2026, grade: 0, pupils: 87 },
    ]);
    expect(parsed.rowCount).toBe(6);
  });

  it("reads Swedish Excel's semicolon export in Windows-1252, en dash '2025–26' included", () => {
    const bytes = fixture("elever-windows-1252.csv");
    // The file really is Windows-1252: "ä" is the single byte E4, "–" is 96, the nbsp A0.
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    expect([...bytes.subarray(0, 10)]).toEqual([...Buffer.from("Kommun;L\xe4s", "latin1")]);
    expect(bytes.includes(0x96)).toBe(true);

    const parsed = parsePupilCounts(bytes);
    expect(parsed).toMatchObject({ kind: "pupils", encoding: "windows-1252", delimiter: ";", errors: [] });
    expect(parsed.headers).toEqual(["Kommun", "Läsår", "Årskurs", "Antal elever"]);
    expect(parsed.mapping).toEqual(PUPIL_MAPPING);
    expect(parsed.rows).toEqual([
      { line: 2, municipality: "Strängnäs", schoolYear: 2026, grade: 4, pupils: 398 },
      { line: 3, municipality: "Strängnäs", schoolYear: 2026, grade: 5, pupils: 401 },
      { line: 4, municipality: "Nyköping", schoolYear: 2026, grade: 0, pupils: 512 },
      { line: 5, municipality: "Katrineholm", schoolYear: 2026, grade: 7, pupils: 1020 },
      { line: 6, municipality: "Vingåker", schoolYear: 2026, grade: 8, pupils: 96 },
    ]);
    expect(parsed.rowCount).toBe(5);
  });

  it("reads a quoted comma file: commas, quotes and a line break inside fields, the extra column ignored", () => {
    const parsed = parsePupilCounts(fixture("elever-komma.csv"));
    expect(parsed).toMatchObject({ kind: "pupils", encoding: "utf-8", delimiter: "," });
    expect(parsed.headers).toEqual(["Kommun", "Läsår", "Årskurs", "Antal elever", "Kommentar"]);
    expect(parsed.mapping).toEqual(PUPIL_MAPPING);
    expect(parsed.rows).toEqual([
      { line: 2, municipality: "0480", schoolYear: 2026, grade: 3, pupils: 1045 },
      { line: 3, municipality: "0481", schoolYear: 2026, grade: 3, pupils: 120 },
      { line: 6, municipality: "0461", schoolYear: 2026, grade: 4, pupils: 98 },
    ]);
    // Oxelösund's comment spans lines 3–4, so Gnesta's "12,5" (a quoted decimal comma) is on line 5.
    expect(parsed.errors).toEqual([err(5, "Antal elever", "D", "notInteger", { value: "12,5" })]);
    expect(parsed.rowCount).toBe(4);
  });

  it("reads a tab-separated file with short headers and narrow nbsp thousands", () => {
    const parsed = parsePupilCounts(fixture("elever-tab.txt"));
    expect(parsed).toMatchObject({ kind: "pupils", encoding: "utf-8", delimiter: "\t", errors: [] });
    expect(parsed.mapping.map((m) => [m.field, m.header, m.letter])).toEqual([
      ["municipality", "Kommunkod", "A"],
      ["schoolYear", "Läsår", "B"],
      ["grade", "Åk", "C"],
      ["pupils", "Elever", "D"],
    ]);
    expect(parsed.rows).toEqual([
      { line: 2, municipality: "0483", schoolYear: 2026, grade: 1, pupils: 389 },
      { line: 3, municipality: "0483", schoolYear: 2026, grade: 2, pupils: 402 },
      { line: 4, municipality: "0484", schoolYear: 2026, grade: 3, pupils: 1301 },
    ]);
  });

  it("accepts every spelling of school year and grade the brief lists, and refuses the rest", () => {
    const lines = [
      "Kommun;Läsår;Årskurs;Antal elever",
      "0484;2025/26;5;1", // 2
      "0484;2025/2026;åk 5;1", // 3
      "0484;2025-26;Åk 5;1", // 4
      "0484;2025–26;årskurs 5;1", // 5
      "0484;2025/26;F;1", // 6
      "0484;2025/26;FK;1", // 7
      "0484;2025/26;Förskoleklass;1", // 8
      "0484;2025/27;10;1", // 9: second year not the next; no grade 10
      "0484;2026;gymnasiet;1", // 10: a plain year is not a school year
      "0484;2025/2025;åk 10;1", // 11
    ];
    const parsed = parsePupilCounts(utf8(lines.join("\n")));
    expect(parsed.rows.map((r) => [r.line, r.schoolYear, r.grade])).toEqual([
      [2, 2026, 5],
      [3, 2026, 5],
      [4, 2026, 5],
      [5, 2026, 5],
      [6, 2026, 0],
      [7, 2026, 0],
      [8, 2026, 0],
    ]);
    expect(parsed.errors).toEqual([
      err(9, "Läsår", "B", "schoolYear", { value: "2025/27" }),
      err(9, "Årskurs", "C", "grade", { value: "10" }),
      err(10, "Läsår", "B", "schoolYear", { value: "2026" }),
      err(10, "Årskurs", "C", "grade", { value: "gymnasiet" }),
      err(11, "Läsår", "B", "schoolYear", { value: "2025/2025" }),
      err(11, "Årskurs", "C", "grade", { value: "åk 10" }),
    ]);
  });

  it("keeps the municipality code, or the name as written; Excel's dropped leading zero is restored", () => {
    const parsed = parsePupilCounts(
      utf8(["Kommun;Läsår;Årskurs;Antal elever", "0484 Eskilstuna;2025/26;1;1", "0484;2025/26;1;1", ` Eskilstuna${NBSP};2025/26;1;1`, "484;2025/26;1;1", "486 Strängnäs;2025/26;1;1", `${NBSP};2025/26;1;1`].join("\r\n")),
    );
    expect(parsed.rows.map((r) => r.municipality)).toEqual(["0484", "0484", "Eskilstuna", "0484", "0486"]);
    expect(parsed.errors).toEqual([err(7, "Kommun", "A", "required")]);
  });
});

describe("applicants", () => {
  it("reads first-choice applicants per programme, preferring 'Förstahandssökande' to 'Antal sökande'", () => {
    const parsed = parseApplicants(fixture("sokande-utf8.csv"));
    expect(parsed).toMatchObject({ kind: "applicants", encoding: "utf-8", delimiter: ";", errors: [] });
    expect(parsed.headers).toEqual(["Kommun", "Antagningsår", "Program", "Förstahandssökande", "Antal sökande"]);
    expect(parsed.mapping).toEqual([
      { field: "municipality", header: "Kommun", index: 0, letter: "A" },
      { field: "year", header: "Antagningsår", index: 1, letter: "B" },
      { field: "programme", header: "Program", index: 2, letter: "C" },
      { field: "applicants", header: "Förstahandssökande", index: 3, letter: "D" },
    ]);
    expect(parsed.rows).toEqual([
      { line: 2, municipality: "0484", year: 2025, programme: "IN", applicants: 45 },
      { line: 3, municipality: "0484", year: 2025, programme: "TE", applicants: 88 },
      { line: 4, municipality: "0484", year: 2025, programme: "EE", applicants: 61 },
      { line: 5, municipality: "0486", year: 2025, programme: "FT", applicants: 22 },
      { line: 6, municipality: "0486", year: 2025, programme: "BA", applicants: 30 },
      // "2025/26" is the spring of application, 2025.
      { line: 7, municipality: "0480", year: 2025, programme: "VF", applicants: 17 },
      { line: 8, municipality: "0480", year: 2025, programme: "NA", applicants: 140 },
      { line: 9, municipality: "0480", year: 2025, programme: "SA", applicants: 1012 },
      { line: 10, municipality: "0483", year: 2025, programme: "Vård- och omsorgsprogrammet", applicants: 25 },
      { line: 11, municipality: "0482", year: 2025, programme: "IN", applicants: 12 },
    ]);
    expect(parsed.rowCount).toBe(10);
  });

  it("reports every mistake of the file with its line, header and column letter, and keeps the good rows", () => {
    const parsed = parseApplicants(fixture("sokande-fel.csv"));
    expect(parsed.errors).toEqual([
      err(3, "Förstahandssökande", "D", "negative", { value: "-3" }),
      err(4, "Förstahandssökande", "D", "notInteger", { value: "12,5" }),
      err(5, "År", "B", "year", { value: "25" }),
      err(6, "Förstahandssökande", "D", "required"),
      err(7, null, null, "columns", { expected: 4, found: 3 }),
      err(8, "Förstahandssökande", "D", "suppressed", { value: ".." }),
      err(9, "Kommun", "A", "required"),
      err(10, "Förstahandssökande", "D", "number", { value: "fem" }),
      // line 11 is blank; line 12 has two mistakes, reported left to right
      err(12, "År", "B", "year", { value: "20255" }),
      err(12, "Förstahandssökande", "D", "negative", { value: "−7" }),
    ]);
    expect(parsed.rows).toEqual([
      { line: 2, municipality: "0484", year: 2025, programme: "IN", applicants: 45 },
      { line: 13, municipality: "0486", year: 2025, programme: "NA", applicants: 33 },
    ]);
    expect(parsed.rowCount).toBe(11);
  });

  it("takes years 2000–2100 and 'YYYY/YY'; upper-cases two-letter codes only", () => {
    const parsed = parseApplicants(
      utf8(["Kommun;År;Program;Antal", "0484;2000;na;1", "0484;2100/01;Ekonomiprogrammet;1", "0484;1999;NA;1", "0484;2101;NA;1", "0484;2025/27;NA;1", "0484;2025;imv;1", "0484;2025;;1"].join("\n")),
    );
    expect(parsed.rows.map((r) => [r.year, r.programme])).toEqual([
      [2000, "NA"],
      [2100, "Ekonomiprogrammet"],
      [2025, "imv"],
    ]);
    expect(parsed.errors).toEqual([
      err(4, "År", "B", "year", { value: "1999" }),
      err(5, "År", "B", "year", { value: "2101" }),
      err(6, "År", "B", "year", { value: "2025/27" }),
      err(8, "Program", "C", "required"),
    ]);
  });

  it("refuses SCB's suppression marks and other non-counts in the count column; '12,0' is 12", () => {
    const cells = ["..", "-", "7,25", "1.5", "12 34", "+3", "−0,5", "x", "12,0"];
    const parsed = parseApplicants(utf8(["Kommun;År;Program;Förstahandssökande", ...cells.map((c) => `0484;2025;NA;${c}`)].join("\n")));
    expect(parsed.rows).toEqual([{ line: 10, municipality: "0484", year: 2025, programme: "NA", applicants: 12 }]);
    expect(parsed.errors.map((e) => [e.line, e.key.replace("reach:errors.", ""), e.params?.value])).toEqual([
      [2, "suppressed", ".."],
      [3, "suppressed", "-"],
      [4, "notInteger", "7,25"],
      [5, "number", "1.5"],
      [6, "number", "12 34"],
      [7, "number", "+3"],
      [8, "negative", "−0,5"],
      [9, "number", "x"],
    ]);
  });
});

describe("headers", () => {
  it("match case-, space- and diacritics-insensitively and by synonym, extra columns listed but not mapped", () => {
    const parsed = parsePupilCounts(utf8(["Id;KOMMUN KOD;lasar;ARSKURS;Antal  elever;Skola", "1;0484;2025/26;5;10;Skiftinge"].join("\n")));
    expect(parsed.headers).toEqual(["Id", "KOMMUN KOD", "lasar", "ARSKURS", "Antal  elever", "Skola"]);
    expect(parsed.mapping.map((m) => [m.field, m.header, m.letter])).toEqual([
      ["municipality", "KOMMUN KOD", "B"],
      ["schoolYear", "lasar", "C"],
      ["grade", "ARSKURS", "D"],
      ["pupils", "Antal  elever", "E"],
    ]);
    expect(parsed.rows).toEqual([{ line: 2, municipality: "0484", schoolYear: 2026, grade: 5, pupils: 10 }]);
  });

  it("a missing field gives one error naming the fields, nothing else", () => {
    const parsed = parsePupilCounts(utf8(["Kommun;Antal elever;Skola", "0484;-5;x", "bad;row"].join("\n")));
    expect(parsed.errors).toEqual([err(1, null, null, "header", { missing: "schoolYear, grade" })]);
    expect(parsed.rows).toEqual([]);
    // An applicants file handed to the pupil parser says what is missing.
    expect(parsePupilCounts(fixture("sokande-utf8.csv")).errors).toEqual([err(1, null, null, "header", { missing: "schoolYear, grade, pupils" })]);
  });

  it("columns after Z are named AA, AB … as in Excel", () => {
    const extra = Array.from({ length: 26 }, (_, i) => `Extra ${i + 1}`);
    const header = ["Kommun", "Läsår", ...extra, "Årskurs", "Antal elever"].join(";");
    const row = (grade: string, count: string) => ["0484", "2025/26", ...extra.map(() => ""), grade, count].join(";");
    const parsed = parsePupilCounts(utf8([header, row("5", "10"), row("11", "-1")].join("\n")));
    expect(parsed.mapping.map((m) => m.letter)).toEqual(["A", "B", "AC", "AD"]);
    expect(parsed.errors).toEqual([err(3, "Årskurs", "AC", "grade", { value: "11" }), err(3, "Antal elever", "AD", "negative", { value: "-1" })]);
  });
});

describe("line numbers", () => {
  it("count lines inside quoted fields, with LF, CRLF and CR line ends alike", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const text = [
        "Kommun;Läsår;Årskurs;Antal elever;Kommentar",
        `0484;2025/26;1;10;"två${eol}rader"`, // lines 2–3
        `0484;2025/26;2;-1;"tre${eol}${eol}rader"`, // lines 4–6
        "", // line 7
        "0484;2025/26;3;x;", // line 8
      ].join(eol);
      const parsed = parsePupilCounts(utf8(text));
      expect(parsed.rows.map((r) => r.line), JSON.stringify(eol)).toEqual([2]);
      expect(parsed.errors.map((e) => e.line), JSON.stringify(eol)).toEqual([4, 8]);
    }
  });

  it("count a line break written as CRLF inside a quoted field once, in an LF file", () => {
    const parsed = parsePupilCounts(utf8('Kommun;Läsår;Årskurs;Antal elever;Kommentar\n0484;2025/26;1;10;"a\r\nb\r\nc"\n0484;2025/26;2;fel;\n'));
    expect(parsed.errors).toEqual([err(5, "Antal elever", "D", "number", { value: "fel" })]);
  });
});

describe("syntax", () => {
  it("an unclosed quote is reported where its row starts, after the mistakes before it", () => {
    const parsed = parsePupilCounts(utf8(['Kommun;Läsår;Årskurs;Antal elever', "0484;2025/26;1;10", "0484;2025/26;2;-3", '0484;2025/26;"3;12', "0484;2025/26;4;13"].join("\n")));
    expect(parsed.errors).toEqual([err(3, "Antal elever", "D", "negative", { value: "-3" }), err(4, "Årskurs", "C", "syntax")]);
    expect(parsed.rows.map((r) => r.line)).toEqual([2]);
  });

  it("a stray quote in the middle of a field is a syntax error on its line", () => {
    const parsed = parsePupilCounts(utf8(['Kommun;Läsår;Årskurs;Antal elever', "0484;2025/26;1;10", "", 'Skolan "Ängen";2025/26;2;12'].join("\r\n")));
    expect(parsed.errors).toEqual([err(4, "Kommun", "A", "syntax")]);
  });
});

describe("refused files", () => {
  it("UTF-16 (Excel's 'Unicode text') gives one encoding error and nothing else", () => {
    const bytes = fixture("utf16.csv");
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    for (const parsed of [parsePupilCounts(bytes), parseApplicants(bytes)]) {
      expect(parsed.errors).toEqual([err(1, null, null, "encoding")]);
      expect(parsed.rows).toEqual([]);
      expect(parsed.headers).toEqual([]);
    }
    expect(parsePupilCounts(new Uint8Array([0xfe, 0xff, 0, 75])).errors).toEqual([err(1, null, null, "encoding")]);
  });

  it("NUL bytes (a binary or UTF-16 file without BOM) give the encoding error", () => {
    expect(parsePupilCounts(new Uint8Array(Buffer.from("Kommun;Läsår\n", "utf16le"))).errors).toEqual([err(1, null, null, "encoding")]);
  });

  it("an empty file, a BOM alone, blank lines or a header alone are empty", () => {
    const files = [new Uint8Array(), new Uint8Array([0xef, 0xbb, 0xbf]), utf8("\r\n\r\n;;;\r\n"), utf8("Kommun;Läsår;Årskurs;Antal elever\r\n\r\n")];
    for (const bytes of files) expect(parsePupilCounts(bytes).errors).toEqual([err(1, null, null, "empty")]);
    expect(parseApplicants(utf8("Kommun;År;Program;Antal")).errors).toEqual([err(1, null, null, "empty")]);
  });
});

describe("parseSwedishNumber", () => {
  it.each([
    ["1234", 1234],
    ["1 234", 1234],
    [`1${NBSP}234`, 1234],
    ["1\u202f234", 1234],
    ["12 345 678", 12345678],
    [" 98 ", 98],
    ["0", 0],
    ["12,5", 12.5],
    ["1 234,75", 1234.75],
    ["-3", -3],
    ["\u22123", -3],
    ["\u22121 234,5", -1234.5],
  ])("%j → %d", (text, value) => {
    expect(parseSwedishNumber(text)).toBe(value);
  });

  it.each(["", "..", "-", "fem", "1.5", "1,234.5", "12 34", "1  234", "+3", "12,", ",5", "1 2345", "3 st"])("%j → null", (text) => {
    expect(parseSwedishNumber(text)).toBeNull();
  });
});

describe("detectKind", () => {
  it("tells pupil counts from applicants by the header", () => {
    for (const name of ["elever-utf8-bom.csv", "elever-windows-1252.csv", "elever-komma.csv", "elever-tab.txt"]) expect(detectKind(fixture(name)), name).toBe("pupils");
    for (const name of ["sokande-utf8.csv", "sokande-fel.csv"]) expect(detectKind(fixture(name)), name).toBe("applicants");
  });

  it("names the kind of an incomplete header when only one kind fits, otherwise null", () => {
    expect(detectKind(utf8("Kommun;Årskurs;Antal\n"))).toBe("pupils");
    expect(detectKind(utf8("Kommun;Program\n"))).toBe("applicants");
    expect(detectKind(utf8("Namn;Adress;Telefon\n"))).toBeNull();
    expect(detectKind(utf8(""))).toBeNull();
    expect(detectKind(fixture("utf16.csv"))).toBeNull();
  });
});

describe("a large file", () => {
  it("parses 300,000 rows whole and finds the mistakes near its end", () => {
    const lines = ["Kommun;Läsår;Årskurs;Antal elever"];
    const municipalities = ["0484 Eskilstuna", "0486 Strängnäs", "0480 Nyköping", "0483 Katrineholm", "0482 Flen"];
    for (let i = 0; i < 300_000; i++) {
      lines.push(`${municipalities[i % 5]};2025/26;Åk ${i % 10};${1 + (i % 3)}${NBSP}${String(i % 1000).padStart(3, "0")}`);
    }
    lines[250_001] = "0484 Eskilstuna;2025/26;Åk 3;..";
    lines[299_999] = "0484 Eskilstuna;2025/26;Åk 13;12";
    const bytes = utf8(lines.join("\r\n") + "\r\n");
    expect(bytes.length).toBeGreaterThan(10_000_000);

    const parsed = parsePupilCounts(bytes);
    expect(parsed.rowCount).toBe(300_000);
    expect(parsed.rows.length).toBe(299_998);
    expect(parsed.errors).toEqual([
      err(250_002, "Antal elever", "D", "suppressed", { value: ".." }),
      err(300_000, "Årskurs", "C", "grade", { value: "Åk 13" }),
    ]);
    expect(parsed.rows[parsed.rows.length - 1]).toEqual({ line: 300_001, municipality: "0482", schoolYear: 2026, grade: 9, pupils: 3999 });
  });
});
