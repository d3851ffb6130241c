import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { ErrorSummary, RadioGroup, TextArea, formResult } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { getEnv } from "~/env.server";
import { badRequest } from "~/forms.server";
import { pageTitle } from "~/meta";
import { cancelFromForm, languageNames, refusal, visitForSchool } from "~/visits/access.server";
import { CancelForm, SurveyResults, VisitFacts } from "~/visits/components";
import { cancellableStatuses, nowInStockholm, surveyClosesAt } from "~/visits/rules";
import { confirm, markNoShow, report, surveyResults, surveyState } from "~/visits/visits.server";

export const meta = pageTitle("visits:detail.title");

const viewers = ["school_staff", "coordinator", "admin"] as const;
const actors = ["school_staff", "admin"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, visit } = await visitForSchool(request, params, viewers);
  const now = nowInStockholm();
  const survey = surveyState(visit, now);
  const surveyUrl = new URL(`/enkat/${visit.survey_token}`, getEnv().PUBLIC_URL).toString();
  return {
    visit,
    languageNames: await languageNames(),
    canAct: user.role !== "coordinator",
    started: !!visit.start_at && visit.start_at <= now,
    survey,
    surveyUrl: survey === "open" || survey === "notYet" ? surveyUrl : null,
    surveyClosesAt: visit.end_at ? surveyClosesAt(visit.end_at).replace("T", " ") : null,
    qr: survey === "open" || survey === "notYet" ? await QRCode.toString(surveyUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" }) : null,
    results: survey === "notYet" ? null : await surveyResults(db, visit.id),
  };
}

/** The school confirms, cancels (with a reason), reports after the visit, or says the ambassador never came. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, visit } = await visitForSchool(request, params, actors);
  const form = await request.formData();
  const intent = form.get("intent");
  const back = `/skolor/${visit.school_id}/besok/${visit.id}`;
  try {
    if (intent === "confirm") {
      await confirm(db, { visitId: visit.id, actor: user });
      throw redirect(`${back}?bekraftad=1`);
    }
    if (intent === "cancel") return await cancelFromForm(form, visit.id, user, back);
    if (intent === "no-show") {
      await markNoShow(db, { visitId: visit.id, actor: user });
      throw redirect(back);
    }
    if (intent === "report") {
      const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string").map(([k, v]) => [k, String(v).slice(0, 1000)]));
      const reached: Record<number, number> = {};
      for (const g of visit.groups) {
        const raw = String(form.get(`reached-${g.id}`) ?? "").trim();
        if (!/^\d{1,3}$/.test(raw)) return badRequest({ [`reached-${g.id}`]: "visits:errors.reached" }, values);
        reached[g.id] = Number(raw);
      }
      const rating = Number(form.get("rating"));
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) return badRequest({ rating: "visits:errors.rating" }, values);
      const comment = String(form.get("comment") ?? "").trim();
      if (comment.length > 2000) return badRequest({ comment: "errors.tooLong" }, values);
      await report(db, { visitId: visit.id, reached, rating, comment: comment || null, actor: user });
      throw redirect(`${back}?rapporterad=1`);
    }
  } catch (error) {
    return refusal(error);
  }
  return badRequest({ _form: "errors.invalid" });
}

export default function SchoolVisit() {
  const { t } = useTranslation();
  const { visit, languageNames, canAct, started, survey, surveyUrl, surveyClosesAt, qr, results } = useLoaderData<typeof loader>();
  const { errors, values } = formResult(useActionData<typeof action>());
  const [params] = useSearchParams();
  const labels: Record<string, string> = {
    _form: "",
    reason: t("visits:cancel.reason"),
    rating: t("visits:report.rating"),
    comment: t("visits:report.comment"),
    ...Object.fromEntries(visit.groups.map((g) => [`reached-${g.id}`, t("visits:report.reachedIn", { label: g.label })])),
  };
  return (
    <>
      <PageHeader title={t("visits:detail.title")} />
      <p>
        <Link to={`/skolor/${visit.school_id}/besok`}>{t("visits:school.back")}</Link>
      </p>
      {params.get("skickad") ? <Notice kind="success">{t("visits:request.sent")}</Notice> : null}
      {params.get("bekraftad") ? <Notice kind="success">{t("visits:confirm.done")}</Notice> : null}
      {params.get("avbokad") ? <Notice kind="success">{t("visits:cancel.done")}</Notice> : null}
      {params.get("rapporterad") ? <Notice kind="success">{t("visits:report.done")}</Notice> : null}
      <ErrorSummary errors={errors} labels={labels} />
      <VisitFacts visit={visit} languageNames={languageNames} />

      {canAct && visit.status === "accepted" ? (
        <section aria-labelledby="confirm-title">
          <h2 id="confirm-title">{t("visits:confirm.title")}</h2>
          <p>{t("visits:confirm.lead", { ambassador: visit.ambassador_name ?? "" })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            <button type="submit" className="button">
              {t("visits:confirm.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {canAct && started && (visit.status === "confirmed" || visit.status === "completed") ? (
        <section aria-labelledby="report-title">
          <h2 id="report-title">{t("visits:report.title")}</h2>
          <p>{t("visits:report.lead")}</p>
          <Form method="post" className="stack narrow" noValidate>
            <input type="hidden" name="intent" value="report" />
            {visit.groups.map((g) => {
              const error = errors?.[`reached-${g.id}`];
              return (
                <div className={`field${error ? " field--error" : ""}`} key={g.id}>
                  <label htmlFor={`reached-${g.id}`}>{t("visits:report.reachedIn", { label: g.label })}</label>
                  <p className="field__hint" id={`reached-${g.id}-hint`}>
                    {t("visits:report.reachedHint", { pupils: g.pupils })}
                  </p>
                  {error ? (
                    <p className="field__error" id={`reached-${g.id}-error`}>
                      <span className="visually-hidden">{t("form.errorPrefix")} </span>
                      {t(error)}
                    </p>
                  ) : null}
                  <input
                    id={`reached-${g.id}`}
                    name={`reached-${g.id}`}
                    type="number"
                    min={0}
                    max={g.pupils}
                    className="input--short"
                    defaultValue={values[`reached-${g.id}`] ?? (g.pupils_reached ?? g.pupils).toString()}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={`reached-${g.id}-hint${error ? ` reached-${g.id}-error` : ""}`}
                  />
                </div>
              );
            })}
            <RadioGroup
              name="rating"
              legend={t("visits:report.rating")}
              hint={t("visits:report.ratingHint")}
              error={errors?.rating}
              options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t(`visits:report.ratings.${n}`) }))}
              checked={values.rating ?? (visit.rating ? String(visit.rating) : undefined)}
            />
            <TextArea name="comment" label={t("visits:report.comment")} error={errors?.comment} defaultValue={values.comment ?? visit.rating_comment ?? ""} />
            <button type="submit" className="button">
              {t("visits:report.submit")}
            </button>
          </Form>
          {visit.status === "confirmed" ? (
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="no-show" />
              <button type="submit" className="button button--secondary">
                {t("visits:report.noShow")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {surveyUrl && (visit.status === "confirmed" || visit.status === "completed") ? (
        <section aria-labelledby="survey-title" className="survey-poster">
          <h2 id="survey-title">{t("visits:survey.posterTitle")}</h2>
          <p>{survey === "open" ? t("visits:survey.posterOpen", { closes: surveyClosesAt }) : t("visits:survey.posterNotYet")}</p>
          {qr ? <div className="qr" role="img" aria-label={t("visits:survey.qrLabel")} dangerouslySetInnerHTML={{ __html: qr }} /> : null}
          <p>
            <a href={surveyUrl}>{surveyUrl}</a>
          </p>
        </section>
      ) : null}
      {results ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t("visits:survey.resultsTitle")}</h2>
          {survey === "closed" ? <p>{t("visits:survey.closedNote")}</p> : null}
          <SurveyResults results={results} />
        </section>
      ) : null}
      {visit.reflection ? (
        <section aria-labelledby="reflection-title">
          <h2 id="reflection-title">{t("visits:reflection.title")}</h2>
          <p className="prewrap">{visit.reflection}</p>
        </section>
      ) : null}

      {canAct && cancellableStatuses.includes(visit.status) && !(visit.status === "confirmed" && started) ? (
        <CancelForm error={errors?.reason} reason={values.reason} />
      ) : null}
    </>
  );
}
