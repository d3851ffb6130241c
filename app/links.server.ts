import { nowIso } from "#db/adapter";
import { createAuthToken } from "./auth.server";
import type { DB } from "./db.server";
import { getEnv } from "./env.server";
import { tFor } from "./i18n/i18n.server";
import { enqueueMail } from "./mail.server";

export const INVITATION_TTL_HOURS = 72;
export const RESET_TTL_HOURS = 1;

/** A link for e-mails and feeds: the path on PUBLIC_URL. */
export const absoluteUrl = (path: string) => new URL(path, getEnv().PUBLIC_URL).toString();
const absolute = absoluteUrl;

/** Creates a single-use invitation link for a user and queues the e-mail, in the caller's transaction. */
export async function sendInvitation(trx: DB, input: { userId: number; email: string; invitedBy: number; locale: string }) {
  const token = await createAuthToken(trx, {
    userId: input.userId,
    purpose: "invitation",
    createdBy: input.invitedBy,
    ttlHours: INVITATION_TTL_HOURS,
  });
  const t = await tFor(input.locale);
  const link = absolute(`/inbjudan/${token}`);
  await enqueueMail(trx, {
    to: input.email,
    subject: t("mail.invitation.subject"),
    text: t("mail.invitation.body", { link, hours: INVITATION_TTL_HOURS }),
  });
  return { token, link };
}

/** Queues a password-reset link; callers answer the same whether or not the account exists. */
export async function sendPasswordReset(db: DB, input: { email: string; locale: string }) {
  const user = await db
    .selectFrom("app_user")
    .select(["id", "locale"])
    .where("email", "=", input.email)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  if (!user) return null;
  return db.transaction().execute(async (trx) => {
    // An older unused link stops working when a new one is asked for.
    await trx
      .updateTable("auth_token")
      .set({ used_at: nowIso() })
      .where("user_id", "=", user.id)
      .where("purpose", "=", "password_reset")
      .where("used_at", "is", null)
      .execute();
    const token = await createAuthToken(trx, { userId: user.id, purpose: "password_reset", ttlHours: RESET_TTL_HOURS });
    const t = await tFor(input.locale);
    const link = absolute(`/aterstall/${token}`);
    await enqueueMail(trx, { to: input.email, subject: t("mail.reset.subject"), text: t("mail.reset.body", { link, minutes: RESET_TTL_HOURS * 60 }) });
    return { token, link };
  });
}
