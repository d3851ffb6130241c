/** Pieces the visit pages share: status, the facts of a visit, reasons of a suggestion, survey results. */
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextArea } from "~/components/forms";
import type { VisitStatus } from "#db/schema";
import { when as timeSpan } from "./rules";

/** A visit's time on a page: "–" when it has none yet. */
export const when = (start: string | null, end: string | null) => timeSpan(start, end) || "–";

export function StatusTag({ status }: { status: VisitStatus }) {
  const { t } = useTranslation();
  return <span className={`tag tag--${status}`}>{t(`visits:status.${status}`)}</span>;
}

interface FactsVisit {
  status: VisitStatus;
  format: "on_site" | "digital";
  school_name: string;
  municipality_name: string;
  start_at: string | null;
  end_at: string | null;
  ambassador_name: string | null;
  sector_name: string | null;
  occupation: string | null;
  languages: string[];
  prefer_female: number;
  message: string | null;
  cancel_reason: string | null;
  groups: { id: number; label: string; pupils: number; grade: number; pupils_reached: number | null }[];
  windows: { id: number; start_at: string; end_at: string }[];
}

/** What every party sees about a visit. */
export function VisitFacts({ visit, languageNames }: { visit: FactsVisit; languageNames: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <dt>{t("visits:fields.status")}</dt>
      <dd>
        <StatusTag status={visit.status} />
      </dd>
      <dt>{t("visits:fields.school")}</dt>
      <dd>
        {visit.school_name}, {visit.municipality_name}
      </dd>
      <dt>{t("visits:fields.groups")}</dt>
      <dd>{visit.groups.map((g) => t("visits:groupLine", { label: g.label, grade: g.grade, pupils: g.pupils })).join("; ")}</dd>
      <dt>{t("visits:fields.format")}</dt>
      <dd>{t(`visits:format.${visit.format}`)}</dd>
      {visit.start_at ? (
        <>
          <dt>{t("visits:fields.time")}</dt>
          <dd>{when(visit.start_at, visit.end_at)}</dd>
        </>
      ) : (
        <>
          <dt>{t("visits:fields.windows")}</dt>
          <dd>
            <ul className="plain">
              {visit.windows.map((w) => (
                <li key={w.id}>{when(w.start_at, w.end_at)}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {visit.ambassador_name ? (
        <>
          <dt>{t("visits:fields.ambassador")}</dt>
          <dd>{visit.ambassador_name}</dd>
        </>
      ) : null}
      <dt>{t("visits:fields.wishes")}</dt>
      <dd>
        {[
          visit.sector_name,
          visit.occupation,
          visit.languages.length ? t("visits:wish.languages", { languages: visit.languages.map((l) => languageNames[l] ?? l).join(", ") }) : null,
          visit.prefer_female ? t("visits:wish.female") : null,
        ]
          .filter(Boolean)
          .join(" · ") || "–"}
      </dd>
      {visit.message ? (
        <>
          <dt>{t("visits:fields.message")}</dt>
          <dd className="prewrap">{visit.message}</dd>
        </>
      ) : null}
      {visit.cancel_reason ? (
        <>
          <dt>{t("visits:fields.cancelReason")}</dt>
          <dd>{visit.cancel_reason}</dd>
        </>
      ) : null}
    </dl>
  );
}

export function Reasons({ reasons, languageNames }: { reasons: { key: string; values?: Record<string, string | number> }[]; languageNames: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <ul className="reasons">
      {reasons.map((r, i) => (
        <li key={i}>{t(`visits:reasons.${r.key}`, { ...r.values, language: r.values?.language ? (languageNames[String(r.values.language)] ?? r.values.language) : undefined })}</li>
      ))}
    </ul>
  );
}

type Counts = { yes: number; maybe: number; no: number };
export function SurveyResults({ results }: { results: { total: number; knows_more: Counts; could_work: Counts; vocational_programme: Counts } }) {
  const { t } = useTranslation();
  if (!results.total) return <p>{t("visits:survey.noAnswers")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t("visits:survey.resultsCaption", { count: results.total })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("visits:survey.question")}</th>
            <th scope="col">{t("visits:survey.answers.yes")}</th>
            <th scope="col">{t("visits:survey.answers.maybe")}</th>
            <th scope="col">{t("visits:survey.answers.no")}</th>
          </tr>
        </thead>
        <tbody>
          {(["knows_more", "could_work", "vocational_programme"] as const).map((q) => (
            <tr key={q}>
              <th scope="row">{t(`visits:survey.questions.${q}`)}</th>
              <td>{results[q].yes}</td>
              <td>{results[q].maybe}</td>
              <td>{results[q].no}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The cancel form of every visit page: a reason, sent to every party. */
export function CancelForm({ error, reason }: { error?: string; reason?: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t("visits:cancel.title")}</h2>
      <Form method="post" className="stack narrow" noValidate>
        <input type="hidden" name="intent" value="cancel" />
        <TextArea name="reason" label={t("visits:cancel.reason")} hint={t("visits:cancel.reasonHint")} error={error} defaultValue={reason} rows={3} />
        <button type="submit" className="button button--danger">
          {t("visits:cancel.submit")}
        </button>
      </Form>
    </section>
  );
}
