import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { checkAuthToken, createUserSession, redeemAuthToken } from "~/auth.server";
import { ErrorSummary, TextField } from "~/components/forms";
import { InvalidLinkPage } from "~/components/token-pages";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { setPasswordSchema } from "~/schemas";
import { pageTitle } from "~/meta";

export const meta = pageTitle("auth.resetTitle");

export async function loader({ params }: LoaderFunctionArgs) {
  const check = await checkAuthToken(db, params.token ?? "", "password_reset");
  if (check.state !== "valid") return data({ state: check.state }, { status: 410 });
  return { state: "valid" as const };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), setPasswordSchema);
  if (!parsed.ok) return badRequest(parsed.errors);
  const result = await redeemAuthToken(db, { token: params.token ?? "", purpose: "password_reset", password: parsed.data.password });
  if (result.state !== "valid") return data({ state: result.state }, { status: 410 });
  throw redirect("/oversikt", { headers: { "Set-Cookie": await createUserSession(request, result.userId) } });
}

export default function ResetPassword() {
  const { t } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const state = actionData && "state" in actionData ? actionData.state : loaderData.state;
  if (state !== "valid") return <InvalidLinkPage state={state} kind="reset" />;
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  return (
    <div className="narrow">
      <PageHeader title={t("auth.resetTitle")} />
      <ErrorSummary errors={errors} labels={{ password: t("auth.newPassword"), confirm: t("auth.confirmPassword") }} />
      <Form method="post" className="stack" noValidate>
        <TextField name="password" type="password" autoComplete="new-password" label={t("auth.newPassword")} hint={t("auth.passwordHint")} error={errors?.password} required />
        <TextField name="confirm" type="password" autoComplete="new-password" label={t("auth.confirmPassword")} error={errors?.confirm} required />
        <button type="submit" className="button">
          {t("auth.resetSubmit")}
        </button>
      </Form>
    </div>
  );
}
