/**
 * Reach from grade 5 to the gymnasium choice, on a real SQLite file: the cohort arithmetic across
 * the 1 July boundary, a class group counted once per school year however many visits it had,
 * imports (preview, errors by line and column, all or nothing, a re-import that changes nothing,
 * a corrected file that updates what changed in the audit log), the dashboard's figures, the
 * SYV's grade-9 report, disclosure control in CSV for sharing and on the public page, and scoping.
 */
import crypto from "node:crypto";
import { db } from "~/db.server";
import { cohortReach, gradeIn, groupYears, reachByYearAndGrade, schoolYearOfGrade, suppressed } from "~/reach/cohorts";
import { importStatistics, ImportRefused, previewImport } from "~/reach/imports.server";
import { INDUSTRY_PROGRAMMES, loadGroupYears, reachDashboard, saveGradeNineChoices, ChoiceErrors } from "~/reach/reach.server";
import { schoolYearEnding } from "~/schools/rules";
import { cookieFor, demo, form, request, visibleText } from "./helpers";

const csv = (text: string) => new TextEncoder().encode(text);
let adminId: number;
let eskilstuna: number;
let flen: number;
let schoolId: number;

beforeAll(async () => {
  adminId = (await db.selectFrom("app_user").select("id").where("email", "=", demo.admin).executeTakeFirstOrThrow()).id;
  eskilstuna = (await db.selectFrom("municipality").select("id").where("code", "=", "0484").executeTakeFirstOrThrow()).id;
  flen = (await db.selectFrom("municipality").select("id").where("code", "=", "0482").executeTakeFirstOrThrow()).id;
  schoolId = (await db.selectFrom("school").select("id").where("unit_code", "=", "99000001").executeTakeFirstOrThrow()).id;
});

describe("cohort arithmetic", () => {
  it("turns the school year on 1 July: 30 June is still grade 5, 1 July is grade 6", () => {
    const cohort = 2030; // leaves grade 9 in spring 2030
    expect(gradeIn(cohort, schoolYearEnding("2026-06-30"))).toBe(5);
    expect(gradeIn(cohort, schoolYearEnding("2026-07-01"))).toBe(6);
    expect(gradeIn(cohort, schoolYearEnding("2029-06-30"))).toBe(8);
    expect(gradeIn(cohort, schoolYearEnding("2029-07-01"))).toBe(9);
    expect(schoolYearOfGrade(cohort, 5)).toBe(2026);
    expect(schoolYearOfGrade(cohort, 9)).toBe(2030);
  });

  it("counts a class group once per school year, with the most pupils any visit reached, never more than the group", () => {
    const base = { groupId: 1, municipalityId: 1, cohort: 2030, groupPupils: 24 };
    const rows = groupYears([
      { ...base, schoolYear: 2026, reached: 20 }, // spring of grade 5
      { ...base, schoolYear: 2026, reached: 22 }, // a second visit the same school year
      { ...base, schoolYear: 2027, reached: 30 }, // grade 6, more than the group: capped at 24
      { ...base, groupId: 2, groupPupils: 25, schoolYear: 2029, reached: 25 }, // grade 8
      { ...base, groupId: 3, schoolYear: 2026, reached: 0 }, // reported as no one: not reached
    ]);
    expect(rows).toHaveLength(3);
    const cells = reachByYearAndGrade(rows);
    expect(cells.map((c) => [c.schoolYear, c.grade, c.pupilsReached, c.groupsReached])).toEqual([
      [2026, 5, 22, 1],
      [2027, 6, 24, 1],
      [2029, 8, 25, 1],
    ]);
    const cohort = cohortReach(rows).get(2030)!;
    // group 1 reached in grade 5 and 6: once in 5–6, with its most (24); group 2 only in 7–9
    expect([cohort.reached56, cohort.reached79, cohort.reachedBoth, cohort.groups56, cohort.groups79]).toEqual([24, 25, 0, 1, 1]);
  });

  it("suppresses counts from 1 to 4", () => {
    expect([0, 1, 4, 5, 120, null].map(suppressed)).toEqual([0, "<5", "<5", 5, 120, null]);
  });
});

async function addGroup(label: string, cohort: number, pupils: number) {
  return (await db.insertInto("class_group").values({ school_id: schoolId, label, leaves_grade9_year: cohort, pupils }).returning("id").executeTakeFirstOrThrow()).id;
}

async function completedVisit(startAt: string, groups: [number, number][]) {
  const visit = await db
    .insertInto("visit")
    .values({ school_id: schoolId, format: "on_site", status: "completed", start_at: startAt, end_at: startAt, survey_token: crypto.randomBytes(12).toString("hex") })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("visit_class_group").values(groups.map(([class_group_id, pupils_reached]) => ({ visit_id: visit.id, class_group_id, pupils_reached }))).execute();
  return visit.id;
}

describe("imports", () => {
  const pupils = "Kommun;Läsår;Årskurs;Antal elever\r\n0484 Eskilstuna;2025/26;5;1 200\r\n0484 Eskilstuna;2025/26;9;1 100\r\n0482 Flen;2025/26;9;180\r\n";

  it("previews with the columns mapped and imports all or nothing; the same file again changes nothing", async () => {
    const preview = await previewImport(db, "pupils", csv(pupils), "elever.csv");
    expect(preview.errors).toEqual([]);
    expect(preview.mapping.map((m) => [m.field, m.letter])).toEqual([
      ["municipality", "A"],
      ["schoolYear", "B"],
      ["grade", "C"],
      ["pupils", "D"],
    ]);
    expect([preview.inserted, preview.updated, preview.unchanged]).toEqual([3, 0, 0]);
    const first = await importStatistics(db, { kind: "pupils", bytes: csv(pupils), fileName: "elever.csv", confirmWarnings: false }, adminId);
    expect([first.inserted, first.updated, first.unchanged]).toEqual([3, 0, 0]);
    const again = await importStatistics(db, { kind: "pupils", bytes: csv(pupils), fileName: "elever.csv", confirmWarnings: false }, adminId);
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 3]);
    const row = await db.selectFrom("pupil_count").select("pupils").where("municipality_id", "=", eskilstuna).where("school_year", "=", 2026).where("grade", "=", 9).executeTakeFirstOrThrow();
    expect(row.pupils).toBe(1100);
  });

  it("a corrected file updates only what changed, each change in the audit log", async () => {
    const corrected = pupils.replace("0484 Eskilstuna;2025/26;9;1 100", "0484 Eskilstuna;2025/26;9;1 104");
    const result = await importStatistics(db, { kind: "pupils", bytes: csv(corrected), fileName: "elever-rattad.csv", confirmWarnings: false }, adminId);
    expect([result.inserted, result.updated, result.unchanged]).toEqual([0, 1, 2]);
    const log = await db.selectFrom("audit_log").select(["before_json", "after_json"]).where("action", "=", "statistics.pupils.updated").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(JSON.parse(log.before_json!)).toEqual({ value: 1100 });
    expect(JSON.parse(log.after_json!)).toMatchObject({ value: 1104, line: 3 });
  });

  it("refuses a file with errors, lists every one by line and column, and writes nothing", async () => {
    const bad =
      "Kommun;År;Program;Förstahandssökande\n" +
      "0484;2025;IN;40\n" +
      "9999;2025;IN;3\n" + // unknown municipality
      "0484;2025;XX;3\n" + // unknown programme
      "0484;2025;TE;-2\n" + // negative
      "0484;2025;IN;41\n"; // duplicate of line 2
    const before = await db.selectFrom("applicant_count").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const preview = await previewImport(db, "applicants", csv(bad), "sokande.csv");
    expect(preview.errors.map((e) => [e.line, e.columnLetter, e.key])).toEqual([
      [3, "A", "reach:errors.unknownMunicipality"],
      [4, "C", "reach:errors.unknownProgramme"],
      [5, "D", "reach:errors.negative"],
      [6, "A", "reach:errors.duplicate"],
    ]);
    await expect(importStatistics(db, { kind: "applicants", bytes: csv(bad), fileName: "sokande.csv", confirmWarnings: true }, adminId)).rejects.toBeInstanceOf(ImportRefused);
    const after = await db.selectFrom("applicant_count").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("more applicants than pupils in grade 9 is a warning that must be confirmed", async () => {
    const many = "Kommun;År;Program;Förstahandssökande\n0482 Flen;2026;IN;150\n0482 Flen;2026;NA;60\n";
    const preview = await previewImport(db, "applicants", csv(many), "flen.csv");
    expect(preview.errors).toEqual([]);
    expect(preview.warnings.map((w) => [w.line, w.key, w.params])).toEqual([[2, "reach:warnings.morePupils", { applicants: 210, pupils: 180, year: 2026 }]]);
    await expect(importStatistics(db, { kind: "applicants", bytes: csv(many), fileName: "flen.csv", confirmWarnings: false }, adminId)).rejects.toBeInstanceOf(ImportRefused);
    const done = await importStatistics(db, { kind: "applicants", bytes: csv(many), fileName: "flen.csv", confirmWarnings: true }, adminId);
    expect(done.inserted).toBe(2);
  });

  it("the import page answers a broken file with 400 and the errors in Swedish, by line and column", async () => {
    const cookie = await cookieFor(demo.admin);
    const body = new FormData();
    body.set("kind", "pupils");
    body.set("file", new File([csv("Kommun;Läsår;Årskurs;Antal elever\n0484;2025/26;5;12,5\n")], "fel.csv", { type: "text/csv" }));
    const res = await request("/admin/statistik", { method: "POST", body, cookie });
    expect(res.status).toBe(400);
    const text = await visibleText(res);
    expect(text).toContain("Rad 2, kolumn D (Antal elever)");
    expect(text).toContain("är inte ett heltal");
  });
});

describe("the dashboard", () => {
  it("follows a cohort from grade 5 to its choices, beside the region and the cohorts before the start", async () => {
    // the cohort leaving grade 9 in 2026: two groups; 9A reached in grade 5 (2022) and again in grade 8 (2025),
    // 9B never reached. Reports from the SYV in grade 9: 9A chose IN/TE more often.
    const a = await addGroup("9A (test)", 2026, 25);
    const b = await addGroup("9B (test)", 2026, 24);
    await completedVisit("2021-10-05T08:00:00.000Z", [[a, 23]]); // school year 2022: grade 5
    await completedVisit("2022-03-01T08:00:00.000Z", [[a, 25]]); // same school year again: counted once, 25
    await completedVisit("2024-11-12T09:00:00.000Z", [[a, 20]]); // school year 2025: grade 8
    // applicants of 2026 in Eskilstuna and elsewhere, and of 2020 (before the first visit)
    await importStatistics(
      db,
      { kind: "applicants", bytes: csv("Kommun;År;Program;Förstahandssökande\n0484;2026;IN;60\n0484;2026;TE;140\n0484;2026;NA;300\n0484;2026;SA;500\n0484;2020;IN;30\n0484;2020;SA;570\n0486;2026;IN;10\n0486;2026;SA;190\n"), fileName: "s.csv", confirmWarnings: true },
      adminId,
    );
    const programmes = await db.selectFrom("gymnasium_programme").select(["id", "code"]).execute();
    const id = (code: string) => String(programmes.find((p) => p.code === code)!.id);
    void id;
    await saveGradeNineChoices(db, { schoolId, cohort: 2026, values: { [`g${a}-IN`]: "6", [`g${a}-SA`]: "10", [`g${b}-IN`]: "2", [`g${b}-SA`]: "15" } }, adminId);

    const d = await reachDashboard(db, { scope: [eskilstuna], municipalityId: eskilstuna, cohort: 2026, sectorId: null, programmes: INDUSTRY_PROGRAMMES });
    const c2026 = d.cohorts.find((c) => c.cohort === 2026)!;
    expect(c2026.pupils).toBe(1100 + 4); // grade 9 in school year 2026 (the corrected import)
    expect([c2026.reached56, c2026.reached79, c2026.reachedBoth]).toEqual([25, 20, 20]);
    expect(c2026.share).toBe(20); // (60 + 140) / 1000
    // the region: Eskilstuna's 200 of 1,000, Strängnäs' 10 of 200 and Flen's 150 of 210
    expect(c2026.regionShare).toBe(Math.round((1000 * 360) / 1410) / 10);
    const c2020 = d.cohorts.find((c) => c.cohort === 2020)!;
    expect(c2020.beforeStart).toBe(true);
    expect(c2026.beforeStart).toBe(false);
    expect(d.groups).toEqual({ reached: { groups: 1, chosen: 6, all: 16, share: 37.5 }, never: { groups: 1, chosen: 2, all: 17, share: 11.8 } });
    // the page: the table under the chart reads the same numbers
    const cookie = await cookieFor(demo.coordinator);
    const res = await request(`/samordnare/rackvidd?kommun=${eskilstuna}&kull=2026`, { cookie });
    expect(res.status).toBe(200);
    const text = await visibleText(res);
    expect(text).toContain("Samband, inte bevis");
    expect(text).toMatch(/Nådda i åk 5–6 25 /);
  });

  it("a coordinator never sees another network's municipality, whatever the address says", async () => {
    const user = await db.selectFrom("app_user").select("id").where("email", "=", demo.coordinator).executeTakeFirstOrThrow();
    void user;
    const cookie = await cookieFor(demo.coordinator);
    const res = await request(`/samordnare/rackvidd?kommun=${flen}`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain(">Flen<");
    const body = await (await request(`/samordnare/rackvidd/csv?kommun=${flen}&tabell=kullar`, { cookie })).text();
    // Flen in the address is ignored: the same table as for all of the coordinator's municipalities
    // (Eskilstuna's 1,000 and Strängnäs' 200 applicants of 2026; Flen's 210 are not in it)
    expect(body).toBe(await (await request(`/samordnare/rackvidd/csv?tabell=kullar`, { cookie })).text());
    expect(body).toMatch(/\r\n2026;[^\r]*;1200;/);
  });

  it("CSV for sharing writes counts below 5 as <5; the exact CSV keeps them", async () => {
    const g = await addGroup("9C (test)", 2027, 3);
    await completedVisit("2023-02-01T09:00:00.000Z", [[g, 3]]); // school year 2023: grade 5 for cohort 2027
    const cookie = await cookieFor(demo.admin);
    const exactRes = await request(`/samordnare/rackvidd/csv?kommun=${eskilstuna}&kull=2027&tabell=tratt`, { cookie });
    expect(exactRes.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await exactRes.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for UTF-8
    const exact = new TextDecoder().decode(bytes);
    const shared = await (await request(`/samordnare/rackvidd/csv?kommun=${eskilstuna}&kull=2027&tabell=tratt&delning=1`, { cookie })).text();
    expect(exact).toMatch(/Nådda i åk 5–6;3;/);
    expect(shared).toMatch(/Nådda i åk 5–6;<5;/);
    // the public page: region level only, small numbers suppressed
    const page = await visibleText(await request("/rackvidd"));
    expect(page).toContain("Räckvidd i regionen");
    expect(page).toMatch(/2022\/23 (&lt;|<)5 /);
  });

  it("loads reach per group and school year in the database", async () => {
    const rows = await loadGroupYears(db, [eskilstuna]);
    expect(rows.every((r) => r.reached > 0 && r.reached <= r.groupPupils)).toBe(true);
  });
});

describe("the SYV's grade-9 report", () => {
  it("refuses counts that add up to more pupils than the group has, and negative or broken numbers, saving nothing", async () => {
    const cohort = schoolYearEnding(new Date().toISOString().slice(0, 10));
    const g = await addGroup("9D (test)", cohort, 20);
    const cookie = await cookieFor(demo.school_staff);
    let res = await request(`/skolor/${schoolId}/val`, { ...form({ [`g${g}-IN`]: "15", [`g${g}-NA`]: "9" }), cookie });
    expect(res.status).toBe(400);
    expect(await visibleText(res)).toContain("9D (test): valen blir 24 men klassen har 20 elever");
    res = await request(`/skolor/${schoolId}/val`, { ...form({ [`g${g}-IN`]: "-1", [`g${g}-NA`]: "2,5" }), cookie });
    expect(res.status).toBe(400);
    expect(await db.selectFrom("class_group_choice").select("class_group_id").where("class_group_id", "=", g).execute()).toEqual([]);
    res = await request(`/skolor/${schoolId}/val`, { ...form({ [`g${g}-IN`]: "5", [`g${g}-NA`]: "9" }), cookie });
    expect(res.status).toBe(302);
    const saved = await db.selectFrom("class_group_choice").select("first_choice").where("class_group_id", "=", g).orderBy("first_choice").execute();
    expect(saved.map((r) => r.first_choice)).toEqual([5, 9]);
    await expect(saveGradeNineChoices(db, { schoolId, cohort, values: { [`g${g}-IN`]: "21" } }, adminId)).rejects.toBeInstanceOf(ChoiceErrors);
  });
});
