/**
 * Confirmations under contention, end to end: `npx tsx bench/confirmations.ts` (or `npm run bench:confirmations`).
 *
 * Starts the production server (server.js over build/, NODE_ENV=production, no background workers)
 * on a fresh migrated and seeded temporary DATA_DIR, into which it writes BENCH_AMBASSADORS (200)
 * active ambassadors, each with BENCH_SLOTS (2) non-overlapping times on one school day and
 * BENCH_PER_SLOT (5) accepted visits at the demo school competing for each time (their spans all
 * share a quarter hour): 200 × 2 × 5 = 2,000 confirmations of which exactly 200 × 2 = 400 can win.
 * Every confirmation is POSTed (intent=confirm, the school's session, our own Origin) in a shuffled
 * order with BENCH_CONCURRENCY (20) requests in flight, by plain fetch on loopback.
 *
 * Reports attempts/s and successful confirmations/s, p50/p95/p99 latency of all answers (and of the
 * 302s and 409s apart), the server's CPU use, and afterwards, by SQL over the whole visit table, the
 * number of double bookings (pairs of booked visits of one ambassador whose occupied spans overlap:
 * must be 0) and whether the successes equal ambassadors × slots. Exits non-zero when either fails.
 * Markdown on stdout, progress on stderr; the server is stopped by its pid, the data removed
 * (BENCH_KEEP=1 keeps it).
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { addDays } from "../app/ambassadors/rules";
import { isoWeekday, nowInStockholm, occupiedQuarters, fromClockMinutes, clockMinutes } from "../app/visits/rules";

const AMBASSADORS = Number(process.env.BENCH_AMBASSADORS ?? 200);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 2); // non-overlapping times per ambassador
const PER_SLOT = Number(process.env.BENCH_PER_SLOT ?? 5); // overlapping visits competing for each time
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const NO_LONGER_AVAILABLE = "Ambassadören är inte längre ledig den tiden";
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-bench-confirm-"));
const env = { ...process.env, DATA_DIR: work, DEMO_MODE: "true", NODE_ENV: "production", INSECURE_COOKIES: "true", VAGVAL_NO_WORKERS: "1" } as NodeJS.ProcessEnv;
delete env.DATABASE_FILE;
let server: ChildProcess | undefined;
let serverLog = "";

function stop() {
  if (server?.pid && server.exitCode === null) server.kill("SIGTERM");
}
process.on("exit", () => {
  stop();
  if (process.env.BENCH_KEEP === "1") log(`work directory kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(Number(process.env.BENCH_PORT ?? 0), "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

let seed = 11;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

// ------------------------------------------------------------------ data

type Planned = { visitId: number; ambassadorId: number; slot: number; start: string; end: string };

/** Slot s of an ambassador: day ⌊s/3⌋ of the chosen school days, at 08:00, 11:00 or 14:00; the visits for it start 0–45 minutes later and last an hour. */
function populate(file: string): { planned: Planned[]; schoolId: number; days: string[] } {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  const staff = sqlite.prepare("select school_id from app_user where email = 'skola@demo.example'").get() as { school_id: number };
  const schoolId = staff.school_id;
  const { municipality_id: municipalityId } = sqlite.prepare("select municipality_id from school where id = ?").get(schoolId) as { municipality_id: number };
  const holidays = sqlite.prepare("select from_date, to_date from school_holiday where municipality_id = ?").all(municipalityId) as { from_date: string; to_date: string }[];
  const days: string[] = [];
  let d = addDays(nowInStockholm().slice(0, 10), 14);
  while (days.length < Math.ceil(SLOTS / 3)) {
    if (isoWeekday(d) <= 5 && !holidays.some((h) => h.from_date <= d && d <= h.to_date)) days.push(d);
    d = addDays(d, 1);
  }
  const group = sqlite.prepare("select id from class_group where school_id = ? order by id limit 1").get(schoolId) as { id: number };
  const planned: Planned[] = [];
  sqlite.transaction(() => {
    const companies: number[] = [];
    const insertCompany = sqlite.prepare("insert into company (name, org_number, municipality_id, monthly_visit_cap) values (?, ?, ?, 100000) returning id");
    for (let i = 0; i < 20; i++) companies.push((insertCompany.get(`Bench Bokning AB ${i}`, `bench-confirm-${i}`, municipalityId) as { id: number }).id);
    const insertAmbassador = sqlite.prepare(
      `insert into ambassador (municipality_id, status, name, email, company_id, formats_json, grades_json, max_visits_per_month)
       values (?, 'active', ?, ?, ?, '["on_site","digital"]', '[5,6,7,8,9]', 100000) returning id`,
    );
    const insertVisit = sqlite.prepare(
      "insert into visit (school_id, format, status, ambassador_id, start_at, end_at, survey_token) values (?, 'on_site', 'accepted', ?, ?, ?, ?) returning id",
    );
    const insertWindow = sqlite.prepare("insert into visit_window (visit_id, start_at, end_at) values (?, ?, ?)");
    const insertGroup = sqlite.prepare("insert into visit_class_group (visit_id, class_group_id) values (?, ?)");
    const insertProposal = sqlite.prepare("insert into visit_proposal (visit_id, ambassador_id, start_at, end_at, status, decided_at) values (?, ?, ?, ?, 'accepted', ?)");
    for (let a = 0; a < AMBASSADORS; a++) {
      const ambassadorId = (insertAmbassador.get(municipalityId, `Bench Bokad ${a}`, `bench-confirm-${a}@bench.example`, companies[a % companies.length]) as { id: number }).id;
      for (let s = 0; s < SLOTS; s++) {
        const base = clockMinutes(`${days[Math.floor(s / 3)]}T08:00`) + 180 * (s % 3);
        for (let k = 0; k < PER_SLOT; k++) {
          const start = fromClockMinutes(base + 15 * (k % 4));
          const end = fromClockMinutes(base + 15 * (k % 4) + 60);
          const visitId = (insertVisit.get(schoolId, ambassadorId, start, end, `bench-confirm-${a}-${s}-${k}`) as { id: number }).id;
          insertWindow.run(visitId, start, end);
          insertGroup.run(visitId, group.id);
          insertProposal.run(visitId, ambassadorId, start, end, new Date().toISOString());
          planned.push({ visitId, ambassadorId, slot: s, start, end });
        }
      }
    }
  })();
  sqlite.close();
  return { planned, schoolId, days };
}

// ------------------------------------------------------------------ server

const cpuTicks = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 per second on Linux)
};

async function startServer(port: number) {
  server = spawn("node", ["server.js"], { env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout!.on("data", (c) => (serverLog += c));
  server.stderr!.on("data", (c) => (serverLog += c));
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${serverLog}`);
}

// ------------------------------------------------------------------ run

if (!fs.existsSync("build/index.js")) {
  log("no build/: npx remix build");
  execFileSync("npx", ["remix", "build"], { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
}
log(`work directory ${work}: migrating and seeding`);
execFileSync("npx", ["tsx", "db/migrate.ts"], { env, stdio: "ignore" });
execFileSync("npx", ["tsx", "db/seed.ts"], { env, stdio: "ignore" });
const file = path.join(work, "vagval.sqlite");
const { planned, schoolId, days } = populate(file);
log(`${AMBASSADORS} ambassadors × ${SLOTS} times × ${PER_SLOT} competing visits = ${planned.length} accepted visits on ${days.join(", ")}`);

const port = await freePort();
const BASE = `http://127.0.0.1:${port}`;
await startServer(port);
const signIn = await fetch(`${BASE}/logga-in`, { method: "POST", body: new URLSearchParams({ email: "skola@demo.example", password: "vagval-demo" }), headers: { Origin: BASE }, redirect: "manual" });
if (signIn.status !== 302) throw new Error(`sign-in answered ${signIn.status}`);
const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
// warm-up, not recorded: the visit page's loader and render, without changing anything
for (let i = 0; i < 20; i++) await (await fetch(`${BASE}/skolor/${schoolId}/besok/${planned[i].visitId}`, { headers: { Cookie: cookie } })).text();

type Result = { visitId: number; status: number; ms: number; refusedAsTaken: boolean; location: string | null };
const order = [...planned];
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const results: Result[] = [];
let next = 0;
async function worker() {
  while (next < order.length) {
    const { visitId } = order[next++];
    const t0 = performance.now();
    const res = await fetch(`${BASE}/skolor/${schoolId}/besok/${visitId}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "confirm" }),
      headers: { Origin: BASE, Cookie: cookie },
      redirect: "manual",
    });
    const html = await res.text();
    const ms = performance.now() - t0;
    const summary = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
    results.push({ visitId, status: res.status, ms, refusedAsTaken: res.status === 409 && summary.includes(NO_LONGER_AVAILABLE), location: res.headers.get("location") });
  }
}
log(`firing ${order.length} confirmations, ${CONCURRENCY} in flight (load average ${os.loadavg()[0].toFixed(1)})`);
const load0 = os.loadavg()[0];
const machine0 = os.cpus().reduce((n, c) => n + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
const ticks0 = cpuTicks(server!.pid!);
const wall0 = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const wall = (performance.now() - wall0) / 1000;
const serverCores = (cpuTicks(server!.pid!) - ticks0) / 100 / wall;
const machineCores = (os.cpus().reduce((n, c) => n + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0) - machine0) / 1000 / wall;
const load1 = os.loadavg()[0];
stop();

// ------------------------------------------------------------------ check by SQL

const sqlite = new Database(file, { readonly: true });
const doubleBookings = (
  sqlite
    .prepare(
      `with booked as (
         select id, ambassador_id,
                strftime('%s', start_at) / 60 - (case format when 'on_site' then 15 else 0 end) as from_min,
                strftime('%s', end_at) / 60 + (case format when 'on_site' then 15 else 0 end) as to_min
         from visit where status in ('confirmed', 'completed') and ambassador_id is not null)
       select count(*) as n from booked x join booked y
         on x.ambassador_id = y.ambassador_id and x.id < y.id and x.from_min < y.to_min and y.from_min < x.to_min`,
    )
    .get() as { n: number }
).n;
const ids = planned.map((p) => p.visitId);
const placeholders = (n: number) => Array(n).fill("?").join(",");
const byStatus = Object.fromEntries(
  (sqlite.prepare(`select status, count(*) as n from visit where id in (${placeholders(ids.length)}) group by status`).all(...ids) as { status: string; n: number }[]).map((r) => [r.status, r.n]),
);
const confirmed = sqlite.prepare(`select id, ambassador_id, start_at, end_at from visit where status = 'confirmed' and id in (${placeholders(ids.length)})`).all(...ids) as {
  id: number;
  ambassador_id: number;
  start_at: string;
  end_at: string;
}[];
const slotRows = sqlite.prepare(`select visit_id, count(*) as n from booking_slot where visit_id in (${placeholders(ids.length)}) group by visit_id`).all(...ids) as { visit_id: number; n: number }[];
const slotsOk =
  slotRows.length === confirmed.length &&
  confirmed.every((v) => slotRows.find((r) => r.visit_id === v.id)?.n === occupiedQuarters(v.start_at, v.end_at, "on_site").length);
const winnersPerSlot = new Map<string, number>();
for (const v of confirmed) {
  const p = planned.find((x) => x.visitId === v.id)!;
  winnersPerSlot.set(`${p.ambassadorId}/${p.slot}`, (winnersPerSlot.get(`${p.ambassadorId}/${p.slot}`) ?? 0) + 1);
}
sqlite.close();

// ------------------------------------------------------------------ report

const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] : NaN;
};
const ms = (n: number) => `${n.toFixed(0)} ms`;
const won = results.filter((r) => r.status === 302);
const refused = results.filter((r) => r.status === 409);
const other = results.filter((r) => r.status !== 302 && r.status !== 409);
const expected = AMBASSADORS * SLOTS;
const redirectsOk = won.every((r) => r.location === `/skolor/${schoolId}/besok/${r.visitId}?bekraftad=1`);
const ok =
  doubleBookings === 0 &&
  won.length === expected &&
  confirmed.length === expected &&
  winnersPerSlot.size === expected &&
  [...winnersPerSlot.values()].every((n) => n === 1) &&
  refused.length === results.length - expected &&
  refused.every((r) => r.refusedAsTaken) &&
  other.length === 0 &&
  slotsOk &&
  redirectsOk &&
  (byStatus.requested ?? 0) === results.length - expected;

console.log(
  `\n### Confirmations under contention: ${AMBASSADORS} ambassadors × ${SLOTS} times × ${PER_SLOT} competing visits, ${CONCURRENCY} in flight (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores)\n`,
);
console.log("| attempts | confirmed (302) | refused (409 \"inte längre ledig\") | other | wall time | attempts/s | confirmations/s | p50 | p95 | p99 |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
console.log(
  `| ${results.length} | ${won.length} | ${refused.filter((r) => r.refusedAsTaken).length} | ${other.length} | ${wall.toFixed(1)} s | ${(results.length / wall).toFixed(1)} | ${(won.length / wall).toFixed(1)} | ${ms(quantile(results.map((r) => r.ms), 0.5))} | **${ms(quantile(results.map((r) => r.ms), 0.95))}** | ${ms(quantile(results.map((r) => r.ms), 0.99))} |`,
);
console.log(
  `\nLatency apart: 302 p50 ${ms(quantile(won.map((r) => r.ms), 0.5))}, p95 ${ms(quantile(won.map((r) => r.ms), 0.95))}; 409 p50 ${ms(quantile(refused.map((r) => r.ms), 0.5))}, p95 ${ms(quantile(refused.map((r) => r.ms), 0.95))}. ` +
    `Server ${serverCores.toFixed(2)} cores (${(results.length / wall / Math.max(serverCores, 0.01)).toFixed(0)} attempts per server CPU-second); whole machine ${machineCores.toFixed(2)} of ${os.cpus().length} cores busy; load average ${load0.toFixed(1)} → ${load1.toFixed(1)}.`,
);
console.log(
  `\nAfterwards, by SQL: **${doubleBookings} double bookings** (booked visits of one ambassador with overlapping spans, whole table); ${confirmed.length} confirmed = ${AMBASSADORS} × ${SLOTS} expected: ${confirmed.length === expected ? "yes" : "**NO**"}; ` +
    `one winner per ambassador and time: ${winnersPerSlot.size === expected && [...winnersPerSlot.values()].every((n) => n === 1) ? "yes" : "**NO**"}; booking_slot rows exactly the winners' quarters: ${slotsOk ? "yes" : "**NO**"}; ` +
    `visits by status: ${Object.entries(byStatus).map(([s, n]) => `${s} ${n}`).join(", ")}.`,
);
if (other.length) console.log(`\nUnexpected answers: ${[...new Set(other.map((r) => r.status))].join(", ")}`);
if (!ok) {
  log("FAILED: see the checks above");
  if (serverLog) log(`server output (last lines):\n${serverLog.slice(-3000)}`);
  process.exitCode = 1;
}
