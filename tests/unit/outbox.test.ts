import { db } from "~/db.server";
import { backoffMs, enqueueMail, MAX_ATTEMPTS, processOutbox, type MailSender, type OutgoingMail } from "~/mail.server";

const row = (id: number) => db.selectFrom("mail_outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const makeDue = (id: number) => db.updateTable("mail_outbox").set({ next_attempt_at: new Date(0).toISOString() }).where("id", "=", id).execute();

function recordingSender(failWith?: string): MailSender & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return {
    sent,
    async send(mail) {
      if (failWith) throw new Error(failWith);
      sent.push(mail);
      return { messageId: `<${sent.length}@test>` };
    },
  };
}

beforeEach(async () => {
  await db.deleteFrom("mail_outbox").execute();
});

test("a queued mail is sent once and marked sent", async () => {
  const id = await enqueueMail(db, { to: "a@demo.example", subject: "Hej", text: "Text" });
  const sender = recordingSender();
  expect(await processOutbox(db, sender)).toEqual({ sent: 1, failed: 0 });
  expect(await processOutbox(db, sender)).toEqual({ sent: 0, failed: 0 });
  expect(sender.sent).toEqual([{ to: "a@demo.example", subject: "Hej", text: "Text", html: undefined, attachments: undefined }]);
  expect(await row(id)).toMatchObject({ status: "sent", attempts: 1, message_id: "<1@test>" });
});

test("a failed send stays queued with its error and is retried later with backoff", async () => {
  const id = await enqueueMail(db, { to: "b@demo.example", subject: "Hej", text: "Text" });
  const before = Date.now();
  expect(await processOutbox(db, recordingSender("connect ECONNREFUSED 127.0.0.1:2525"))).toEqual({ sent: 0, failed: 1 });
  const failed = await row(id);
  expect(failed).toMatchObject({ status: "pending", attempts: 1, last_error: "connect ECONNREFUSED 127.0.0.1:2525" });
  expect(new Date(failed.next_attempt_at).getTime()).toBeGreaterThanOrEqual(before + backoffMs(1));
  // not due yet: nothing happens even though the server is back
  const ok = recordingSender();
  expect(await processOutbox(db, ok)).toEqual({ sent: 0, failed: 0 });
  await makeDue(id);
  expect(await processOutbox(db, ok)).toEqual({ sent: 1, failed: 0 });
  expect(await row(id)).toMatchObject({ status: "sent", attempts: 2, last_error: null });
});

test("backoff doubles and is capped at an hour", () => {
  expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
  expect(backoffMs(30)).toBe(3600_000);
});

test(`after ${MAX_ATTEMPTS} failures a mail is marked failed and left for an admin`, async () => {
  const id = await enqueueMail(db, { to: "c@demo.example", subject: "Hej", text: "Text" });
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    await makeDue(id);
    await processOutbox(db, recordingSender("boom"));
  }
  expect(await row(id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
});

test("two workers at once never send the same mail twice", async () => {
  for (let i = 0; i < 10; i++) await enqueueMail(db, { to: `d${i}@demo.example`, subject: `Nr ${i}`, text: "Text" });
  const a = recordingSender();
  const b = recordingSender();
  await Promise.all([processOutbox(db, a), processOutbox(db, b)]);
  const subjects = [...a.sent, ...b.sent].map((m) => m.subject).sort();
  expect(subjects).toEqual([...Array(10).keys()].map((i) => `Nr ${i}`).sort());
});

test("a send that died with its process (stale lock) is picked up again", async () => {
  const id = await enqueueMail(db, { to: "e@demo.example", subject: "Hej", text: "Text" });
  await db.updateTable("mail_outbox").set({ status: "sending", locked_until: new Date(Date.now() - 1000).toISOString() }).where("id", "=", id).execute();
  expect(await processOutbox(db, recordingSender())).toEqual({ sent: 1, failed: 0 });
});
