import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { getEnv } from "~/env.server";
import { requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("mail.title");

/** The outbox, newest first: with the embedded mail-to-log default this is where admins read mail. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const mails = await db
    .selectFrom("mail_outbox")
    .select(["id", "to_address", "subject", "text_body", "status", "attempts", "last_error", "created_at", "sent_at"])
    .orderBy("id", "desc")
    .limit(100)
    .execute();
  return { mails, transport: getEnv().MAIL_TRANSPORT };
}

export default function MailOutbox() {
  const { t, i18n } = useTranslation();
  const { mails, transport } = useLoaderData<typeof loader>();
  const when = (iso: string | null) =>
    iso ? new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Stockholm" }).format(new Date(iso)) : "–";
  return (
    <>
      <PageHeader title={t("mail.title")} lead={t(transport === "log" ? "mail.leadLog" : "mail.leadSmtp")} />
      {mails.length === 0 ? <p>{t("mail.empty")}</p> : null}
      {mails.map((m) => (
        <details key={m.id} className="card">
          <summary>
            <strong>{m.subject}</strong> — {m.to_address} — {t(`mail.status.${m.status}`)} ({when(m.sent_at ?? m.created_at)})
          </summary>
          {m.last_error ? <p className="field__error">{t("mail.lastError", { attempts: m.attempts, error: m.last_error })}</p> : null}
          <div className="mail-body">{m.text_body}</div>
        </details>
      ))}
    </>
  );
}
