import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, RadioGroup, formResult } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { getLocale } from "~/i18n/i18n.server";
import { pageTitle } from "~/meta";
import { refusal } from "~/visits/access.server";
import { answers, nowInStockholm, surveyQuestions } from "~/visits/rules";
import { surveySchema } from "~/visits/schemas";
import { answeredCookie } from "~/visits/survey-cookie.server";
import { answerSurvey, surveyState, surveyVisitByToken } from "~/visits/visits.server";

export const meta = pageTitle("visits:survey.title");

/**
 * The pupils' survey after a visit, reached by the QR code: no account, nothing personal stored.
 * A cookie on the pupil's own phone remembers that it has answered (strictly necessary, holds no
 * identity); the number of answers can never exceed the number of pupils in the visit's groups.
 */

async function answeredVisits(request: Request): Promise<number[]> {
  const value = await answeredCookie.parse(request.headers.get("Cookie"));
  return Array.isArray(value) ? value.filter((v): v is number => typeof v === "number").slice(-50) : [];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const visit = await surveyVisitByToken(db, params.token ?? "");
  if (!visit) throw new Response("Not Found", { status: 404 });
  const state = surveyState(visit, nowInStockholm());
  const answered = (await answeredVisits(request)).includes(visit.id);
  return data({ school: visit.school_name, state, answered }, { status: state === "closed" ? 410 : 200 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const visit = await surveyVisitByToken(db, params.token ?? "");
  if (!visit) throw new Response("Not Found", { status: 404 });
  const state = surveyState(visit, nowInStockholm());
  if (state !== "open") return badRequest({ _form: state === "closed" ? "visits:survey.closed" : "visits:survey.notYet" });
  const done = await answeredVisits(request);
  if (done.includes(visit.id)) return data({ errors: { _form: "visits:survey.already" }, values: {} }, { status: 409 });
  const parsed = parseForm(await request.formData(), surveySchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  try {
    await answerSurvey(db, { visitId: visit.id, locale: await getLocale(request), answers: parsed.data });
  } catch (error) {
    return refusal(error);
  }
  throw redirect(`/enkat/${params.token}?tack=1`, { headers: { "Set-Cookie": await answeredCookie.serialize([...done, visit.id]) } });
}

export default function Survey() {
  const { t } = useTranslation();
  const { school, state, answered } = useLoaderData<typeof loader>();
  const { errors, values } = formResult(useActionData<typeof action>());
  const [params] = useSearchParams();
  const thanks = params.get("tack");
  return (
    <>
      <PageHeader title={t("visits:survey.title")} lead={t("visits:survey.lead", { school })} />
      {thanks ? <Notice kind="success">{t("visits:survey.thanks")}</Notice> : null}
      {state === "closed" ? <Notice>{t("visits:survey.closed")}</Notice> : null}
      {state === "notYet" ? <Notice>{t("visits:survey.notYet")}</Notice> : null}
      {state === "open" && answered && !thanks ? <Notice>{t("visits:survey.already")}</Notice> : null}
      {state === "open" && !answered ? (
        <>
          <p>{t("visits:survey.anonymous")}</p>
          <ErrorSummary errors={errors} labels={{ _form: "", ...Object.fromEntries(surveyQuestions.map((q) => [q, t(`visits:survey.questions.${q}`)])) }} />
          <Form method="post" className="stack narrow survey" noValidate>
            {surveyQuestions.map((q) => (
              <RadioGroup key={q} name={q} legend={t(`visits:survey.questions.${q}`)} error={errors?.[q]} options={answers.map((a) => ({ value: a, label: t(`visits:survey.answers.${a}`) }))} checked={values[q]} />
            ))}
            <button type="submit" className="button">
              {t("visits:survey.submit")}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
