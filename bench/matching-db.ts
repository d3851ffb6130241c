/**
 * Matching from the database, end to end: `npx tsx bench/matching-db.ts` (or `npm run bench:matching-db`).
 *
 * A temporary SQLite file (migrations + reference data) gets, in the real tables and by bulk inserts
 * in one transaction: 290 municipalities (Sörmland's nine and 281 invented), 1,500 companies with
 * monthly caps, 3,000 schools, 10,000 active, vetted and trained ambassadors (every one offers both
 * formats, so a digital request considers all 10,000), their weekly availability and some blackouts,
 * and 200,000 visits between them over the past year and the coming two months (completed, no-show
 * and cancelled in the past; confirmed, accepted and proposed ahead). Then ~200 open requests
 * (on site and digital, 1–5 windows each) are matched with `suggestionsFor(db, visit, now)` — what the
 * coordinator's visit page calls: loadCandidates (SQL) + suggest() + the names — and timed one by
 * one. For the same requests, loadCandidates and suggest() are also timed apart.
 *
 * Prints p50/p95/p99 as Markdown tables on stdout; progress on stderr. Variables: BENCH_REQUESTS (200),
 * BENCH_AMBASSADORS (10000), BENCH_VISITS (200000), BENCH_KEEP=1 keeps the database file.
 * Two experiments, not the app as it is (see bench/README.md, "Visit booking", for why):
 * BENCH_ANALYZE=1 runs ANALYZE after populating (the app never does, so SQLite plans without
 * statistics).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const AMBASSADORS = Number(process.env.BENCH_AMBASSADORS ?? 10_000);
const VISITS = Number(process.env.BENCH_VISITS ?? 200_000);
const COMPANIES = 1_500;
const SCHOOLS = 3_000;
const WARMUP = 10;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-bench-matching-"));
const file = path.join(work, "vagval.sqlite");
// The app modules read their configuration when imported: point them at the bench's own files.
Object.assign(process.env, { DATA_DIR: work, DATABASE_FILE: file, NODE_ENV: "production", SESSION_SECRET: "bench-secret-bench-secret-bench-secret", MAIL_TRANSPORT: "log" });
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const { openSqlite } = await import("../db/connection");
const { migrateToLatest } = await import("../db/migrator");
const { seedReferenceData } = await import("../db/seed-data");
const { addDays } = await import("../app/ambassadors/rules");
const { leavesGrade9YearFor } = await import("../app/schools/rules");
const { isoWeekday, nowInStockholm, fromClockMinutes, clockMinutes } = await import("../app/visits/rules");
const { getVisit, suggestionsFor } = await import("../app/visits/visits.server");
const { loadCandidates } = await import("../app/visits/candidates.server");
const { suggest } = await import("../app/visits/matching");

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(list: readonly T[]) => list[int(list.length)];
const pad = (n: number) => String(n).padStart(2, "0");

const now = nowInStockholm();
const today = now.slice(0, 10);
/** A school day (Mon–Fri) `offset` days from today, moved forward to the next weekday if needed. */
const schoolDay = (offset: number) => {
  let d = addDays(today, offset);
  while (isoWeekday(d) > 5) d = addDays(d, 1);
  return d;
};
/** A visit of `minutes` on `day`, starting on a quarter hour between 08:00 and 16:00 − length. */
const slot = (day: string, minutes: number) => {
  const startMin = 8 * 60 + 15 * int((9 * 60 - minutes) / 15 + 1);
  const start = clockMinutes(`${day}T00:00`) + startMin;
  return { start: fromClockMinutes(start), end: fromClockMinutes(start + minutes) };
};

// ------------------------------------------------------------------ populate

async function populate() {
  const t0 = performance.now();
  const kysely = openSqlite(file);
  await migrateToLatest(kysely);
  await seedReferenceData(kysely);
  await kysely.destroy();

  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  const counts: Record<string, number> = {};
  sqlite.transaction(() => {
    const insertMunicipality = sqlite.prepare("insert into municipality (code, name, county) values (?, ?, ?)");
    for (let i = 0; i < 281; i++) insertMunicipality.run(String(9000 + i), `Testkommun ${i + 1}`, "Påhittat län");
    const municipalities = (sqlite.prepare("select id from municipality order by id").all() as { id: number }[]).map((r) => r.id);
    const sectors = (sqlite.prepare("select id from sector").all() as { id: number }[]).map((r) => r.id);
    const modules = (sqlite.prepare("select id from training_module where required = 1 and active = 1").all() as { id: number }[]).map((r) => r.id);

    const insertCompany = sqlite.prepare("insert into company (name, org_number, municipality_id, sector_id, monthly_visit_cap) values (?, ?, ?, ?, ?) returning id");
    const companies: number[] = [];
    for (let i = 0; i < COMPANIES; i++)
      companies.push((insertCompany.get(`Bench AB ${i}`, `bench-${i}`, municipalities[i % municipalities.length], pick(sectors), 4 + (i % 8)) as { id: number }).id);

    const insertSchool = sqlite.prepare("insert into school (name, unit_code, municipality_id, status) values (?, ?, ?, 'approved') returning id, municipality_id");
    const schools: { id: number; municipality_id: number }[] = [];
    for (let i = 0; i < SCHOOLS; i++) schools.push(insertSchool.get(`Benchskolan ${i}`, `B${String(i).padStart(7, "0")}`, municipalities[i % municipalities.length]) as { id: number; municipality_id: number });

    const insertAmbassador = sqlite.prepare(
      `insert into ambassador (municipality_id, status, name, email, occupation, sector_id, company_id, gender, languages_json, formats_json, grades_json, max_visits_per_month)
       values (?, 'active', ?, ?, ?, ?, ?, ?, ?, '["on_site","digital"]', ?, ?) returning id`,
    );
    const insertVetting = sqlite.prepare("insert into ambassador_vetting (ambassador_id, shown_on, checked_by_name) values (?, ?, 'Bench')");
    const insertTraining = sqlite.prepare("insert into ambassador_training (ambassador_id, module_id, completed_on) values (?, ?, ?)");
    const insertAvailability = sqlite.prepare("insert into availability_slot (ambassador_id, weekday, start_time, end_time) values (?, ?, ?, ?)");
    const insertBlackout = sqlite.prepare("insert into blackout (ambassador_id, from_date, to_date) values (?, ?, ?)");
    const ambassadors: number[] = [];
    for (let i = 0; i < AMBASSADORS; i++) {
      const grades = [5, 6, 7, 8, 9].filter(() => random() > 0.3);
      const id = (
        insertAmbassador.get(
          municipalities[i % municipalities.length],
          `Bench Ambassadör ${i}`,
          `bench${i}@bench.example`,
          pick(["Svetsare", "Montör", "CNC-operatör", "Elektriker", "Lagerlogistiker"]),
          pick(sectors),
          random() > 0.2 ? companies[int(COMPANIES)] : null,
          pick(["female", "male", "other", null]),
          JSON.stringify(["sv", pick(["ar", "ti", "so", "uk", "fa", "en"])]),
          JSON.stringify(grades.length ? grades : [9]),
          2 + (i % 4),
        ) as { id: number }
      ).id;
      ambassadors.push(id);
      insertVetting.run(id, addDays(today, -int(300)));
      for (const m of modules) insertTraining.run(id, m, addDays(today, -int(300)));
      for (let weekday = 1; weekday <= 5; weekday++) for (const h of [8, 9, 10, 13, 14]) if (random() > 0.35) insertAvailability.run(id, weekday, `${pad(h)}:00`, `${pad(h + 1)}:00`);
      if (random() > 0.8) {
        const from = schoolDay(int(60));
        insertBlackout.run(id, from, addDays(from, 4));
      }
    }

    // 200,000 visits over the past year and the coming two months
    const insertVisit = sqlite.prepare(
      "insert into visit (school_id, format, status, ambassador_id, start_at, end_at, sequence, survey_token) values (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    for (let v = 0; v < VISITS; v++) {
      const offset = -365 + int(425);
      const { start, end } = slot(schoolDay(offset), pick([60, 60, 90, 120]));
      const past = start < now;
      const r = random();
      const status = past ? (r < 0.85 ? "completed" : r < 0.95 ? "cancelled" : "no_show") : r < 0.8 ? "confirmed" : r < 0.9 ? "accepted" : "proposed";
      insertVisit.run(pick(schools).id, random() > 0.2 ? "on_site" : "digital", status, ambassadors[int(AMBASSADORS)], start, end, status === "proposed" || status === "accepted" ? 0 : 1, `bench-${v}`);
    }

    // the open requests to match: 1–5 windows each, 7 to 60 days ahead, one class group
    const insertGroup = sqlite.prepare("insert into class_group (school_id, label, leaves_grade9_year, pupils) values (?, ?, ?, 25) returning id");
    const insertRequest = sqlite.prepare(
      "insert into visit (school_id, format, status, sector_id, languages_json, prefer_female, survey_token) values (?, ?, 'requested', ?, ?, ?, ?) returning id",
    );
    const insertWindow = sqlite.prepare("insert into visit_window (visit_id, start_at, end_at) values (?, ?, ?)");
    const insertVisitGroup = sqlite.prepare("insert into visit_class_group (visit_id, class_group_id) values (?, ?)");
    for (let i = 0; i < REQUESTS + WARMUP; i++) {
      const school = pick(schools);
      const grade = pick([5, 6, 8, 9]);
      const group = (insertGroup.get(school.id, `${grade}B-${i}`, leavesGrade9YearFor(grade, today)) as { id: number }).id;
      const digital = random() < 0.25;
      const id = (
        insertRequest.get(school.id, digital ? "digital" : "on_site", random() > 0.3 ? pick(sectors) : null, JSON.stringify(random() > 0.5 ? [pick(["ar", "ti", "so"])] : []), random() > 0.5 ? 1 : 0, `bench-request-${i}`) as { id: number }
      ).id;
      insertVisitGroup.run(id, group);
      for (let w = 1 + int(5); w > 0; w--) {
        const { start, end } = slot(schoolDay(7 + int(54)), pick([60, 60, 90]));
        insertWindow.run(id, start, end);
      }
    }
    for (const table of ["municipality", "company", "school", "ambassador", "availability_slot", "blackout", "visit", "visit_window"])
      counts[table] = (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  })();
  if (process.env.BENCH_ANALYZE === "1") {
    sqlite.exec("analyze");
    log("experiment: ANALYZE run");
  }
  sqlite.close();
  log(`populated in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${Object.entries(counts).map(([k, n]) => `${k} ${n.toLocaleString("en")}`).join(", ")}`);
  return counts;
}

// ------------------------------------------------------------------ measure

const counts = await populate();
const db = openSqlite(file);
const requestIds = (await db.selectFrom("visit").select("id").where("status", "=", "requested").where("survey_token", "like", "bench-request-%").orderBy("id").execute()).map((r) => r.id);
const details = [];
for (const id of requestIds) details.push((await getVisit(db, id))!);

type Row = { format: "on_site" | "digital"; windows: number; total: number; load: number; rank: number; candidates: number; found: number };
const rows: Row[] = [];
const load0 = os.loadavg()[0];
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
log(`matching ${REQUESTS} requests (after ${WARMUP} unrecorded), now = ${now}`);
for (const [i, visit] of details.entries()) {
  const t0 = performance.now();
  const suggestions = await suggestionsFor(db, visit, now);
  const total = performance.now() - t0;
  // the same request once more, its two halves timed apart
  const t1 = performance.now();
  const open = visit.windows.filter((w) => w.start_at > now).map((w) => ({ start: w.start_at, end: w.end_at }));
  const { candidates, companies } = await loadCandidates(db, {
    municipalityId: visit.municipality_id,
    schoolId: visit.school_id,
    format: visit.format,
    windows: open,
    today,
    excludeForVisitId: visit.id,
    ignoreVisitId: visit.id,
  });
  const t2 = performance.now();
  suggest(
    {
      schoolId: visit.school_id,
      municipalityId: visit.municipality_id,
      format: visit.format,
      grade: Math.min(...visit.groups.map((g) => g.grade)),
      windows: open,
      sectorId: visit.sector_id,
      occupation: visit.occupation,
      languages: visit.languages,
      preferFemale: !!visit.prefer_female,
      today,
    },
    candidates,
    companies,
  );
  const t3 = performance.now();
  if (i >= WARMUP) rows.push({ format: visit.format, windows: visit.windows.length, total, load: t2 - t1, rank: t3 - t2, candidates: candidates.length, found: suggestions.length ? 1 : 0 });
}
const cpu = process.cpuUsage(cpu0);
const cores = (cpu.user + cpu.system) / 1000 / (performance.now() - wall0);
const load1 = os.loadavg()[0];
await db.destroy();
if (process.env.BENCH_KEEP === "1") log(`database kept: ${file}`);
else fs.rmSync(work, { recursive: true, force: true });

const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
};
const ms = (n: number) => (n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(1)} ms`);
const line = (label: string, subset: Row[], key: "total" | "load" | "rank") =>
  `| ${label} | ${subset.length} | ${ms(quantile(subset.map((r) => r[key]), 0.5))} | ${ms(quantile(subset.map((r) => r[key]), 0.95))} | ${ms(quantile(subset.map((r) => r[key]), 0.99))} |`;
const onSite = rows.filter((r) => r.format === "on_site");
const digital = rows.filter((r) => r.format === "digital");
const experiments = [process.env.BENCH_ANALYZE === "1" ? "ANALYZE" : "", ""].filter(Boolean);
const mean = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length));

console.log(
  `\n### Matching from the database: ${counts.ambassador.toLocaleString("en")} ambassadors, ${counts.visit.toLocaleString("en")} visits, ${rows.length} requests (${today}, Node ${process.version}, ${os.cpus().length} cores)\n`,
);
console.log("| `suggestionsFor(db, visit, now)` | requests | p50 | p95 | p99 |\n| --- | --- | --- | --- | --- |");
console.log(line("all requests", rows, "total"));
console.log(line(`on site (mean ${mean(onSite.map((r) => r.candidates))} candidates loaded)`, onSite, "total"));
console.log(line(`digital (mean ${mean(digital.map((r) => r.candidates))} candidates loaded)`, digital, "total"));
console.log("\n| of which, timed apart | requests | p50 | p95 | p99 |\n| --- | --- | --- | --- | --- |");
console.log(line("loadCandidates, on site", onSite, "load"));
console.log(line("loadCandidates, digital", digital, "load"));
console.log(line("suggest(), on site", onSite, "rank"));
console.log(line("suggest(), digital", digital, "rank"));
console.log(
  `\nThis process used ${cores.toFixed(2)} cores while matching (1.00 = one core busy all the time); load average ${load0.toFixed(1)} → ${load1.toFixed(1)}${experiments.length ? `; **experiment: ${experiments.join(" + ")}**` : "; the app as it is (no ANALYZE)"}.`,
);
console.log(`Requests with at least one suggestion: ${rows.reduce((n, r) => n + r.found, 0)} of ${rows.length} (windows per request: mean ${(rows.reduce((n, r) => n + r.windows, 0) / rows.length).toFixed(1)}).`);
