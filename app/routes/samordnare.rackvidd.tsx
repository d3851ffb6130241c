import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { pageTitle } from "~/meta";
import { requireUser } from "~/permissions.server";
import { BarFigure, LineFigure } from "~/reach/charts";
import { reachFilters } from "~/reach/filters.server";
import { reachDashboard } from "~/reach/reach.server";

export const meta = pageTitle("reach:dashboard.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["coordinator", "admin"] });
  const filters = reachFilters(new URL(request.url), user);
  const data = await reachDashboard(db, filters);
  const sectors = await db.selectFrom("sector").select(["id", "name"]).orderBy("sort_order").execute();
  return { ...data, filters, sectors };
}

const fmt = (n: number | null | undefined, suffix = "") => (n == null ? "–" : `${n.toLocaleString("sv-SE")}${suffix}`);

export default function ReachDashboard() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const location = useLocation();
  const csv = (table: string, sharing = false) => `/samordnare/rackvidd/csv${location.search ? `${location.search}&` : "?"}tabell=${table}${sharing ? "&delning=1" : ""}`;
  const CsvLinks = ({ table }: { table: string }) => (
    <p className="csv-links">
      <a href={csv(table)} download>
        {t("reach:csv.download")}
      </a>{" "}
      ·{" "}
      <a href={csv(table, true)} download>
        {t("reach:csv.sharing")}
      </a>
    </p>
  );
  const f = d.funnel;
  const place = d.filters.municipalityId ? (d.municipalities.find((m) => m.id === d.filters.municipalityId)?.name ?? "") : t("reach:dashboard.allInScope");
  return (
    <>
      <PageHeader title={t("reach:dashboard.title")} lead={t("reach:dashboard.lead")} />
      <Notice kind="warning" title={t("reach:dashboard.caveatTitle")}>
        <p>{t("reach:dashboard.caveat")}</p>
      </Notice>
      <Form method="get" className="filters" aria-label={t("reach:dashboard.filters")}>
        <div className="field">
          <label htmlFor="kommun">{t("reach:dashboard.municipality")}</label>
          <select id="kommun" name="kommun" defaultValue={d.filters.municipalityId ?? ""}>
            <option value="">{t("reach:dashboard.allInScope")}</option>
            {d.municipalities.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="kull">{t("reach:dashboard.cohort")}</label>
          <select id="kull" name="kull" defaultValue={d.cohort ?? ""}>
            {d.cohorts.map((c) => (
              <option key={c.cohort} value={c.cohort}>
                {t("reach:dashboard.cohortOption", { year: c.cohort })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="bransch">{t("reach:dashboard.sector")}</label>
          <select id="bransch" name="bransch" defaultValue={d.filters.sectorId ?? ""}>
            <option value="">{t("reach:dashboard.allSectors")}</option>
            {d.sectors.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field programme-choice">
          <legend>{t("reach:dashboard.programmes")}</legend>
          {d.programmes.map((p) => (
            <span key={p.code} className="checkbox checkbox--inline">
              <input type="checkbox" id={`program-${p.code}`} name="program" value={p.code} defaultChecked={d.chosenProgrammes.includes(p.code)} />
              <label htmlFor={`program-${p.code}`}>
                <abbr title={p.name}>{p.code}</abbr>
              </label>
            </span>
          ))}
        </fieldset>
        <button type="submit" className="button">
          {t("reach:dashboard.show")}
        </button>
      </Form>

      <section aria-labelledby="tratt">
        <h2 id="tratt">{t("reach:funnel.title", { cohort: d.cohort ?? "–", place })}</h2>
        {f ? (
          <>
            <BarFigure
              id="tratt-diagram"
              caption={t("reach:funnel.caption")}
              summary={t("reach:funnel.summary", { cohort: f.cohort, pupils: fmt(f.pupils), reached56: fmt(f.reached56), reached79: fmt(f.reached79), both: fmt(f.reachedBoth) })}
              xKey="label"
              data={[
                { label: t("reach:funnel.pupils"), value: f.pupils ?? 0 },
                { label: t("reach:funnel.reached56"), value: f.reached56 },
                { label: t("reach:funnel.reached79"), value: f.reached79 },
                { label: t("reach:funnel.both"), value: f.reachedBoth },
              ]}
              bars={[{ key: "value", name: t("reach:funnel.pupilsUnit"), color: "#0b5d4b" }]}
            />
            <table className="table" data-testid="funnel-table">
              <caption className="visually-hidden">{t("reach:funnel.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("reach:funnel.step")}</th>
                  <th scope="col">{t("reach:funnel.pupilsUnit")}</th>
                  <th scope="col">{t("reach:funnel.shareOfCohort")}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{t("reach:funnel.pupils")}</th>
                  <td>{fmt(f.pupils)}</td>
                  <td>{f.pupils ? "100 %" : "–"}</td>
                </tr>
                <tr>
                  <th scope="row">{t("reach:funnel.reached56")}</th>
                  <td>{fmt(f.reached56)}</td>
                  <td>{fmt(f.share56, " %")}</td>
                </tr>
                <tr>
                  <th scope="row">{t("reach:funnel.reached79")}</th>
                  <td>{fmt(f.reached79)}</td>
                  <td>{fmt(f.share79, " %")}</td>
                </tr>
                <tr>
                  <th scope="row">{t("reach:funnel.both")}</th>
                  <td>{fmt(f.reachedBoth)}</td>
                  <td>{f.pupils ? fmt(Math.round((1000 * f.reachedBoth) / f.pupils) / 10, " %") : "–"}</td>
                </tr>
              </tbody>
            </table>
            <CsvLinks table="tratt" />
          </>
        ) : (
          <p>{t("reach:dashboard.noData")}</p>
        )}
      </section>

      <section aria-labelledby="kullar">
        <h2 id="kullar">{t("reach:cohorts.title")}</h2>
        <p>{t("reach:cohorts.lead", { programmes: d.chosenProgrammes.join(", "), first: d.firstVisitYear ?? "–" })}</p>
        <LineFigure
          id="kullar-diagram"
          caption={t("reach:cohorts.caption")}
          summary={t("reach:cohorts.summary", { count: d.cohorts.filter((c) => c.share != null).length })}
          xKey="cohort"
          unit=" %"
          data={[...d.cohorts].reverse().filter((c) => c.share != null).map((c) => ({ cohort: c.cohort, share: c.share, region: c.regionShare }))}
          lines={[
            { key: "share", name: place, color: "#0b5d4b" },
            { key: "region", name: t("reach:cohorts.region"), color: "#4a5360", dashed: true },
          ]}
        />
        <div className="table-scroll" role="region" aria-labelledby="kullar-tabell" tabIndex={0}>
          <table className="table" data-testid="cohort-table">
            <caption id="kullar-tabell">{t("reach:cohorts.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reach:cohorts.cohort")}</th>
                <th scope="col">{t("reach:cohorts.pupils")}</th>
                <th scope="col">{t("reach:cohorts.reached56")}</th>
                <th scope="col">{t("reach:cohorts.reached79")}</th>
                <th scope="col">{t("reach:cohorts.applicants")}</th>
                <th scope="col">{t("reach:cohorts.share")}</th>
                <th scope="col">{t("reach:cohorts.region")}</th>
                <th scope="col">{t("reach:cohorts.period")}</th>
              </tr>
            </thead>
            <tbody>
              {d.cohorts.map((c) => (
                <tr key={c.cohort}>
                  <th scope="row">{c.cohort}</th>
                  <td>{fmt(c.pupils)}</td>
                  <td>
                    {fmt(c.reached56)} {c.share56 != null ? `(${fmt(c.share56, " %")})` : ""}
                  </td>
                  <td>
                    {fmt(c.reached79)} {c.share79 != null ? `(${fmt(c.share79, " %")})` : ""}
                  </td>
                  <td>{c.applicantsAll != null ? `${fmt(c.applicantsChosen)} / ${fmt(c.applicantsAll)}` : "–"}</td>
                  <td>{fmt(c.share, " %")}</td>
                  <td>{fmt(c.regionShare, " %")}</td>
                  <td>{c.beforeStart == null ? "–" : c.beforeStart ? t("reach:cohorts.before") : t("reach:cohorts.after")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <CsvLinks table="kullar" />
      </section>

      <section aria-labelledby="klasser">
        <h2 id="klasser">{t("reach:groups.title", { cohort: d.cohort ?? "–" })}</h2>
        <p>{t("reach:groups.lead")}</p>
        {d.groups && (d.groups.reached.groups || d.groups.never.groups) ? (
          <table className="table" data-testid="groups-table">
            <caption className="visually-hidden">{t("reach:groups.title", { cohort: d.cohort ?? "–" })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reach:groups.kind")}</th>
                <th scope="col">{t("reach:groups.groups")}</th>
                <th scope="col">{t("reach:groups.chosen")}</th>
                <th scope="col">{t("reach:groups.all")}</th>
                <th scope="col">{t("reach:groups.share")}</th>
              </tr>
            </thead>
            <tbody>
              {(["reached", "never"] as const).map((kind) => (
                <tr key={kind}>
                  <th scope="row">{t(`reach:groups.${kind}`)}</th>
                  <td>{d.groups![kind].groups}</td>
                  <td>{d.groups![kind].chosen}</td>
                  <td>{d.groups![kind].all}</td>
                  <td>{fmt(d.groups![kind].share, " %")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("reach:groups.none")}</p>
        )}
        <CsvLinks table="klasser" />
      </section>

      <section aria-labelledby="tackning">
        <h2 id="tackning">{t("reach:coverage.title")}</h2>
        <div className="table-scroll" role="region" aria-labelledby="tackning-tabell" tabIndex={0}>
          <table className="table" data-testid="coverage-table">
            <caption id="tackning-tabell">{t("reach:coverage.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reach:coverage.schoolYear")}</th>
                <th scope="col">{t("reach:coverage.grade")}</th>
                <th scope="col">{t("reach:coverage.groups")}</th>
                <th scope="col">{t("reach:coverage.reached")}</th>
                <th scope="col">{t("reach:coverage.pupils")}</th>
                <th scope="col">{t("reach:coverage.share")}</th>
              </tr>
            </thead>
            <tbody>
              {d.coverage.map((c) => (
                <tr key={`${c.schoolYear}-${c.grade}`}>
                  <th scope="row">{`${c.schoolYear - 1}/${String(c.schoolYear).slice(2)}`}</th>
                  <td>{c.grade}</td>
                  <td>{c.groups}</td>
                  <td>{fmt(c.reached)}</td>
                  <td>{fmt(c.pupils)}</td>
                  <td>{fmt(c.share, " %")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <CsvLinks table="tackning" />
      </section>

      <section aria-labelledby="enkat">
        <h2 id="enkat">{t("reach:survey.title")}</h2>
        <table className="table">
          <caption className="visually-hidden">{t("reach:survey.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reach:survey.question")}</th>
              <th scope="col">{t("reach:survey.yes")}</th>
              <th scope="col">{t("reach:survey.maybe")}</th>
              <th scope="col">{t("reach:survey.no")}</th>
            </tr>
          </thead>
          <tbody>
            {d.survey.map((s) => (
              <tr key={s.question}>
                <th scope="row">{t(`reach:survey.questions.${s.question}`)}</th>
                <td>{s.yes}</td>
                <td>{s.maybe}</td>
                <td>{s.no}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <CsvLinks table="enkat" />
      </section>
    </>
  );
}
