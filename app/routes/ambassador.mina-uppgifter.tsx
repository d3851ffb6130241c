import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { eraseAmbassador } from "~/ambassadors/gdpr.server";
import { getAmbassadorForUser } from "~/ambassadors/pool.server";
import { destroySession } from "~/auth.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest } from "~/forms.server";
import { getT } from "~/i18n/i18n.server";
import { notFound, requireUser } from "~/permissions.server";
import { getStorage } from "~/storage.server";
import selfStyles from "~/styles/ambassador-self.css";
import { pageTitle } from "~/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: selfStyles }];

export const meta = pageTitle("ambassadors:myData.title");

/**
 * Changes nothing by itself, but its presence lets Remix's single-fetch client leave this route's
 * loader out of the revalidation after the erasure (it asks only for the routes above the error
 * boundary); without it the server would run this loader and send her to the sign-in page.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ defaultShouldRevalidate }) => defaultShouldRevalidate;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "ambassador" });
  const a = await getAmbassadorForUser(db, user.id);
  if (!a) throw notFound();
  const t = await getT(request, "ambassadors");
  return { title: t("myData.title") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "ambassador" });
  const a = await getAmbassadorForUser(db, user.id);
  if (!a) throw notFound();
  const form = await request.formData();
  if (form.get("intent") !== "erase") return badRequest({ _form: "errors.invalid" });
  if (form.get("confirm") !== "on") return badRequest({ confirm: "ambassadors:errors.confirmErase" });
  await eraseAmbassador(db, getStorage(), { ambassadorId: a.id, actorUserId: user.id });
  // The account and its sessions are gone with the erasure; the browser forgets the cookie too.
  const cookie = await destroySession(request);
  // The confirmation comes from this answer itself. It is thrown so that Remix renders it with
  // this route's ErrorBoundary and does not run this route's loader again, which would now send
  // her to the sign-in page (she has no account any more). Works with and without JavaScript.
  throw data({ erased: true }, { status: 200, headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
}

export default function MyData() {
  const { t } = useTranslation();
  useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const confirmError = errors?.confirm;
  return (
    <>
      <PageHeader title={t("ambassadors:myData.title")} lead={t("ambassadors:myData.lead")} />
      <ErrorSummary errors={errors} labels={{ confirm: t("ambassadors:myData.eraseTitle") }} />

      <section aria-labelledby="rights-title" className="narrow">
        <h2 id="rights-title">{t("ambassadors:myData.rightsTitle")}</h2>
        <ul>
          <li>{t("ambassadors:myData.rightAccess")}</li>
          <li>
            {t("ambassadors:myData.rightCorrect")} <Link to="/ambassador/profil">{t("ambassadors:myData.profileLink")}</Link>
          </li>
          <li>
            {t("ambassadors:myData.rightWithdraw")} <Link to="/ambassador/samtycken">{t("ambassadors:myData.consentsLink")}</Link>
          </li>
          <li>{t("ambassadors:myData.rightErase")}</li>
          <li>{t("ambassadors:myData.rightComplain")}</li>
        </ul>
      </section>

      <section aria-labelledby="download-title" className="self-section narrow">
        <h2 id="download-title">{t("ambassadors:myData.downloadTitle")}</h2>
        <p>{t("ambassadors:myData.downloadBody")}</p>
        <p>
          <a href="/ambassador/mina-uppgifter/zip" download="vagval-mina-uppgifter.zip" className="button button--secondary">
            {t("ambassadors:myData.download")}
          </a>
        </p>
      </section>

      <section aria-labelledby="erase-title" className="self-section narrow">
        <div className="danger-zone">
          <h2 id="erase-title">{t("ambassadors:myData.eraseTitle")}</h2>
          <p>{t("ambassadors:myData.eraseBody")}</p>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="erase" />
            <div className={`field${confirmError ? " field--error" : ""}`}>
              {confirmError ? (
                <p className="field__error" id="confirm-error">
                  <span className="visually-hidden">{t("form.errorPrefix")} </span>
                  {t(confirmError)}
                </p>
              ) : null}
              <div className="checkbox">
                <input
                  type="checkbox"
                  id="confirm"
                  name="confirm"
                  required
                  aria-invalid={confirmError ? true : undefined}
                  aria-describedby={confirmError ? "confirm-error" : undefined}
                />
                <label htmlFor="confirm">{t("ambassadors:myData.confirm")}</label>
              </div>
            </div>
            <button type="submit" className="button button--danger">
              {t("ambassadors:myData.erase")}
            </button>
          </Form>
        </div>
      </section>
    </>
  );
}

/** Shows the erasure confirmation (thrown by the action); everything else as the rest of the site. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && (error.data as { erased?: boolean } | null)?.erased)
    return (
      <>
        <PageHeader title={t("ambassadors:myData.title")} />
        <Notice kind="success">{t("ambassadors:myData.erased")}</Notice>
        <p>
          <a href="/">{t("errorPage.home")}</a>
        </p>
      </>
    );
  return <GeneralErrorBoundary />;
}
