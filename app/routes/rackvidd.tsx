import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { pageTitle } from "~/meta";
import { BarFigure } from "~/reach/charts";
import { suppressed } from "~/reach/cohorts";
import { publicImpact } from "~/reach/reach.server";

export const meta = pageTitle("reach:public.title");

/** The public impact page: region-level figures only, counts of 1–4 shown as "<5". */
export async function loader() {
  const impact = await publicImpact(db);
  return {
    years: impact.years.map((y) => ({
      schoolYear: y.schoolYear,
      reached56: suppressed(y.reached56),
      reached79: suppressed(y.reached79),
      share56: y.pupils56 && y.reached56 >= 5 ? Math.round((1000 * y.reached56) / y.pupils56) / 10 : null,
      share79: y.pupils79 && y.reached79 >= 5 ? Math.round((1000 * y.reached79) / y.pupils79) / 10 : null,
    })),
    applicants: impact.applicants.map((a) => ({ year: a.year, chosen: suppressed(a.chosen), all: suppressed(a.all), share: a.chosen >= 5 && a.all >= 5 ? a.share : null })),
  };
}

const show = (v: number | string | null) => (v == null ? "–" : typeof v === "number" ? v.toLocaleString("sv-SE") : v);

export default function PublicImpact() {
  const { t } = useTranslation();
  const { years, applicants } = useLoaderData<typeof loader>();
  const label = (y: number) => `${y - 1}/${String(y).slice(2)}`;
  return (
    <>
      <PageHeader title={t("reach:public.title")} lead={t("reach:public.lead")} />
      <Notice kind="info" title={t("reach:dashboard.caveatTitle")}>
        <p>{t("reach:dashboard.caveat")}</p>
        <p>{t("reach:public.suppression")}</p>
      </Notice>
      <section aria-labelledby="nadda">
        <h2 id="nadda">{t("reach:public.reachedTitle")}</h2>
        {years.length ? (
          <>
            <BarFigure
              id="nadda-diagram"
              caption={t("reach:public.reachedCaption")}
              summary={t("reach:public.reachedSummary", { count: years.length })}
              xKey="year"
              data={[...years].reverse().map((y) => ({ year: label(y.schoolYear), g56: typeof y.reached56 === "number" ? y.reached56 : 0, g79: typeof y.reached79 === "number" ? y.reached79 : 0 }))}
              bars={[
                { key: "g56", name: t("reach:funnel.reached56"), color: "#0b5d4b" },
                { key: "g79", name: t("reach:funnel.reached79"), color: "#7a4b00" },
              ]}
            />
            <table className="table" data-testid="public-reach">
              <caption className="visually-hidden">{t("reach:public.reachedCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("reach:coverage.schoolYear")}</th>
                  <th scope="col">{t("reach:funnel.reached56")}</th>
                  <th scope="col">{t("reach:public.share56")}</th>
                  <th scope="col">{t("reach:funnel.reached79")}</th>
                  <th scope="col">{t("reach:public.share79")}</th>
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y.schoolYear}>
                    <th scope="row">{label(y.schoolYear)}</th>
                    <td>{show(y.reached56)}</td>
                    <td>{y.share56 != null ? `${show(y.share56)} %` : "–"}</td>
                    <td>{show(y.reached79)}</td>
                    <td>{y.share79 != null ? `${show(y.share79)} %` : "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p>{t("reach:dashboard.noData")}</p>
        )}
      </section>
      <section aria-labelledby="sokande">
        <h2 id="sokande">{t("reach:public.applicantsTitle")}</h2>
        {applicants.length ? (
          <table className="table" data-testid="public-applicants">
            <caption className="visually-hidden">{t("reach:public.applicantsTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reach:public.year")}</th>
                <th scope="col">{t("reach:cohorts.applicantsChosen")}</th>
                <th scope="col">{t("reach:cohorts.applicantsAll")}</th>
                <th scope="col">{t("reach:cohorts.share")}</th>
              </tr>
            </thead>
            <tbody>
              {applicants.map((a) => (
                <tr key={a.year}>
                  <th scope="row">{a.year}</th>
                  <td>{show(a.chosen)}</td>
                  <td>{show(a.all)}</td>
                  <td>{a.share != null ? `${show(a.share)} %` : "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("reach:dashboard.noData")}</p>
        )}
      </section>
    </>
  );
}
