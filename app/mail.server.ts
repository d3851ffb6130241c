/**
 * Outgoing mail goes through the mail_outbox table: callers enqueue inside their own transaction,
 * and a worker sends. Nothing is lost if the SMTP server is down or the app restarts; failed
 * sends are retried with exponential backoff.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { nowIso } from "#db/adapter";
import type { MailOutboxRow } from "#db/schema";
import type { DB } from "./db.server";
import { getEnv } from "./env.server";

export interface MailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export const MAX_ATTEMPTS = 12;
/** 30 s, 1 min, 2 min … capped at 1 hour. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
/** A send that takes longer than this is assumed to have died with its process and is tried again. */
const LOCK_MS = 5 * 60_000;

export async function enqueueMail(database: DB, mail: OutgoingMail) {
  const row = await database
    .insertInto("mail_outbox")
    .values({
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html ?? null,
      attachments_json: mail.attachments ? JSON.stringify(mail.attachments) : null,
      next_attempt_at: nowIso(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<{ messageId?: string }>;
}

/** Embedded default: mail is written to the log (and stays readable at /admin/e-post). */
export const logSender: MailSender = {
  async send(mail) {
    console.log(`[mail] to=${mail.to} subject=${JSON.stringify(mail.subject)}\n${mail.text}`);
    return {};
  },
};

export function smtpSender(smtpUrl: string, from: string): MailSender {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      });
      return { messageId: info.messageId };
    },
  };
}

export function senderFromEnv(): MailSender {
  const env = getEnv();
  return env.MAIL_TRANSPORT === "smtp" && env.SMTP_URL ? smtpSender(env.SMTP_URL, env.MAIL_FROM) : logSender;
}

const toMail = (row: MailOutboxRow): OutgoingMail => ({
  to: row.to_address,
  subject: row.subject,
  text: row.text_body,
  html: row.html_body ?? undefined,
  attachments: row.attachments_json ? JSON.parse(row.attachments_json) : undefined,
});

/**
 * Sends every due message once. Each row is claimed with a conditional update, so two workers
 * never send the same message. Returns how many were sent and how many failed this round.
 */
export async function processOutbox(database: DB, sender: MailSender, { limit = 20 } = {}) {
  const now = nowIso();
  const due = await database
    .selectFrom("mail_outbox")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "pending"), eb("next_attempt_at", "<=", now)]),
        eb.and([eb("status", "=", "sending"), eb("locked_until", "<", now)]),
      ]),
    )
    .orderBy("id")
    .limit(limit)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const row of due) {
    const claimed = await database
      .updateTable("mail_outbox")
      .set({ status: "sending", locked_until: new Date(Date.now() + LOCK_MS).toISOString() })
      .where("id", "=", row.id)
      .where("status", "=", row.status)
      .where("attempts", "=", row.attempts)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const attempts = row.attempts + 1;
    try {
      const info = await sender.send(toMail(row));
      await database
        .updateTable("mail_outbox")
        .set({ status: "sent", attempts, sent_at: nowIso(), locked_until: null, last_error: null, message_id: info.messageId ?? null })
        .where("id", "=", row.id)
        .execute();
      sent++;
    } catch (error) {
      failed++;
      await database
        .updateTable("mail_outbox")
        .set({
          status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          attempts,
          locked_until: null,
          last_error: String((error as Error)?.message ?? error).slice(0, 500),
          next_attempt_at: new Date(Date.now() + backoffMs(attempts)).toISOString(),
        })
        .where("id", "=", row.id)
        .execute();
    }
  }
  return { sent, failed };
}

/** Starts the background sender once per process (not in tests, which drive processOutbox directly). */
export function startMailWorker(database: DB, sender: MailSender = senderFromEnv(), intervalMs = 3000) {
  const g = globalThis as unknown as { __vagvalMailWorker?: NodeJS.Timeout };
  if (g.__vagvalMailWorker) return;
  let running = false;
  g.__vagvalMailWorker = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await processOutbox(database, sender);
    } catch (error) {
      console.error("[mail] worker error", error);
    } finally {
      running = false;
    }
  }, intervalMs);
  g.__vagvalMailWorker.unref();
}
