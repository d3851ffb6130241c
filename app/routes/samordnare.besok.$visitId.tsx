import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, formResult } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { pageTitle } from "~/meta";
import { cancelFromForm, languageNames, refusal, visitForCoordinator } from "~/visits/access.server";
import { CancelForm, Reasons, StatusTag, SurveyResults, VisitFacts, when } from "~/visits/components";
import { cancellableStatuses, nowInStockholm } from "~/visits/rules";
import { proposalSchema } from "~/visits/schemas";
import { markNoShow, propose, suggestionsFor, surveyResults, surveyState } from "~/visits/visits.server";

export const meta = pageTitle("visits:detail.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { visit } = await visitForCoordinator(request, params);
  const now = nowInStockholm();
  return {
    visit,
    languageNames: await languageNames(),
    suggestions: visit.status === "requested" ? await suggestionsFor(db, visit, now) : [],
    started: !!visit.start_at && visit.start_at <= now,
    results: surveyState(visit, now) === "notYet" ? null : await surveyResults(db, visit.id),
  };
}

/** The coordinator proposes an ambassador for a window, cancels with a reason, or records a no-show. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, visit } = await visitForCoordinator(request, params);
  const form = await request.formData();
  const intent = form.get("intent");
  const back = `/samordnare/besok/${visit.id}`;
  try {
    if (intent === "propose") {
      const parsed = parseForm(form, proposalSchema);
      if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
      await propose(db, { visitId: visit.id, ambassadorId: parsed.data.ambassadorId, windowId: parsed.data.windowId, note: parsed.data.note, actor: user });
      throw redirect(`${back}?foreslagen=1`);
    }
    if (intent === "cancel") return await cancelFromForm(form, visit.id, user, back);
    if (intent === "no-show") {
      await markNoShow(db, { visitId: visit.id, actor: user });
      throw redirect(back);
    }
  } catch (error) {
    return refusal(error);
  }
  return badRequest({ _form: "errors.invalid" });
}

export default function CoordinatorVisit() {
  const { t } = useTranslation();
  const { visit, languageNames, suggestions, started, results } = useLoaderData<typeof loader>();
  const { errors, values } = formResult(useActionData<typeof action>());
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader title={t("visits:detail.title")} />
      <p>
        <Link to="/samordnare/besok">{t("visits:board.back")}</Link>
      </p>
      {params.get("foreslagen") ? <Notice kind="success">{t("visits:propose.done")}</Notice> : null}
      {params.get("avbokad") ? <Notice kind="success">{t("visits:cancel.done")}</Notice> : null}
      <ErrorSummary errors={errors} labels={{ _form: "", ambassadorId: t("visits:fields.ambassador"), windowId: t("visits:fields.time"), reason: t("visits:cancel.reason") }} />
      <VisitFacts visit={visit} languageNames={languageNames} />

      {visit.status === "requested" ? (
        <section aria-labelledby="suggestions-title">
          <h2 id="suggestions-title">{t("visits:propose.title")}</h2>
          <p>{t("visits:propose.lead")}</p>
          {suggestions.length === 0 ? (
            <Notice kind="warning">{t("visits:propose.none")}</Notice>
          ) : (
            <ol className="suggestions">
              {suggestions.map((s) => (
                <li key={s.ambassadorId} className="card">
                  <h3 className="card__title">
                    <Link to={`/samordnare/ambassadorer/${s.ambassadorId}`}>{s.name}</Link>
                  </h3>
                  <p>{t("visits:propose.window", { when: when(s.window.start, s.window.end) })}</p>
                  <Reasons reasons={s.reasons} languageNames={languageNames} />
                  <Form method="post">
                    <input type="hidden" name="intent" value="propose" />
                    <input type="hidden" name="ambassadorId" value={s.ambassadorId} />
                    <input type="hidden" name="windowId" value={s.windowId} />
                    <button type="submit" className="button">
                      {t("visits:propose.submit")}
                      <span className="visually-hidden"> – {s.name}</span>
                    </button>
                  </Form>
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}

      {visit.proposals.length ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{t("visits:propose.history")}</h2>
          <ul>
            {visit.proposals.map((p) => (
              <li key={p.id}>
                {p.ambassador_name ?? "–"}, {when(p.start_at, p.end_at)}: {t(`visits:proposalStatus.${p.status}`)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {visit.status === "confirmed" && started ? (
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="no-show" />
          <button type="submit" className="button button--secondary">
            {t("visits:report.noShow")}
          </button>
        </Form>
      ) : null}

      {visit.status === "completed" ? (
        <section aria-labelledby="report-title">
          <h2 id="report-title">{t("visits:report.title")}</h2>
          <dl className="facts">
            {visit.groups.map((g) => (
              <div key={g.id}>
                <dt>{t("visits:report.reachedIn", { label: g.label })}</dt>
                <dd>{t("visits:report.reachedOf", { count: g.pupils_reached ?? 0, pupils: g.pupils })}</dd>
              </div>
            ))}
            <dt>{t("visits:report.rating")}</dt>
            <dd>{visit.rating ? t(`visits:report.ratings.${visit.rating}`) : "–"}</dd>
            {visit.rating_comment ? (
              <>
                <dt>{t("visits:report.comment")}</dt>
                <dd className="prewrap">{visit.rating_comment}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      {visit.reflection ? (
        <section aria-labelledby="reflection-title">
          <h2 id="reflection-title">{t("visits:reflection.title")}</h2>
          <p className="prewrap">{visit.reflection}</p>
        </section>
      ) : null}
      {results ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t("visits:survey.resultsTitle")}</h2>
          <SurveyResults results={results} />
        </section>
      ) : null}

      {cancellableStatuses.includes(visit.status) && !(visit.status === "confirmed" && started) ? (
        <CancelForm error={errors?.reason} reason={values.reason} />
      ) : (
        <p>
          <StatusTag status={visit.status} />
        </p>
      )}
    </>
  );
}
