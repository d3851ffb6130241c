import type { ActionFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { getLocale } from "~/i18n/i18n.server";
import { sendPasswordReset } from "~/links.server";
import { takeAttempt } from "~/rate-limit.server";
import { clientIp } from "~/request.server";
import { forgotSchema } from "~/schemas";
import { pageTitle } from "~/meta";

export const meta = pageTitle("auth.forgotTitle");

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), forgotSchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  // A few links per address and per hour: nobody can flood an inbox or keep cancelling someone's link.
  const allowed =
    (await takeAttempt(db, `reset:${parsed.data.email}`, 3, 60)) && (await takeAttempt(db, `reset-from:${clientIp(request, context)}`, 10, 60));
  if (allowed) await sendPasswordReset(db, { email: parsed.data.email, locale: await getLocale(request) });
  // The same answer whether or not the account exists.
  return { sent: true as const };
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  if (actionData && "sent" in actionData)
    return (
      <div className="narrow">
        <PageHeader title={t("auth.forgotTitle")} />
        <Notice kind="success">{t("auth.forgotSent")}</Notice>
      </div>
    );
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  return (
    <div className="narrow">
      <PageHeader title={t("auth.forgotTitle")} lead={t("auth.forgotLead")} />
      <ErrorSummary errors={errors} labels={{ email: t("auth.email") }} />
      <Form method="post" className="stack" noValidate>
        <TextField name="email" type="email" autoComplete="email" label={t("auth.email")} error={errors?.email} required />
        <button type="submit" className="button">
          {t("auth.forgotSubmit")}
        </button>
      </Form>
    </div>
  );
}
