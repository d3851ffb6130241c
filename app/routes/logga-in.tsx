import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createUserSession, getUser, homeFor, safeRedirect, signIn } from "~/auth.server";
import { db } from "~/db.server";
import { ErrorSummary, TextField } from "~/components/forms";
import { PageHeader } from "~/components/ui";
import { badRequest, parseForm } from "~/forms.server";
import { clientIp } from "~/request.server";
import { signInSchema } from "~/schemas";
import { pageTitle } from "~/meta";

export const meta = pageTitle("auth.signIn");

/** Remix passes an action's headers on only when the route says so: tell the client when to try again. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user.role));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), signInSchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  const result = await signIn({ ...parsed.data, clientIp: clientIp(request, context) });
  if (!result.ok && result.reason === "rate_limited")
    return data(
      { errors: { _form: "auth.rateLimited" }, values: { email: parsed.data.email }, retryAfterMinutes: result.retryAfterMinutes },
      { status: 429, headers: { "Retry-After": String(result.retryAfterMinutes * 60) } },
    );
  if (!result.ok) return badRequest({ _form: "auth.invalidCredentials" }, { email: parsed.data.email });
  const user = await db.selectFrom("app_user").select("role").where("id", "=", result.userId).executeTakeFirstOrThrow();
  const cookie = await createUserSession(request, result.userId);
  throw redirect(safeRedirect(parsed.data.redirectTo, homeFor(user.role)), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const formError = errors?._form;
  const fieldErrors = errors ? Object.fromEntries(Object.entries(errors).filter(([k]) => k !== "_form")) : undefined;
  const minutes = actionData && "retryAfterMinutes" in actionData ? actionData.retryAfterMinutes : undefined;
  return (
    <div className="narrow">
      <PageHeader title={t("auth.signInTitle")} />
      {formError ? (
        <div className="error-summary" role="alert">
          <h2>{t("form.errorSummary")}</h2>
          <p>{t(formError, { minutes })}</p>
        </div>
      ) : (
        <ErrorSummary errors={fieldErrors} labels={{ email: t("auth.email"), password: t("auth.password") }} />
      )}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField
          name="email"
          type="email"
          autoComplete="username"
          label={t("auth.email")}
          error={fieldErrors?.email}
          defaultValue={actionData?.values?.email}
          required
        />
        <TextField
          name="password"
          type="password"
          autoComplete="current-password"
          label={t("auth.password")}
          error={fieldErrors?.password}
          required
        />
        <button type="submit" className="button">
          {t("auth.signIn")}
        </button>
      </Form>
      <p>
        <Link to="/glomt-losenord">{t("auth.forgotLink")}</Link>
      </p>
    </div>
  );
}
