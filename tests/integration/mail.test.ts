/**
 * The outbox against a real SMTP server (smtp-server from the Nodemailer project): mail queued
 * while the server is down is kept, survives an app restart (a new database connection), and is
 * delivered once the server is back — each message exactly once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSmtp, stopSmtp, type Received } from "./helpers/smtp";
import { openSqlite } from "#db/connection";
import { migrateToLatest } from "#db/migrator";
import { enqueueMail, processOutbox, smtpSender } from "~/mail.server";



const PORT = 2500 + Math.floor(Math.random() * 400);
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-mail-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("mail survives an SMTP outage and an app restart, and is delivered once", async () => {
  const file = path.join(dir, "vagval.sqlite");
  let db = openSqlite(file);
  await migrateToLatest(db);
  const sender = smtpSender(`smtp://127.0.0.1:${PORT}`, "Vägval <no-reply@vagval.test>");

  for (const n of [1, 2, 3])
    await enqueueMail(db, {
      to: `mottagare${n}@demo.example`,
      subject: `Inbjudan ${n}`,
      text: `Hej nummer ${n}`,
      attachments: n === 3 ? [{ filename: "besok.ics", content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", contentType: "text/calendar" }] : undefined,
    });

  // The SMTP server is down: every send fails, nothing is lost.
  expect(await processOutbox(db, sender)).toEqual({ sent: 0, failed: 3 });
  const pending = await db.selectFrom("mail_outbox").selectAll().execute();
  expect(pending.map((m) => [m.status, m.attempts])).toEqual([["pending", 1], ["pending", 1], ["pending", 1]]);
  expect(pending[0].last_error).toMatch(/ECONNREFUSED|connect/i);

  // The app restarts: a new connection over the same file.
  await db.destroy();
  db = openSqlite(file);

  const inbox: Received[] = [];
  const server = await startSmtp(PORT, inbox);
  try {
    // Still inside the backoff window: nothing is sent yet.
    expect(await processOutbox(db, sender)).toEqual({ sent: 0, failed: 0 });
    await db.updateTable("mail_outbox").set({ next_attempt_at: new Date(0).toISOString() }).execute();
    expect(await processOutbox(db, sender)).toEqual({ sent: 3, failed: 0 });
    expect(await processOutbox(db, sender)).toEqual({ sent: 0, failed: 0 });
  } finally {
    await stopSmtp(server);
  }

  expect(inbox.map((m) => m.to[0]).sort()).toEqual(["mottagare1@demo.example", "mottagare2@demo.example", "mottagare3@demo.example"]);
  const third = inbox.find((m) => m.to[0] === "mottagare3@demo.example")!;
  expect(third.raw).toMatch(/Subject: Inbjudan 3/);
  expect(third.raw).toMatch(/Content-Type: text\/calendar/);
  expect(third.raw).toMatch(/filename=besok\.ics/);
  const rows = await db.selectFrom("mail_outbox").select(["status", "attempts", "message_id"]).execute();
  expect(rows.every((r) => r.status === "sent" && r.attempts === 2 && r.message_id)).toBe(true);
  await db.destroy();
});
