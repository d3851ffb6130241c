/**
 * Portability: the same migrations, seeds and pool queries against a real PostgreSQL 15 (started
 * by scripts/pg-up.sh, see scripts/test-integration.sh). A database migrated from empty must
 * match db/schema.ts there too.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import { schemaFromTypes, type Shape } from "../schema-shape";

const url = process.env.PG_URL;
const required = !!process.env.CI || process.env.REQUIRE_PG === "1";
if (!url && !required) console.warn("PG_URL is not set: skipping the PostgreSQL tests (scripts/test-integration.sh sets it).");

// The app modules read their configuration when first imported: point them at a scratch folder.
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-pg-app-"));

describe.skipIf(!url && !required)("PostgreSQL", () => {
  let pg: Kysely<Database>;

  beforeAll(async () => {
    if (!url) throw new Error("PG_URL must be set (REQUIRE_PG=1 or CI): run scripts/test-integration.sh");
    const { openPostgres } = await import("#db/connection");
    pg = openPostgres(url);
    const { sql } = await import("kysely");
    await sql`drop schema public cascade`.execute(pg);
    await sql`create schema public`.execute(pg);
  });
  afterAll(async () => {
    await pg?.destroy();
  });

  test("migrations from empty match db/schema.ts", async () => {
    const { migrateToLatest } = await import("#db/migrator");
    await migrateToLatest(pg);
    const actual: Shape = {};
    for (const t of await pg.introspection.getTables()) {
      actual[t.name] = {};
      for (const c of t.columns) actual[t.name][c.name] = { nullable: c.isNullable };
    }
    expect(actual).toEqual(schemaFromTypes());
  });

  test("reference data and demo data seed, twice without duplicates", async () => {
    const { seedDemoData, seedReferenceData } = await import("#db/seed-data");
    for (let i = 0; i < 2; i++) {
      await seedReferenceData(pg);
      await seedDemoData(pg);
    }
    const count = async (table: keyof Database) => Number((await pg.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    expect(await count("municipality")).toBe(9);
    expect(await count("sector")).toBe(9);
    expect(await count("ambassador")).toBe(6);
    const created = await pg.selectFrom("municipality").select("created_at").executeTakeFirstOrThrow();
    expect(created.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  test("the gallery, its language filter, pool health and isBookable give the same answers", async () => {
    const { listPublicAmbassadors, countPublicAmbassadors, poolHealth, checkBookable } = await import("~/ambassadors/pool.server");
    const { todayInStockholm } = await import("~/ambassadors/rules");
    const tigrinya = await listPublicAmbassadors(pg as never, { language: "ti" });
    expect(tigrinya.map((a) => a.name)).toEqual(["Yonas Påhittad (demo)"]);
    expect(await countPublicAmbassadors(pg as never, { municipality: "0484" })).toBe(3);
    const health = await poolHealth(pg as never, "all");
    const eskilstuna = health.find((h) => h.municipality.code === "0484")!;
    expect(eskilstuna.active).toBe(3);
    expect(eskilstuna.byStatus.applied).toBe(1);
    expect(eskilstuna.gender.female).toBe(2);
    expect((await checkBookable(pg as never, 1, todayInStockholm(), 5)).bookable).toBe(true);
  });

  test("guidance: reading with fallback, outdated marking and search (LIKE on folded text) work the same", async () => {
    const g = await import("~/guidance/guidance.server");
    const languages = await g.listGuideLanguages(pg as never);
    const ar = languages.find((l) => l.code === "ar")!;
    const read = await g.readGuide(pg as never, "svetsare", ar, languages);
    expect(read!.sections.length).toBeGreaterThanOrEqual(7);
    expect(read!.ambassadors.map((a) => a.name)).toEqual(["Amina Ambassadör (demo)"]);
    const cnc = (await pg.selectFrom("guide").select("id").where("slug", "=", "cnc-operator").executeTakeFirstOrThrow()).id;
    for (const code of ["sv", "ar", "ti"]) expect(await g.searchGuides(pg as never, code, "cnc"), code).toContain(cnc);
    expect(await g.searchGuides(pg as never, "sv", "lärling")).toEqual(await g.searchGuides(pg as never, "sv", "LARLING"));
    const admin = (await pg.selectFrom("app_user").select("id").where("email", "=", "admin@demo.example").executeTakeFirstOrThrow()).id;
    const sv = languages.find((l) => l.isSource)!;
    const section = (await g.translationEditor(pg as never, "svetsare", sv))!.sections.find((s) => s.key === "arbetet")!;
    await g.saveSource(pg as never, { guide: "svetsare", section: "arbetet", heading: section.heading, body: `${section.body} Mer.`, baseRevision: section.revision }, admin);
    expect((await g.translationEditor(pg as never, "svetsare", ar))!.sections.find((s) => s.key === "arbetet")!.status).toBe("outdated");
  });

  test("reach: an import, its re-import, and the dashboard's cohort figures work the same", async () => {
    const { importStatistics } = await import("~/reach/imports.server");
    const { reachDashboard, INDUSTRY_PROGRAMMES } = await import("~/reach/reach.server");
    const admin = (await pg.selectFrom("app_user").select("id").where("email", "=", "admin@demo.example").executeTakeFirstOrThrow()).id;
    const file = new TextEncoder().encode("\uFEFFKommun;År;Program;Förstahandssökande\n0484;2026;IN;60\n0484;2026;TE;140\n0484;2026;SA;800\n");
    const first = await importStatistics(pg as never, { kind: "applicants", bytes: file, fileName: "s.csv", confirmWarnings: false }, admin);
    expect([first.inserted, first.updated, first.unchanged]).toEqual([3, 0, 0]);
    const again = await importStatistics(pg as never, { kind: "applicants", bytes: file, fileName: "s.csv", confirmWarnings: false }, admin);
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 3]);
    const eskilstuna = (await pg.selectFrom("municipality").select("id").where("code", "=", "0484").executeTakeFirstOrThrow()).id;
    const d = await reachDashboard(pg as never, { scope: "all", municipalityId: eskilstuna, cohort: 2026, sectorId: null, programmes: INDUSTRY_PROGRAMMES });
    expect(d.cohorts.find((c) => c.cohort === 2026)!.share).toBe(20);
    // the demo's completed visit (8A, cohort 2028, 25 pupils) is found through the PostgreSQL school-year expression
    expect(d.cohorts.find((c) => c.cohort === 2028)?.reached79).toBe(25);
  });

  test("visits: suggestions from the database, lists, and the booking guarantee work the same", async () => {
    const { getVisit, suggestionsFor, listSchoolVisits, coordinatorBoard } = await import("~/visits/visits.server");
    const { isUniqueViolation } = await import("#db/adapter");
    const visit = (await getVisit(pg as never, 1))!;
    expect(visit.groups.map((g) => g.label)).toEqual(["5B", "5C"]);
    const suggestions = await suggestionsFor(pg as never, visit);
    expect(suggestions.map((s) => s.name)).toEqual(expect.arrayContaining(["Amina Ambassadör (demo)", "Elin Exempel (demo)"]));
    expect(suggestions.find((s) => s.ambassadorId === 1)!.reasons.map((r) => r.key)).toContain("speaks");
    const list = await listSchoolVisits(pg as never, 1);
    expect(list.find((v) => v.id === 1)!.groups).toBe("5B, 5C");
    const board = await coordinatorBoard(pg as never, "all", { from: "2000-01-01", to: "2100-01-01" }, visit.windows[0].start_at.slice(0, 7));
    expect(board.open.length).toBeGreaterThan(0);
    const slot = await pg.selectFrom("booking_slot").selectAll().executeTakeFirstOrThrow();
    const error = await pg
      .insertInto("booking_slot")
      .values({ ...slot, visit_id: 1 })
      .execute()
      .then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  test("visits: racing confirmations on PostgreSQL — a double click is 'already confirmed', an overlap 'no longer available'", async () => {
    const { confirm, VisitError } = await import("~/visits/visits.server");
    const { nowInStockholm, isoWeekday } = await import("~/visits/rules");
    const { addDays } = await import("~/ambassadors/rules");
    let day = addDays(nowInStockholm().slice(0, 10), 40);
    while (isoWeekday(day) > 5) day = addDays(day, 1);
    const staff = await pg.selectFrom("app_user").selectAll().where("email", "=", "skola@demo.example").executeTakeFirstOrThrow();
    const actor = { id: staff.id, email: staff.email, name: staff.name, role: staff.role, locale: staff.locale, schoolId: staff.school_id, municipalityIds: [] } as never;
    await pg.updateTable("ambassador").set({ max_visits_per_month: 50 }).where("id", "=", 1).execute();
    await pg.updateTable("company").set({ monthly_visit_cap: 50 }).execute();
    const accepted = async (start: string, end: string, token: string) => {
      const v = await pg
        .insertInto("visit")
        .values({ school_id: 1, format: "on_site", status: "accepted", ambassador_id: 1, start_at: `${day}T${start}`, end_at: `${day}T${end}`, survey_token: token })
        .returning("id")
        .executeTakeFirstOrThrow();
      await pg.insertInto("visit_proposal").values({ visit_id: v.id, ambassador_id: 1, start_at: `${day}T${start}`, end_at: `${day}T${end}`, status: "accepted" }).execute();
      return v.id;
    };
    const outcome = (r: PromiseSettledResult<unknown>) => (r.status === "fulfilled" ? "ok" : r.reason instanceof VisitError ? r.reason.key : String(r.reason));

    const same = await accepted("09:00", "10:00", "pg-race-same-0000000000001");
    const twice = await Promise.allSettled(Array.from({ length: 5 }, () => confirm(pg as never, { visitId: same, actor })));
    expect(twice.map(outcome).sort()).toEqual(["ok", ...Array(4).fill("visits:errors.alreadyConfirmed")].sort());

    const a = await accepted("13:00", "14:00", "pg-race-a-000000000000001");
    const b = await accepted("13:15", "14:15", "pg-race-b-000000000000001");
    const race = await Promise.allSettled([a, b].map((visitId) => confirm(pg as never, { visitId, actor })));
    expect(race.map(outcome).sort()).toEqual(["ok", "visits:errors.noLongerAvailable"]);
    const statuses = await pg.selectFrom("visit").select("status").where("id", "in", [a, b]).execute();
    expect(statuses.map((r) => r.status).sort()).toEqual(["confirmed", "requested"]);
  });

  test("a unique violation is recognised as such", async () => {
    const { isUniqueViolation } = await import("#db/adapter");
    const error = await pg
      .insertInto("municipality")
      .values({ code: "0484", name: "Dubblett", county: "x" })
      .execute()
      .then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  test("every migration runs down again", async () => {
    const { createMigrator } = await import("#db/migrator");
    const { migrations } = await import("#db/migrations/index");
    const migrator = createMigrator(pg);
    for (let i = 0; i < Object.keys(migrations).length; i++) expect((await migrator.migrateDown()).error).toBeUndefined();
    expect((await pg.introspection.getTables()).map((t) => t.name)).toEqual([]);
  });
});
