import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { checkAuthToken, createUserSession, homeFor, redeemAuthToken } from "~/auth.server";
import { ErrorSummary, TextField } from "~/components/forms";
import { InvalidLinkPage } from "~/components/token-pages";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { acceptInvitationSchema } from "~/schemas";
import { pageTitle } from "~/meta";

export const meta = pageTitle("auth.invitationTitle");

export async function loader({ params }: LoaderFunctionArgs) {
  const check = await checkAuthToken(db, params.token ?? "", "invitation");
  if (check.state !== "valid") return data({ state: check.state, email: null, name: null }, { status: 410 });
  const user = await db.selectFrom("app_user").select(["email", "name"]).where("id", "=", check.userId).executeTakeFirstOrThrow();
  return { state: "valid" as const, email: user.email, name: user.name };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), acceptInvitationSchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  const result = await redeemAuthToken(db, {
    token: params.token ?? "",
    purpose: "invitation",
    password: parsed.data.password,
    name: parsed.data.name,
  });
  if (result.state !== "valid") return data({ state: result.state }, { status: 410 });
  const user = await db.selectFrom("app_user").select("role").where("id", "=", result.userId).executeTakeFirstOrThrow();
  throw redirect(homeFor(user.role), { headers: { "Set-Cookie": await createUserSession(request, result.userId) } });
}

export default function AcceptInvitation() {
  const { t } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const state = actionData && "state" in actionData ? actionData.state : loaderData.state;
  if (state !== "valid") return <InvalidLinkPage state={state} kind="invitation" />;
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  return (
    <div className="narrow">
      <PageHeader title={t("auth.invitationTitle")} lead={t("auth.invitationLead", { email: loaderData.email })} />
      <ErrorSummary
        errors={errors}
        labels={{ name: t("auth.name"), password: t("auth.newPassword"), confirm: t("auth.confirmPassword") }}
      />
      <Form method="post" className="stack" noValidate>
        <TextField name="name" autoComplete="name" label={t("auth.name")} error={errors?.name} defaultValue={values?.name ?? loaderData.name ?? ""} required />
        <TextField name="password" type="password" autoComplete="new-password" label={t("auth.newPassword")} hint={t("auth.passwordHint")} error={errors?.password} required />
        <TextField name="confirm" type="password" autoComplete="new-password" label={t("auth.confirmPassword")} error={errors?.confirm} required />
        <button type="submit" className="button">
          {t("auth.invitationSubmit")}
        </button>
      </Form>
    </div>
  );
}
