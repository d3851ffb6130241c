/**
 * No double booking, ever — through real HTTP against the production server (server.js over the
 * real build) on a fresh migrated and seeded SQLite DATA_DIR.
 *
 *  a) 50 accepted visits of the same ambassador whose times all overlap (every one of them holds
 *     the 09:45 quarter), confirmed by 50 concurrent POSTs from the school: exactly one wins (302 to
 *     ?bekraftad=1), 49 are refused with 409 and the Swedish "no longer available" text; in the
 *     database only the winner is confirmed and holds booking_slot rows (exactly its occupied
 *     quarters), the 49 others are open requests again with their proposals lapsed, no two booked
 *     visits of any ambassador overlap, and confirmation mails are queued for the winner only.
 *  b) One accepted visit confirmed by 50 concurrent POSTs (a double-click storm): one 302,
 *     49 × 409 "Besöket är redan bekräftat.", one set of booking_slot rows, one set of mails.
 *
 * The caps of the ambassador and her company are raised so that only the overlap can refuse.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { openSqlite } from "#db/connection";
import { addDays } from "~/ambassadors/rules";
import { isoWeekday, nowInStockholm, occupiedQuarters } from "~/visits/rules";

const CONCURRENT = 50;
const NO_LONGER_AVAILABLE = "Ambassadören är inte längre ledig den tiden";
const ALREADY_CONFIRMED = "Besöket är redan bekräftat.";

let server: ChildProcess;
let serverLog = "";
let dataDir: string;
let BASE: string;
let db: ReturnType<typeof openSqlite>;
let cookie: string;
let schoolId: number;
let ambassadorId: number;
let groupIds: number[];
let recipients: string[]; // who must get a confirmation: the school's staff, the ambassador, the coordinators

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** The first school day (Monday–Friday by `weekdays`, outside the municipality's holidays) on or after `from`. */
async function schoolDay(from: string, weekdays: number[], municipalityId: number) {
  const holidays = await db.selectFrom("school_holiday").select(["from_date", "to_date"]).where("municipality_id", "=", municipalityId).execute();
  let d = from;
  while (!weekdays.includes(isoWeekday(d)) || holidays.some((h) => h.from_date <= d && d <= h.to_date)) d = addDays(d, 1);
  return d;
}

/** An accepted visit, as propose() + respond() leave it: visit, window, class group and accepted proposal. */
async function acceptedVisit(start: string, end: string, groupId: number) {
  const { id } = await db
    .insertInto("visit")
    .values({ school_id: schoolId, format: "on_site", status: "accepted", ambassador_id: ambassadorId, start_at: start, end_at: end, survey_token: randomBytes(24).toString("base64url") })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("visit_window").values({ visit_id: id, start_at: start, end_at: end }).execute();
  await db.insertInto("visit_class_group").values({ visit_id: id, class_group_id: groupId }).execute();
  await db.insertInto("visit_proposal").values({ visit_id: id, ambassador_id: ambassadorId, start_at: start, end_at: end, status: "accepted", decided_at: new Date().toISOString() }).execute();
  return id;
}

async function signIn(email: string) {
  const res = await fetch(`${BASE}/logga-in`, {
    method: "POST",
    body: new URLSearchParams({ email, password: "vagval-demo" }),
    headers: { Origin: BASE },
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return res.headers.get("set-cookie")!.split(";")[0];
}

type Answer = { visitId: number; status: number; location: string | null; errorSummary: string | null };

/** POST intent=confirm as the school's page does; returns the status and the rendered error summary. */
async function confirmOverHttp(visitId: number): Promise<Answer> {
  const res = await fetch(`${BASE}/skolor/${schoolId}/besok/${visitId}`, {
    method: "POST",
    body: new URLSearchParams({ intent: "confirm" }),
    headers: { Origin: BASE, Cookie: cookie },
    redirect: "manual",
  });
  const html = await res.text();
  // Every page embeds all its texts for the client, so look only at the error summary the page renders.
  const summary = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ") ?? null;
  return { visitId, status: res.status, location: res.headers.get("location"), errorSummary: summary };
}

/** Pairs of booked visits of the same ambassador whose occupied spans overlap (travel time around on-site visits included). */
async function overlappingBookings() {
  const { rows } = await sql<{ a: number; b: number }>`
    with booked as (
      select id, ambassador_id,
             strftime('%s', start_at) / 60 - (case format when 'on_site' then 15 else 0 end) as from_min,
             strftime('%s', end_at) / 60 + (case format when 'on_site' then 15 else 0 end) as to_min
      from visit where status in ('confirmed', 'completed') and ambassador_id is not null)
    select x.id as a, y.id as b from booked x join booked y
      on x.ambassador_id = y.ambassador_id and x.id < y.id and x.from_min < y.to_min and y.from_min < x.to_min`.execute(db);
  return rows;
}

const confirmationMails = (afterId: number) =>
  db.selectFrom("mail_outbox").select(["id", "to_address", "subject", "text_body", "attachments_json"]).where("id", ">", afterId).where("subject", "like", "Bekräftat skolbesök%").execute();
const lastMailId = async () => (await db.selectFrom("mail_outbox").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst())?.id ?? 0;

beforeAll(async () => {
  if (!fs.existsSync("build/index.js")) execFileSync("npx", ["remix", "build"], { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-confirm-"));
  const env = { ...process.env, DATA_DIR: dataDir, DEMO_MODE: "true", NODE_ENV: "production" } as NodeJS.ProcessEnv;
  delete env.DATABASE_FILE;
  execFileSync("npx", ["tsx", "db/migrate.ts"], { env, stdio: "ignore" });
  execFileSync("npx", ["tsx", "db/seed.ts"], { env, stdio: "ignore" });

  db = openSqlite(path.join(dataDir, "vagval.sqlite"));
  const staff = await db.selectFrom("app_user").select(["school_id"]).where("email", "=", "skola@demo.example").executeTakeFirstOrThrow();
  schoolId = staff.school_id!;
  const school = await db.selectFrom("school").select("municipality_id").where("id", "=", schoolId).executeTakeFirstOrThrow();
  const amina = await db.selectFrom("ambassador").select(["id", "company_id", "email"]).where("email", "=", "ambassador@demo.example").executeTakeFirstOrThrow();
  ambassadorId = amina.id;
  groupIds = (await db.selectFrom("class_group").select("id").where("school_id", "=", schoolId).execute()).map((g) => g.id);
  // Only the overlap may refuse: lift her monthly cap and her company's.
  await db.updateTable("ambassador").set({ max_visits_per_month: 1000 }).where("id", "=", ambassadorId).execute();
  await db.updateTable("company").set({ monthly_visit_cap: 1000 }).where("id", "=", amina.company_id!).execute();
  const staffMails = await db.selectFrom("app_user").select("email").where("school_id", "=", schoolId).where("role", "=", "school_staff").where("disabled_at", "is", null).execute();
  const coordinators = await db
    .selectFrom("user_municipality")
    .innerJoin("app_user", "app_user.id", "user_municipality.user_id")
    .select("app_user.email")
    .where("user_municipality.municipality_id", "=", school.municipality_id)
    .where("app_user.role", "=", "coordinator")
    .where("app_user.disabled_at", "is", null)
    .execute();
  recipients = [...new Set([...staffMails.map((u) => u.email), amina.email!, ...coordinators.map((c) => c.email)])].sort();
  expect(recipients.length).toBeGreaterThanOrEqual(3);

  const port = await freePort();
  BASE = `http://127.0.0.1:${port}`;
  server = spawn("node", ["server.js"], { env: { ...env, PORT: String(port), VAGVAL_NO_WORKERS: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout!.on("data", (chunk) => (serverLog += chunk));
  server.stderr!.on("data", (chunk) => (serverLog += chunk));
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i === 199) throw new Error(`server did not start:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  cookie = await signIn("skola@demo.example");
});

afterAll(async () => {
  await db?.destroy();
  server?.kill("SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

afterEach((context) => {
  if (context.task.result?.state === "fail" && serverLog) console.error(`server output:\n${serverLog.slice(-4000)}`);
});

test("50 overlapping visits of one ambassador confirmed at once: exactly one is booked", async () => {
  const municipalityId = (await db.selectFrom("school").select("municipality_id").where("id", "=", schoolId).executeTakeFirstOrThrow()).municipality_id;
  const day = await schoolDay(addDays(nowInStockholm().slice(0, 10), 14), [1], municipalityId);
  // Starts 09:00, 09:15, 09:30, 09:45; 60, 75 or 90 minutes long: every visit covers 09:45–10:00.
  const times = Array.from({ length: CONCURRENT }, (_, i) => {
    const startMin = 9 * 60 + 15 * (i % 4);
    const endMin = startMin + 60 + 15 * (i % 3);
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    return { start: `${day}T${hhmm(startMin)}`, end: `${day}T${hhmm(endMin)}` };
  });
  const ids: number[] = [];
  for (const [i, t] of times.entries()) ids.push(await acceptedVisit(t.start, t.end, groupIds[i % groupIds.length]));
  const slotsBefore = await db.selectFrom("booking_slot").select(["ambassador_id", "quarter", "visit_id"]).execute();
  const mailsBefore = await lastMailId();

  const answers = await Promise.all(ids.map((id) => confirmOverHttp(id)));

  const won = answers.filter((a) => a.status === 302);
  const refused = answers.filter((a) => a.status === 409);
  expect(answers.map((a) => a.status).sort()).toEqual([302, ...Array(CONCURRENT - 1).fill(409)]);
  const winner = won[0].visitId;
  expect(won[0].location).toBe(`/skolor/${schoolId}/besok/${winner}?bekraftad=1`);
  for (const a of refused) expect(a.errorSummary, `answer for visit ${a.visitId}`).toContain(NO_LONGER_AVAILABLE);

  // The database: one confirmed visit, the others open requests again.
  const visits = await db.selectFrom("visit").select(["id", "status", "ambassador_id", "start_at", "end_at", "sequence"]).where("id", "in", ids).execute();
  const confirmed = visits.filter((v) => v.status === "confirmed");
  expect(confirmed.map((v) => v.id)).toEqual([winner]);
  expect(confirmed[0]).toMatchObject({ ambassador_id: ambassadorId, sequence: 1, start_at: times[ids.indexOf(winner)].start, end_at: times[ids.indexOf(winner)].end });
  const losers = visits.filter((v) => v.id !== winner);
  expect(losers).toHaveLength(CONCURRENT - 1);
  for (const v of losers) expect(v, `visit ${v.id}`).toMatchObject({ status: "requested", ambassador_id: null, start_at: null, end_at: null, sequence: 0 });
  const proposals = await db.selectFrom("visit_proposal").select(["visit_id", "status"]).where("visit_id", "in", ids).execute();
  expect(proposals).toHaveLength(CONCURRENT);
  for (const p of proposals) expect(p.status, `proposal of visit ${p.visit_id}`).toBe(p.visit_id === winner ? "confirmed" : "lapsed");

  // booking_slot: the winner's occupied quarters and nothing else was added.
  const slotsAfter = await db.selectFrom("booking_slot").select(["ambassador_id", "quarter", "visit_id"]).orderBy("quarter").execute();
  const added = slotsAfter.filter((s) => !slotsBefore.some((b) => b.ambassador_id === s.ambassador_id && b.quarter === s.quarter));
  expect(added.every((s) => s.visit_id === winner && s.ambassador_id === ambassadorId)).toBe(true);
  expect(added.map((s) => s.quarter)).toEqual(occupiedQuarters(confirmed[0].start_at!, confirmed[0].end_at!, "on_site"));
  expect(slotsAfter.filter((s) => ids.includes(s.visit_id)).map((s) => s.visit_id)).toEqual(Array(added.length).fill(winner));
  expect(await overlappingBookings()).toEqual([]);

  // Mail: one confirmation per recipient, all about the winner; the losers' school and coordinators hear that it lapsed.
  const mails = await confirmationMails(mailsBefore);
  expect(mails.map((m) => m.to_address).sort()).toEqual(recipients);
  for (const m of mails) {
    expect(m.text_body).toContain(`/besok/${winner}`);
    expect(m.attachments_json).toContain(`visit-${winner}@`);
  }
  const lapsed = await db.selectFrom("mail_outbox").select(["text_body"]).where("id", ">", mailsBefore).where("subject", "like", "Ambassadören är inte längre ledig%").execute();
  for (const v of losers) expect(lapsed.filter((m) => m.text_body.includes(`/besok/${v.id}`)).length, `lapse mails for visit ${v.id}`).toBeGreaterThanOrEqual(2);
  expect(lapsed.some((m) => m.text_body.includes(`/besok/${winner}`))).toBe(false);
});

test("one visit confirmed by 50 concurrent POSTs (double-click storm): booked once, mailed once", async () => {
  const municipalityId = (await db.selectFrom("school").select("municipality_id").where("id", "=", schoolId).executeTakeFirstOrThrow()).municipality_id;
  // A different day from the test above, so that nothing else holds her time.
  const day = await schoolDay(addDays(nowInStockholm().slice(0, 10), 21), [3], municipalityId);
  const start = `${day}T13:00`;
  const end = `${day}T14:00`;
  const id = await acceptedVisit(start, end, groupIds[0]);
  const mailsBefore = await lastMailId();

  const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => confirmOverHttp(id)));

  expect(answers.map((a) => a.status).sort()).toEqual([302, ...Array(CONCURRENT - 1).fill(409)]);
  expect(answers.find((a) => a.status === 302)!.location).toBe(`/skolor/${schoolId}/besok/${id}?bekraftad=1`);
  for (const a of answers.filter((x) => x.status === 409)) {
    expect(a.errorSummary).toContain(ALREADY_CONFIRMED);
    expect(a.errorSummary).not.toContain(NO_LONGER_AVAILABLE);
  }

  const visit = await db.selectFrom("visit").select(["status", "sequence", "ambassador_id", "start_at"]).where("id", "=", id).executeTakeFirstOrThrow();
  expect(visit).toEqual({ status: "confirmed", sequence: 1, ambassador_id: ambassadorId, start_at: start });
  const proposals = await db.selectFrom("visit_proposal").select("status").where("visit_id", "=", id).execute();
  expect(proposals.map((p) => p.status)).toEqual(["confirmed"]);
  const slots = await db.selectFrom("booking_slot").select(["ambassador_id", "quarter"]).where("visit_id", "=", id).orderBy("quarter").execute();
  expect(slots.map((s) => s.quarter)).toEqual(occupiedQuarters(start, end, "on_site"));
  expect(slots.every((s) => s.ambassador_id === ambassadorId)).toBe(true);
  expect(await overlappingBookings()).toEqual([]);

  const mails = await confirmationMails(mailsBefore);
  expect(mails.map((m) => m.to_address).sort()).toEqual(recipients);
  expect(mails.every((m) => m.text_body.includes(`/besok/${id}`))).toBe(true);
  const confirmAudits = await db.selectFrom("audit_log").select("id").where("action", "=", "visit.confirm").where("entity_id", "=", String(id)).execute();
  expect(confirmAudits).toHaveLength(1);
});
