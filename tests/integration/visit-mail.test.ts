/**
 * The SMTP server down during a confirmation: the booking stands, the mails wait in the outbox and
 * go out when it is back.
 *
 * In-process, on its own migrated and seeded SQLite file, through the real service functions
 * (createRequest → propose → respond → confirm → cancel) acting as the real demo users, with the
 * outbox sent by processOutbox + smtpSender to a real SMTP server (smtp-server) on a local port:
 *  - while nothing listens on that port the visit is still confirmed (booking_slot holds its
 *    quarters) and every mail stays pending with attempts > 0 and the connection error;
 *  - once the server is up and the mails are due, each recipient (school staff, ambassador,
 *    coordinators) receives exactly one confirmation with a text/calendar attachment which ical.js
 *    reads as METHOD:REQUEST, UID visit-<id>@…, SEQUENCE 1, DTSTART;TZID=Europe/Stockholm at the
 *    booked wall-clock time;
 *  - cancelling sends METHOD:CANCEL for the same UID with SEQUENCE 2 (and STATUS:CANCELLED).
 * The service modules' own database (app/db.server.ts, opened from DATABASE_FILE at import) is
 * pointed at a separate, empty file: the test also proves that nothing here uses it instead of
 * the database passed in.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import ICAL from "ical.js";
import { sql } from "kysely";
import type { SMTPServer } from "smtp-server";
import { startSmtp, stopSmtp, type Received } from "./helpers/smtp";
import { openSqlite } from "#db/connection";
import { migrateToLatest } from "#db/migrator";
import { seedDemoData, seedReferenceData } from "#db/seed-data";
import type { SessionUser } from "~/auth.server";

type Db = ReturnType<typeof openSqlite>;

// ------------------------------------------------------------------ a small MIME reader

const unfold = (headers: string) => headers.replace(/\r?\n[ \t]+/g, " ");
function splitMessage(raw: string) {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? "" : raw.slice(at).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  for (const line of unfold(head).split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}
const param = (header: string, name: string) => new RegExp(`;\\s*${name}="?([^";]+)"?`, "i").exec(header)?.[1];

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], "utf8"));
  }
  return Buffer.from(bytes);
}
function decodeBody(body: string, encoding = "7bit"): string {
  const e = encoding.toLowerCase();
  if (e === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (e === "quoted-printable") return decodeQuotedPrintable(body).toString("utf8");
  return body;
}

/** Every leaf part of a MIME message (multiparts walked by their boundary), decoded. */
function leafParts(raw: string): { contentType: string; disposition: string; text: string }[] {
  const { headers, body } = splitMessage(raw);
  const contentType = headers.get("content-type") ?? "text/plain";
  if (/^multipart\//i.test(contentType)) {
    const boundary = param(contentType, "boundary")!;
    const delimiter = `--${boundary}`;
    const sections = body.split(new RegExp(`\\r?\\n?${delimiter.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:--)?[ \\t]*\\r?\\n?`));
    // sections[0] is the preamble, the last is the epilogue after the closing delimiter
    return sections.slice(1, -1).flatMap((part) => leafParts(part));
  }
  return [{ contentType, disposition: headers.get("content-disposition") ?? "", text: decodeBody(body, headers.get("content-transfer-encoding")) }];
}

/** A header value with RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) decoded. */
function decodeHeader(value: string) {
  return value
    .replace(/\?=\s+=\?/g, "?==?") // whitespace between adjacent encoded words is not part of the text
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")).toString("utf8"),
    );
}

/** The message's subject and its one text/calendar part read by ical.js. */
function readInvitation(raw: string) {
  const subject = decodeHeader(splitMessage(raw).headers.get("subject") ?? "");
  const calendars = leafParts(raw).filter((p) => /^text\/calendar/i.test(p.contentType));
  if (calendars.length !== 1) return { subject, calendar: null };
  expect(calendars[0].disposition).toMatch(/attachment/i);
  const calendar = new ICAL.Component(ICAL.parse(calendars[0].text));
  const vevents = calendar.getAllSubcomponents("vevent");
  expect(vevents).toHaveLength(1);
  const event = vevents[0];
  const dtstart = event.getFirstProperty("dtstart")!;
  const start = dtstart.getFirstValue() as ICAL.Time;
  return {
    subject,
    contentType: calendars[0].contentType,
    calendar: {
      method: calendar.getFirstPropertyValue("method"),
      uid: event.getFirstPropertyValue("uid"),
      sequence: event.getFirstPropertyValue("sequence"),
      status: event.getFirstPropertyValue("status"),
      tzid: dtstart.getParameter("tzid"),
      start: `${start.year}-${String(start.month).padStart(2, "0")}-${String(start.day).padStart(2, "0")}T${String(start.hour).padStart(2, "0")}:${String(start.minute).padStart(2, "0")}`,
      zones: calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid")),
    },
  };
}

// ------------------------------------------------------------------ setup

/** A port nothing listens on (taken from the kernel and released again). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

let PORT: number;
let dir: string;
let db: Db;
let smtp: SMTPServer | undefined;
let visits: typeof import("~/visits/visits.server");
let mail: typeof import("~/mail.server");
let rules: typeof import("~/visits/rules");
let days: typeof import("~/ambassadors/rules");
let schemas: typeof import("~/visits/schemas");

beforeAll(async () => {
  PORT = await freePort();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-visit-mail-"));
  // The service modules read their configuration (getEnv) when imported: set it first.
  Object.assign(process.env, {
    DATA_DIR: dir,
    DATABASE_FILE: path.join(dir, "global-db-must-stay-empty.sqlite"),
    NODE_ENV: "test",
    SESSION_SECRET: "test-secret-test-secret-test-secret-0123",
    MAIL_TRANSPORT: "log",
    STORAGE_DRIVER: "local",
    DEMO_MODE: "true",
    PUBLIC_URL: "https://vagval.test",
  });
  visits = await import("~/visits/visits.server");
  mail = await import("~/mail.server");
  rules = await import("~/visits/rules");
  days = await import("~/ambassadors/rules");
  schemas = await import("~/visits/schemas");

  db = openSqlite(path.join(dir, "vagval.sqlite"));
  await migrateToLatest(db);
  await db.transaction().execute(async (trx) => {
    await seedReferenceData(trx);
    await seedDemoData(trx);
  });
});

afterAll(async () => {
  if (smtp) await stopSmtp(smtp);
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A signed-in user as requireUser() returns her, loaded from the demo accounts. */
async function actor(email: string): Promise<SessionUser> {
  const u = await db.selectFrom("app_user").select(["id", "email", "name", "role", "locale", "school_id"]).where("email", "=", email).executeTakeFirstOrThrow();
  const municipalities = await db.selectFrom("user_municipality").select("municipality_id").where("user_id", "=", u.id).execute();
  return { id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale, schoolId: u.school_id, municipalityIds: municipalities.map((m) => m.municipality_id), sessionId: "visit-mail-test" };
}

/** Sends everything due, as the mail worker would, until a round sends and fails nothing. */
async function drain(sender: import("~/mail.server").MailSender) {
  const total = { sent: 0, failed: 0 };
  for (;;) {
    const round = await mail.processOutbox(db, sender);
    if (!round.sent && !round.failed) return total;
    total.sent += round.sent;
    total.failed += round.failed;
  }
}

// ------------------------------------------------------------------ the test

test("a confirmation made while SMTP is down stands; its invitations go out once SMTP is back, and the cancellation cancels them", async () => {
  const sender = mail.smtpSender(`smtp://127.0.0.1:${PORT}`, "Vägval <no-reply@vagval.test>");
  const staff = await actor("skola@demo.example");
  const coordinator = await actor("samordnare@demo.example");
  const ambassadorUser = await actor("ambassador@demo.example");
  const ambassadorId = (await visits.ambassadorIdOf(db, ambassadorUser.id))!;
  const schoolId = staff.schoolId!;
  const school = await db.selectFrom("school").select("municipality_id").where("id", "=", schoolId).executeTakeFirstOrThrow();
  const coordinators = await db
    .selectFrom("user_municipality")
    .innerJoin("app_user", "app_user.id", "user_municipality.user_id")
    .select("app_user.email")
    .where("user_municipality.municipality_id", "=", school.municipality_id)
    .where("app_user.role", "=", "coordinator")
    .execute();
  const recipients = [...new Set([staff.email, ambassadorUser.email, ...coordinators.map((c) => c.email)])].sort();
  expect(recipients).toContain(coordinator.email);

  // A Monday at least two weeks ahead, outside the holidays: Amina is free 09–11.
  const holidays = await db.selectFrom("school_holiday").select(["from_date", "to_date"]).where("municipality_id", "=", school.municipality_id).execute();
  let day = days.addDays(rules.nowInStockholm().slice(0, 10), 14);
  while (rules.isoWeekday(day) !== 1 || holidays.some((h) => h.from_date <= day && day <= h.to_date)) day = days.addDays(day, 1);
  const start = `${day}T09:00`;
  const end = `${day}T10:00`;

  // request → proposal → accepted → confirmed, through the service functions
  const groups = await db.selectFrom("class_group").select(["id", "label"]).where("school_id", "=", schoolId).where("label", "in", ["5B", "5C"]).execute();
  const request = schemas.visitRequestSchema.parse({ groups: groups.map((g) => String(g.id)), format: "on_site", "date-1": day, "from-1": "09:00", "to-1": "10:00" });
  const visitId = await visits.createRequest(db, { schoolId, user: staff, request });
  const windowId = (await visits.getVisit(db, visitId))!.windows[0].id;
  await visits.propose(db, { visitId, ambassadorId, windowId, note: null, actor: coordinator });
  await visits.respond(db, { visitId, ambassadorId, accept: true, actor: ambassadorUser });
  await visits.confirm(db, { visitId, actor: staff });

  // SMTP is down (nothing listens on PORT): every send fails, the booking stands, the mails wait.
  const down = await drain(sender);
  expect(down.sent).toBe(0);
  expect(down.failed).toBeGreaterThanOrEqual(recipients.length);
  const visit = (await visits.getVisit(db, visitId))!;
  expect(visit).toMatchObject({ status: "confirmed", ambassador_id: ambassadorId, start_at: start, end_at: end, sequence: 1 });
  const slots = await db.selectFrom("booking_slot").select("quarter").where("visit_id", "=", visitId).orderBy("quarter").execute();
  expect(slots.map((s) => s.quarter)).toEqual(rules.occupiedQuarters(start, end, "on_site"));
  const waiting = await db.selectFrom("mail_outbox").selectAll().where("subject", "like", "Bekräftat skolbesök%").execute();
  expect(waiting.map((m) => m.to_address).sort()).toEqual(recipients);
  for (const m of waiting) {
    expect(m.status).toBe("pending");
    expect(m.attempts).toBeGreaterThan(0);
    expect(m.last_error).toMatch(/ECONNREFUSED|connect/i);
  }
  expect(await db.selectFrom("mail_outbox").select("id").where("status", "!=", "pending").execute()).toEqual([]);

  // SMTP is back; the retries fall due.
  const inbox: Received[] = [];
  smtp = await startSmtp(PORT, inbox);
  await db.updateTable("mail_outbox").set({ next_attempt_at: new Date(0).toISOString() }).where("status", "=", "pending").execute();
  const up = await drain(sender);
  expect(up).toEqual({ sent: down.failed, failed: 0 });
  expect(await db.selectFrom("mail_outbox").select("id").where("status", "!=", "sent").execute()).toEqual([]);

  const uid = `visit-${visitId}@vagval.test`;
  const confirmations = inbox.map((m) => ({ to: m.to, ...readInvitation(m.raw) })).filter((m) => m.subject.startsWith("Bekräftat skolbesök"));
  expect(confirmations.flatMap((m) => m.to).sort()).toEqual(recipients); // exactly one each
  for (const m of confirmations) {
    expect(m.contentType).toMatch(/^text\/calendar/i);
    expect(m.calendar).toEqual({ method: "REQUEST", uid, sequence: 1, status: "CONFIRMED", tzid: "Europe/Stockholm", start, zones: ["Europe/Stockholm"] });
  }
  // Nothing else that went out carried a calendar file.
  expect(inbox.map((m) => readInvitation(m.raw)).filter((m) => m.calendar)).toHaveLength(confirmations.length);

  // Cancelled: everyone's calendar gets METHOD:CANCEL for the same event, one SEQUENCE later.
  inbox.length = 0;
  await visits.cancel(db, { visitId, reason: "Skolan har studiedag.", actor: staff });
  expect(await db.selectFrom("booking_slot").select("quarter").where("visit_id", "=", visitId).execute()).toEqual([]);
  expect(await drain(sender)).toEqual({ sent: recipients.length, failed: 0 });
  const cancellations = inbox.map((m) => ({ to: m.to, ...readInvitation(m.raw) }));
  expect(cancellations.every((m) => m.subject.startsWith("Avbokat skolbesök"))).toBe(true);
  expect(cancellations.flatMap((m) => m.to).sort()).toEqual(recipients);
  for (const m of cancellations) expect(m.calendar).toEqual({ method: "CANCEL", uid, sequence: 2, status: "CANCELLED", tzid: "Europe/Stockholm", start, zones: ["Europe/Stockholm"] });

  // The modules' own database (DATABASE_FILE) was never used: the service worked on the one passed in.
  const global = (await import("~/db.server")).db;
  expect((await sql<{ n: number }>`select count(*) as n from sqlite_master`.execute(global)).rows[0].n).toBe(0);
});
