/**
 * Reach figures (issue 7): `npx tsx bench/reach.ts` (or `npm run bench:reach`).
 *
 *  1. Scale data: a temporary SQLite file (migrateToLatest + seedReferenceData) gets, by prepared
 *     better-sqlite3 statements in one transaction: 290 municipalities (Sörmland's nine and 281
 *     invented, "Kommun 0114"), 10 schools each, 2–5 class groups per school for each cohort that is
 *     in grades 5–9 at some point of the school years 2017–2026 (cohorts 2017–2030, 16–30 pupils),
 *     completed visits over those ten school years with 1–3 class groups of one grade each (pupils
 *     reached ≤ the group; busier municipalities and later years get more visits, so many groups are
 *     visited more than once a year) until BENCH_VCG (1,000,000) visit_class_group rows; survey
 *     answers after 10 % of the visits; the schools' grade-9 reports for 30 % of the groups that have
 *     left grade 9; pupil_count for every municipality × school year × grade 0–9 and applicant_count
 *     for every municipality × year × the 18 seeded programmes. Row counts, time, file size.
 *  2. The dashboard loader in-process with the app's Kysely (app/db.server) over that file:
 *     reachDashboard(db, { scope, municipalityId, cohort: null, sectorId: null, programmes:
 *     INDUSTRY_PROGRAMMES }) for one municipality (rotating over 20) and for the whole country
 *     (scope "all"), BENCH_WARMUP (3) unrecorded calls then BENCH_CALLS (30) timed; a failing call is
 *     counted and its error shown, not rethrown, and after BENCH_FAILING_CALLS (3) identical failures
 *     not repeated. As an extra case the largest scope of municipalities (in id order) whose
 *     class-group years stay below 100,000, and publicImpact(db): 1 unrecorded call and
 *     BENCH_EXTRA_CALLS (5) timed each. Then where the time goes: every query's own time (a second
 *     Kysely over the same file with Kysely's query log, the app's dialect and pragmas) against the
 *     wall time, EXPLAIN QUERY PLAN of the reach query, and a CPU profile (node:inspector) of one call.
 *  3. Import of a 302,760-row applicants file as Swedish Excel writes it (UTF-8 with BOM, ";",
 *     CRLF, "0484 Eskilstuna" cells, programme names, headers Kommun;År;Program;Förstahandssökande):
 *     290 municipalities × 58 years (2000–2057, within the parser's range) × 18 programmes. After
 *     emptying applicant_count: previewImport (all new), importStatistics (first import),
 *     previewImport and importStatistics again (all unchanged); time and peak RSS − RSS before
 *     (after a forced GC), sampled every 5 ms by a worker thread, since the parse is synchronous and
 *     would keep a timer on the main thread from firing.
 *  4. Experiment, last because it changes the file (the app never runs ANALYZE): the reach query
 *     alone, with the SQL and parameters Kysely sent in 2, before and after ANALYZE.
 * Markdown on stdout, progress on stderr. Nothing is asserted. BENCH_KEEP=1 keeps the work directory.
 */
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, type LogEvent } from "kysely";

const VCG = Number(process.env.BENCH_VCG ?? 1_000_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** publicImpact and the extra scope: one unrecorded call, then this many (each takes seconds) */
const EXTRA_CALLS = Number(process.env.BENCH_EXTRA_CALLS ?? 5);
/** timed calls after which a call that failed every time, the same way, is not repeated */
const FAILING_CALLS = Number(process.env.BENCH_FAILING_CALLS ?? 3);
const SCHOOLS_PER_MUNICIPALITY = 10;
const FIRST_YEAR = 2017;
const LAST_YEAR = 2026;
const FIRST_COHORT = FIRST_YEAR; // grade 9 in the first school year
const LAST_COHORT = LAST_YEAR + 4; // grade 5 in the last school year
const IMPORT_YEARS = Number(process.env.BENCH_IMPORT_YEARS ?? 58); // 2000–2057
const GROUP_YEARS_LIMIT = 100_000;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (n: number) => (n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(1)} ms`);
const n0 = (n: number) => n.toLocaleString("en");
/** Nearest rank over sorted values. */
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const stats = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), max: s[s.length - 1] };
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-bench-reach-"));
const file = path.join(work, "vagval.sqlite");
// The app modules read their configuration when imported: point them at the bench's own files.
Object.assign(process.env, { DATA_DIR: work, DATABASE_FILE: file, NODE_ENV: "production", SESSION_SECRET: "bench-secret-bench-secret-bench-secret", MAIL_TRANSPORT: "log" });

// RSS sampler on its own thread (process-wide RSS), peak kept in shared memory.
const peakCell = new Float64Array(new SharedArrayBuffer(8));
const sampler = new Worker(
  `const { workerData } = require("node:worker_threads");
   const peak = new Float64Array(workerData);
   setInterval(() => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; }, 5);`,
  { eval: true, workerData: peakCell.buffer },
);
sampler.unref();
v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

process.on("exit", () => {
  if (process.env.BENCH_KEEP === "1") log(`work directory kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

const { db } = await import("../app/db.server");
const { migrateToLatest } = await import("../db/migrator");
const { seedReferenceData } = await import("../db/seed-data");
const { reachDashboard, loadGroupYears, publicImpact, INDUSTRY_PROGRAMMES } = await import("../app/reach/reach.server");
const { previewImport, importStatistics } = await import("../app/reach/imports.server");
const { parseApplicants } = await import("../app/reach/csv.server");

// mulberry32: the LCG of the other benches loses precision in doubles (seed × 1103515245 > 2^53) and cycles early
let seed = 7;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n: number) => Math.floor(random() * n);
const pad = (n: number) => String(n).padStart(2, "0");

// ------------------------------------------------------------------ 1. scale data

const COUNTIES = ["01", "03", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21", "22", "23", "24", "25"];

function populate() {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  const t0 = performance.now();
  sqlite.transaction(() => {
    const insertMunicipality = sqlite.prepare("insert into municipality (code, name, county) values (?, ?, ?)");
    let added = 0;
    for (let n = 10; added < 281; n++)
      for (const county of COUNTIES) {
        if (added === 281) break;
        insertMunicipality.run(`${county}${n}`, `Kommun ${county}${n}`, `Län ${county}`);
        added++;
      }
    const municipalities = sqlite.prepare("select id from municipality order by id").all() as { id: number }[];
    const sectors = (sqlite.prepare("select id from sector").all() as { id: number }[]).map((r) => r.id);
    const programmes = (sqlite.prepare("select id from gymnasium_programme order by id").all() as { id: number }[]).map((r) => r.id);
    sqlite.prepare("insert into app_user (email, name, role) values ('bench@bench.example', 'Bench', 'admin')").run();

    // schools and class groups; per school and cohort the groups (id, pupils)
    const insertSchool = sqlite.prepare("insert into school (name, unit_code, municipality_id, status, grades_json) values (?, ?, ?, 'approved', '[5,6,7,8,9]')");
    const insertGroup = sqlite.prepare("insert into class_group (school_id, label, leaves_grade9_year, pupils) values (?, ?, ?, ?)");
    const insertChoice = sqlite.prepare("insert into class_group_choice (class_group_id, programme_id, first_choice) values (?, ?, ?)");
    const cohorts = LAST_COHORT - FIRST_COHORT + 1;
    const schools: { id: number; m: number; groups: { id: number; pupils: number }[][] }[] = [];
    /** pupils in the class groups per municipality and cohort */
    const groupPupils = municipalities.map(() => new Array<number>(cohorts).fill(0));
    for (const [m, { id: municipalityId }] of municipalities.entries())
      for (let k = 0; k < SCHOOLS_PER_MUNICIPALITY; k++) {
        const id = Number(insertSchool.run(`Skola ${municipalityId}-${k}`, `R${String(municipalityId).padStart(4, "0")}${k}`, municipalityId).lastInsertRowid);
        const size = 2 + int(4);
        const groups: { id: number; pupils: number }[][] = [];
        for (let c = 0; c < cohorts; c++) {
          const list = [];
          for (let g = 0; g < size; g++) {
            const pupils = 16 + int(15);
            const groupId = Number(insertGroup.run(id, String.fromCharCode(65 + g), FIRST_COHORT + c, pupils).lastInsertRowid);
            list.push({ id: groupId, pupils });
            groupPupils[m][c] += pupils;
            // the school's grade-9 report, for 30 % of the groups that have left grade 9
            if (FIRST_COHORT + c <= LAST_YEAR && random() < 0.3) {
              const chosen = new Set<number>();
              for (let p = 3 + int(6); p > 0; p--) chosen.add(programmes[int(programmes.length)]);
              let left = pupils;
              for (const programmeId of chosen) {
                const first = Math.min(left, int((2 * pupils) / chosen.size));
                left -= first;
                insertChoice.run(groupId, programmeId, first);
              }
            }
          }
          groups.push(list);
        }
        schools.push({ id, m, groups });
      }

    // where the visits go: school × school year, weighted by the municipality's activity and the year
    const activity = municipalities.map(() => 0.3 + 1.4 * random());
    const cells: { school: number; year: number }[] = [];
    const cumulative: number[] = [];
    let total = 0;
    for (const [s, school] of schools.entries()) {
      const factor = activity[school.m] * (0.5 + random());
      for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
        total += factor * (0.55 + 0.05 * (year - FIRST_YEAR));
        cells.push({ school: s, year });
        cumulative.push(total);
      }
    }
    const pickCell = () => {
      const x = random() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return cells[lo];
    };
    const insertVisit = sqlite.prepare("insert into visit (school_id, format, status, sector_id, start_at, end_at, sequence, survey_token) values (?, ?, 'completed', ?, ?, ?, 1, ?)");
    const insertVisitGroup = sqlite.prepare("insert into visit_class_group (visit_id, class_group_id, pupils_reached) values (?, ?, ?)");
    const insertSurvey = sqlite.prepare("insert into survey_response (visit_id, locale, knows_more, could_work, vocational_programme, answered_on) values (?, 'sv', ?, ?, ?, ?)");
    const answers = ["yes", "maybe", "no"];
    const DAY = 86_400_000;
    let rows = 0;
    for (let v = 0; rows < VCG; v++) {
      const { school: s, year } = pickCell();
      const school = schools[s];
      const grade = 5 + int(5);
      const groups = school.groups[year + 9 - grade - FIRST_COHORT];
      const count = Math.min(1 + int(3), groups.length, VCG - rows);
      // a school day between 20 August and mid-June, 08:00–14:45
      let day = Date.UTC(year - 1, 7, 20) + int(294) * DAY;
      const weekday = new Date(day).getUTCDay();
      if (weekday === 6) day += 2 * DAY;
      if (weekday === 0) day += DAY;
      const date = new Date(day).toISOString().slice(0, 10);
      const hour = 8 + int(7);
      const minute = 15 * int(4);
      const length = random() < 0.7 ? 60 : 90;
      const endMinutes = hour * 60 + minute + length;
      const visitId = Number(
        insertVisit.run(school.id, random() < 0.8 ? "on_site" : "digital", sectors[int(sectors.length)], `${date}T${pad(hour)}:${pad(minute)}`, `${date}T${pad(Math.floor(endMinutes / 60))}:${pad(endMinutes % 60)}`, `bench-${v}`)
          .lastInsertRowid,
      );
      const start = int(groups.length);
      for (let i = 0; i < count; i++) {
        const group = groups[(start + i) % groups.length];
        insertVisitGroup.run(visitId, group.id, Math.max(1, group.pupils - int(5)));
      }
      rows += count;
      if (random() < 0.1) for (let a = 1 + int(9); a > 0; a--) insertSurvey.run(visitId, answers[int(3)], answers[int(3)], answers[int(3)], date);
    }

    // official counts: pupils per municipality × school year × grade 0–9, applicants per municipality × year × programme
    const insertPupils = sqlite.prepare("insert into pupil_count (municipality_id, school_year, grade, pupils) values (?, ?, ?, ?)");
    const insertApplicants = sqlite.prepare("insert into applicant_count (municipality_id, year, programme_id, applicants) values (?, ?, ?, ?)");
    const weights = programmes.map(() => 0.2 + random());
    const weightSum = weights.reduce((a, b) => a + b, 0);
    for (const [m, { id: municipalityId }] of municipalities.entries()) {
      const mean = groupPupils[m].reduce((a, b) => a + b, 0) / cohorts;
      for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
        let grade9 = 0;
        for (let grade = 0; grade <= 9; grade++) {
          const c = year + 9 - grade - FIRST_COHORT;
          const inGroups = c >= 0 && c < cohorts ? groupPupils[m][c] : mean;
          const pupils = Math.round(inGroups * (1.05 + 0.15 * random()));
          if (grade === 9) grade9 = pupils;
          insertPupils.run(municipalityId, year, grade, pupils);
        }
        for (const [p, programmeId] of programmes.entries()) insertApplicants.run(municipalityId, year, programmeId, Math.round(((0.9 * grade9 * weights[p]) / weightSum) * (0.7 + 0.6 * random())));
      }
    }
  })();
  const seconds = (performance.now() - t0) / 1000;
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  const counts: Record<string, number> = {};
  for (const table of ["municipality", "school", "class_group", "visit", "visit_class_group", "survey_response", "class_group_choice", "pupil_count", "applicant_count"])
    counts[table] = (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  sqlite.close();
  return { seconds, counts, bytes: fs.statSync(file).size };
}

// ------------------------------------------------------------------ 2. dashboard

/** "reach.server.ts:123" of the first app frame of an error's stack */
const whereIn = (error: Error) => /\/(app\/[^\s)]+?):(\d+):\d+/.exec(error.stack ?? "")?.slice(1, 3).join(":") ?? "?";

async function timeCalls(label: string, warmup: number, calls: number, call: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  const cpu: number[] = [];
  const failures: { ms: number; error: string }[] = [];
  const load = [os.loadavg()[0], 0];
  const started = performance.now();
  for (let i = 0; i < warmup + calls; i++) {
    // a call that fails the same way every time tells nothing more after a few
    if (i === warmup + FAILING_CALLS && !times.length && failures.every((f) => f.error === failures[0].error)) break;
    if (i > 0 && i % 10 === 0) log(`  ${label}: ${i} calls, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    try {
      await call(i);
      if (i >= warmup) {
        times.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
    } catch (error) {
      if (i >= warmup) failures.push({ ms: performance.now() - t0, error: error instanceof Error ? `${error.name}: ${error.message} (${whereIn(error)})` : String(error) });
    }
  }
  load[1] = os.loadavg()[0];
  log(`${label}: ${times.length} ok${failures.length ? `, ${failures.length} failed (${failures[0].error})` : ""}, load ${load[0].toFixed(1)} → ${load[1].toFixed(1)}`);
  return { times, cpu, failures, load, warmup };
}

/** A second Kysely over the file with the app's dialect and pragmas, and Kysely's query log. */
function loggingKysely(events: LogEvent[]) {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }), log: (event) => void events.push(event) });
}

/** A short name for a query, from its tables. */
function queryName(sqlText: string) {
  const from = /from "(\w+)"/.exec(sqlText)?.[1] ?? "?";
  const joins = [...sqlText.matchAll(/join "(\w+)"/g)].map((m) => m[1]);
  return joins.length ? `${from} ⋈ ${joins.join(" ⋈ ")}` : from;
}

async function breakdown(run: (kysely: Kysely<any>) => Promise<unknown>) {
  const events: LogEvent[] = [];
  const kysely = loggingKysely(events);
  const t0 = performance.now();
  let error: string | null = null;
  try {
    await run(kysely);
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  const wall = performance.now() - t0;
  const queries = events.map((e) => ({ name: queryName(e.query.sql), ms: e.queryDurationMillis, sql: e.query.sql, parameters: e.query.parameters as unknown[] }));
  await kysely.destroy();
  return { wall, error, queries, sqlMs: queries.reduce((a, q) => a + q.ms, 0) };
}

async function cpuProfile(run: () => Promise<unknown>) {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  await run().catch(() => undefined);
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  const total = (profile.endTime - profile.startTime) / 1000;
  const hits = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0);
  const self = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const where = f.url ? `${path.basename(f.url.split("?")[0])}:${f.lineNumber + 1}` : "";
    const name = `${f.functionName || "(anonymous)"}${where ? ` (${where})` : ""}`;
    self.set(name, (self.get(name) ?? 0) + ((node.hitCount ?? 0) / Math.max(1, hits)) * total);
  }
  return { total, top: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10) };
}

// ------------------------------------------------------------------ 3. import

function applicantsCsv(municipalities: { code: string; name: string }[], programmes: { name: string }[]) {
  const lines = ["Kommun;År;Program;Förstahandssökande"];
  for (const m of municipalities)
    for (let year = 2000; year < 2000 + IMPORT_YEARS; year++) for (const p of programmes) lines.push(`${m.code} ${m.name};${year};${p.name};${int(31)}`);
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}

async function measured<T>(run: () => Promise<T>) {
  // V8 gives pages back some time after a collection: twice, with a pause, so "before" is settled
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 250));
  }
  const before = process.memoryUsage.rss();
  peakCell[0] = before;
  const t0 = performance.now();
  const result = await run();
  const time = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 20));
  const peak = Math.max(peakCell[0], process.memoryUsage.rss());
  return { result, time, before, peak };
}

// ------------------------------------------------------------------ run

log(`work directory ${work}: migrating and seeding the reference data`);
await migrateToLatest(db);
await seedReferenceData(db);
log(`populating: ${n0(VCG)} visit_class_group rows over the school years ${FIRST_YEAR}–${LAST_YEAR}`);
const scale = populate();
log(`populated in ${scale.seconds.toFixed(1)} s, ${mb(scale.bytes)}: ${Object.entries(scale.counts).map(([k, n]) => `${k} ${n0(n)}`).join(", ")}`);

const municipalities = await db.selectFrom("municipality").select(["id", "code", "name"]).orderBy("id").execute();
const allIds = municipalities.map((m) => m.id);
const rotation = Array.from({ length: 20 }, (_, i) => allIds[Math.floor((i * allIds.length) / 20)]);
const filters = (scope: number[] | "all", municipalityId: number | null) => ({ scope, municipalityId, cohort: null, sectorId: null, programmes: INDUSTRY_PROGRAMMES });

// group-years per municipality, to size the extra "largest working scope" case
const tAll = performance.now();
const allGroupYears = await loadGroupYears(db, "all");
const loadAllMs = performance.now() - tAll;
const perMunicipality = new Map<number, number>();
for (const r of allGroupYears) perMunicipality.set(r.municipalityId, (perMunicipality.get(r.municipalityId) ?? 0) + 1);
const region: number[] = [];
let regionGroupYears = 0;
for (const id of allIds) {
  const n = perMunicipality.get(id) ?? 0;
  if (regionGroupYears + n > GROUP_YEARS_LIMIT) break;
  region.push(id);
  regionGroupYears += n;
}
const rotationGroupYears = rotation.map((id) => perMunicipality.get(id) ?? 0);
log(`loadGroupYears(db, "all"): ${n0(allGroupYears.length)} class-group years in ${ms(loadAllMs)}; largest scope below ${n0(GROUP_YEARS_LIMIT)}: ${region.length} municipalities`);
const allGroupYearCount = allGroupYears.length;
allGroupYears.length = 0;

log(`dashboard, one municipality (rotating over 20): ${WARMUP} + ${CALLS} calls`);
const one = await timeCalls("one municipality", WARMUP, CALLS, (i) => {
  const id = rotation[i % rotation.length];
  return reachDashboard(db, filters([id], id));
});
log(`dashboard, whole country: ${WARMUP} + ${CALLS} calls`);
const country = await timeCalls("whole country", WARMUP, CALLS, () => reachDashboard(db, filters("all", null)));
log(`dashboard, ${region.length} municipalities together: 1 + ${EXTRA_CALLS} calls`);
const regional = await timeCalls(`${region.length} municipalities`, 1, EXTRA_CALLS, () => reachDashboard(db, filters(region, null)));
log(`publicImpact: 1 + ${EXTRA_CALLS} calls`);
const impact = await timeCalls("publicImpact", 1, EXTRA_CALLS, () => publicImpact(db));

log("where the time goes: query log and CPU profiles");
const profiled = {
  one: await breakdown((k) => reachDashboard(k, filters([rotation[6]], rotation[6]))),
  region: await breakdown((k) => reachDashboard(k, filters(region, null))),
  country: await breakdown((k) => reachDashboard(k, filters("all", null))),
  impact: await breakdown((k) => publicImpact(k)),
};
const reachQuery = (b: Awaited<ReturnType<typeof breakdown>>) => b.queries.find((q) => q.sql.includes('"visit_class_group"'))!;
const plans: Record<string, string[]> = {};
{
  const sqlite = new Database(file, { readonly: true });
  for (const [label, b] of [["one municipality", profiled.one], ["whole country", profiled.country]] as const) {
    const q = reachQuery(b);
    plans[label] = (sqlite.prepare(`explain query plan ${q.sql}`).all(...q.parameters) as { detail: string }[]).map((r) => r.detail);
  }
  sqlite.close();
}
const profiles = {
  country: await cpuProfile(() => reachDashboard(db, filters("all", null))),
  impact: await cpuProfile(() => publicImpact(db)),
};

log(`import: applicants file of ${n0(municipalities.length * IMPORT_YEARS * 18)} rows`);
const programmeRows = await db.selectFrom("gymnasium_programme").select(["name"]).orderBy("id").execute();
const csvPath = path.join(work, "sokande.csv");
fs.writeFileSync(csvPath, applicantsCsv(municipalities, programmeRows));
const bytes = fs.readFileSync(csvPath);
const userId = (await db.selectFrom("app_user").select("id").where("email", "=", "bench@bench.example").executeTakeFirstOrThrow()).id;
const emptied = Number((await db.deleteFrom("applicant_count").executeTakeFirst()).numDeletedRows);
const imports = [];
{
  const parse = await measured(async () => parseApplicants(bytes));
  imports.push({ step: "`parseApplicants` alone (the CSV parser, no database)", ...parse, counts: `${n0(parse.result.rows.length)} rows, ${parse.result.errors.length} errors` });
  parse.result.rows.length = 0;
}
for (const round of ["first", "again"] as const) {
  const preview = await measured(() => previewImport(db, "applicants", bytes, "sokande.csv"));
  const p = preview.result;
  imports.push({ step: `\`previewImport\`, ${round === "first" ? "empty table" : "same file again"}`, ...preview, counts: `${n0(p.inserted)} new / ${n0(p.updated)} changed / ${n0(p.unchanged)} unchanged; ${p.errors.length} errors, ${p.warnings.length} warnings` });
  preview.result.rows.length = 0;
  const imported = await measured(() => importStatistics(db, { kind: "applicants", bytes, fileName: "sokande.csv", confirmWarnings: true }, userId));
  const r = imported.result;
  imports.push({ step: `\`importStatistics\`, ${round === "first" ? "first import (empty table)" : "re-import of the same file"}`, ...imported, counts: `${n0(r.inserted)} inserted / ${n0(r.updated)} updated / ${n0(r.unchanged)} unchanged` });
  log(`import ${round}: preview ${ms(preview.time)}, import ${ms(imported.time)}`);
}
const importedRows = Number((await db.selectFrom("applicant_count").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

// Experiment, last because it changes the file (the app never runs ANALYZE): the reach query alone,
// the SQL and parameters Kysely sent above, on a raw better-sqlite3 connection, before and after ANALYZE.
log("experiment: the reach query alone, before and after ANALYZE");
const experiment = (() => {
  const sqlite = new Database(file);
  const queries = { one: reachQuery(profiled.one), country: reachQuery(profiled.country) };
  const time = (q: { sql: string; parameters: unknown[] }, runs: number) => {
    const statement = sqlite.prepare(q.sql);
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      rows = statement.all(...q.parameters).length;
      times.push(performance.now() - t0);
    }
    return { ms: stats(times).p50, rows };
  };
  const plan = (q: { sql: string; parameters: unknown[] }) => (sqlite.prepare(`explain query plan ${q.sql}`).all(...q.parameters) as { detail: string }[]).map((r) => r.detail);
  const before = { one: time(queries.one, 3), country: time(queries.country, 1) };
  const t0 = performance.now();
  sqlite.exec("analyze");
  const analyzeMs = performance.now() - t0;
  const after = { one: time(queries.one, 3), country: time(queries.country, 1) };
  const plans = { one: plan(queries.one), country: plan(queries.country) };
  sqlite.close();
  return { before, after, analyzeMs, plans };
})();
await db.destroy();
await sampler.terminate();

// ------------------------------------------------------------------ report

const c = scale.counts;
console.log(`\n## Reach (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version})\n`);
console.log(`| Scale data (better-sqlite3, one transaction) | rows |\n| --- | --- |`);
for (const [table, n] of Object.entries(c)) console.log(`| \`${table}\` | ${n0(n)} |`);
console.log(`| generation time / database file (after a WAL checkpoint) | ${scale.seconds.toFixed(1)} s / ${mb(scale.bytes)} |`);
console.log(`| class-group years (what \`loadGroupYears(db, "all")\` returns; first call ${ms(loadAllMs)}) | ${n0(allGroupYearCount)} |`);

type Timed = Awaited<ReturnType<typeof timeCalls>>;
const line = (label: string, r: Timed) => {
  const load = `${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`;
  label = `${label}, ${r.warmup} unrecorded`;
  if (!r.times.length) {
    const f = stats(r.failures.map((x) => x.ms));
    return `| ${label} | 0 of ${r.failures.length} (every call: \`${r.failures[0].error}\`) | time to the error: ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.max)} | — | ${load} |`;
  }
  const s = stats(r.times);
  return `| ${label} | ${s.n} of ${s.n + r.failures.length} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} | ${ms(stats(r.cpu).p50)} | ${load} |`;
};
const mean = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length));
console.log(`\n| In-process, app's Kysely (unrecorded calls first) | calls ok | p50 | p95 | max | CPU p50 | load avg |\n| --- | --- | --- | --- | --- | --- | --- |`);
console.log(line(`\`reachDashboard\`, one municipality (rotating over 20; mean ${n0(mean(rotationGroupYears))} class-group years each)`, one));
console.log(line(`\`reachDashboard\`, ${region.length} municipalities together (extra case: ${n0(regionGroupYears)} class-group years)`, regional));
console.log(line(`\`reachDashboard\`, whole country (scope "all", ${n0(allGroupYearCount)} class-group years)`, country));
console.log(line("`publicImpact(db)` (whole country)", impact));

console.log(`\n| Where the time goes (one call each, Kysely query log) | one municipality | ${region.length} municipalities | whole country | \`publicImpact\` |\n| --- | --- | --- | --- | --- |`);
const cases = [profiled.one, profiled.region, profiled.country, profiled.impact];
const names = [...new Set(cases.flatMap((b) => b.queries.map((q) => q.name)))];
for (const name of names) console.log(`| SQL: ${name} | ${cases.map((b) => { const qs = b.queries.filter((q) => q.name === name); return qs.length ? ms(qs.reduce((a, q) => a + q.ms, 0)) : "—"; }).join(" | ")} |`);
console.log(`| **all SQL** (driver included: rows to objects) | ${cases.map((b) => `**${ms(b.sqlMs)}**`).join(" | ")} |`);
console.log(`| **JavaScript** (wall − SQL) | ${cases.map((b) => `**${ms(b.wall - b.sqlMs)}**`).join(" | ")} |`);
console.log(`| wall | ${cases.map((b) => ms(b.wall) + (b.error ? ` (then \`${b.error}\`)` : "")).join(" | ")} |`);

for (const [label, plan] of Object.entries(plans)) console.log(`\nEXPLAIN QUERY PLAN, reach query, ${label}:\n\n\`\`\`\n${plan.join("\n")}\n\`\`\``);
for (const [label, p] of [["`reachDashboard`, whole country", profiles.country], ["`publicImpact`", profiles.impact]] as const) {
  console.log(`\n| CPU profile, ${label}: ${ms(p.total)}, top self time | ms | share |\n| --- | --- | --- |`);
  for (const [name, t] of p.top) console.log(`| ${name.replace(/\|/g, "\\|")} | ${ms(t)} | ${((100 * t) / p.total).toFixed(0)} % |`);
}

console.log(
  `\n| Import, applicants file: ${n0(bytes.length)} bytes (${mb(bytes.length)}), ${n0(municipalities.length * IMPORT_YEARS * 18)} data rows, UTF-8 BOM, ";", CRLF (applicant_count emptied first: ${n0(emptied)} rows) | time | RSS before | peak − before | result |\n| --- | --- | --- | --- | --- |`,
);
for (const r of imports) console.log(`| ${r.step} | ${(r.time / 1000).toFixed(2)} s | ${mb(r.before)} | +${mb(r.peak - r.before)} | ${r.counts} |`);
console.log(`\napplicant_count after both imports: ${n0(importedRows)} rows.`);

const e = experiment;
console.log(
  `\n| Experiment, not the app as is: the reach query alone (raw better-sqlite3, same SQL and parameters) | rows | as the app is (no statistics) | after \`ANALYZE\` (${ms(e.analyzeMs)}) |\n| --- | --- | --- | --- |`,
);
console.log(`| one municipality (median of 3) | ${n0(e.before.one.rows)} | ${ms(e.before.one.ms)} | ${ms(e.after.one.ms)} |`);
console.log(`| whole country (1 run) | ${n0(e.before.country.rows)} | ${ms(e.before.country.ms)} | ${ms(e.after.country.ms)} |`);
for (const [label, plan] of [["one municipality", e.plans.one], ["whole country", e.plans.country]] as const)
  console.log(`\nEXPLAIN QUERY PLAN after ANALYZE, ${label}:\n\n\`\`\`\n${plan.join("\n")}\n\`\`\``);
