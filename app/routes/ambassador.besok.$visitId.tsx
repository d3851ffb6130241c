import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextArea, formResult } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { pageTitle } from "~/meta";
import { cancelFromForm, languageNames, refusal, visitForAmbassador } from "~/visits/access.server";
import { CancelForm, SurveyResults, VisitFacts } from "~/visits/components";
import { nowInStockholm } from "~/visits/rules";
import { reflectionSchema } from "~/visits/schemas";
import { respond, saveReflection, surveyResults, surveyState } from "~/visits/visits.server";

export const meta = pageTitle("visits:detail.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { visit, ambassadorId } = await visitForAmbassador(request, params);
  const now = nowInStockholm();
  const mine = visit.ambassador_id === ambassadorId;
  // A visit once proposed to her but now with someone else shows only that it left her.
  return {
    visit: mine ? visit : { ...visit, ambassador_name: null, start_at: null, end_at: null, reflection: null },
    mine,
    languageNames: await languageNames(),
    started: mine && !!visit.start_at && visit.start_at <= now,
    results: mine && surveyState(visit, now) !== "notYet" ? await surveyResults(db, visit.id) : null,
  };
}

/** She accepts or declines a proposal, cancels with a reason, or writes her reflection afterwards. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, visit, ambassadorId } = await visitForAmbassador(request, params);
  const form = await request.formData();
  const intent = form.get("intent");
  const back = `/ambassador/besok/${visit.id}`;
  try {
    if (intent === "accept" || intent === "decline") {
      await respond(db, { visitId: visit.id, ambassadorId, accept: intent === "accept", actor: user });
      throw redirect(`${back}?svar=${intent === "accept" ? "ja" : "nej"}`);
    }
    if (intent === "cancel") {
      if (visit.ambassador_id !== ambassadorId) return badRequest({ _form: "errors.notFound" });
      return await cancelFromForm(form, visit.id, user, back);
    }
    if (intent === "reflection") {
      const parsed = parseForm(form, reflectionSchema);
      if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
      await saveReflection(db, { visitId: visit.id, ambassadorId, reflection: parsed.data.reflection, actor: user });
      throw redirect(`${back}?sparad=1`);
    }
  } catch (error) {
    return refusal(error);
  }
  return badRequest({ _form: "errors.invalid" });
}

export default function AmbassadorVisit() {
  const { t } = useTranslation();
  const { visit, mine, languageNames, started, results } = useLoaderData<typeof loader>();
  const { errors, values } = formResult(useActionData<typeof action>());
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader title={t("visits:detail.title")} />
      <p>
        <Link to="/ambassador/besok">{t("visits:mine.back")}</Link>
      </p>
      {params.get("svar") === "ja" ? <Notice kind="success">{t("visits:respond.accepted")}</Notice> : null}
      {params.get("svar") === "nej" ? <Notice kind="success">{t("visits:respond.declined")}</Notice> : null}
      {params.get("avbokad") ? <Notice kind="success">{t("visits:cancel.done")}</Notice> : null}
      {params.get("sparad") ? <Notice kind="success">{t("visits:reflection.saved")}</Notice> : null}
      <ErrorSummary errors={errors} labels={{ _form: "", reason: t("visits:cancel.reason"), reflection: t("visits:reflection.label") }} />
      {!mine ? <Notice>{t("visits:mine.notYours")}</Notice> : null}
      <VisitFacts visit={visit} languageNames={languageNames} />

      {mine && visit.status === "proposed" ? (
        <section aria-labelledby="respond-title">
          <h2 id="respond-title">{t("visits:respond.title")}</h2>
          <p>{t("visits:respond.lead")}</p>
          <div className="actions">
            <Form method="post">
              <input type="hidden" name="intent" value="accept" />
              <button type="submit" className="button">
                {t("visits:respond.accept")}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="decline" />
              <button type="submit" className="button button--secondary">
                {t("visits:respond.decline")}
              </button>
            </Form>
          </div>
        </section>
      ) : null}

      {started && (visit.status === "confirmed" || visit.status === "completed") ? (
        <section aria-labelledby="reflection-title">
          <h2 id="reflection-title">{t("visits:reflection.title")}</h2>
          <Form method="post" className="stack narrow" noValidate>
            <input type="hidden" name="intent" value="reflection" />
            <TextArea name="reflection" label={t("visits:reflection.label")} hint={t("visits:reflection.hint")} error={errors?.reflection} defaultValue={values.reflection ?? visit.reflection ?? ""} />
            <button type="submit" className="button">
              {t("visits:reflection.submit")}
            </button>
          </Form>
        </section>
      ) : null}
      {results ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t("visits:survey.resultsTitle")}</h2>
          <SurveyResults results={results} />
        </section>
      ) : null}

      {mine && !started && (visit.status === "accepted" || visit.status === "confirmed") ? (
        <CancelForm error={errors?.reason} reason={values.reason} />
      ) : null}
    </>
  );
}
