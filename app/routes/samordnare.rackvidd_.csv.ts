import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { getT } from "~/i18n/i18n.server";
import { requireUser } from "~/permissions.server";
import { csvResponse, shareable, shareableShare } from "~/reach/csv-export.server";
import { reachFilters } from "~/reach/filters.server";
import { reachDashboard } from "~/reach/reach.server";

/** Every dashboard table as CSV for Excel; `delning=1` writes counts 1–4 as "<5" for sharing outside the network. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["coordinator", "admin"] });
  const url = new URL(request.url);
  const d = await reachDashboard(db, reachFilters(url, user));
  const t = await getT(request, "reach");
  const sharing = url.searchParams.get("delning") === "1";
  const n = (v: number | null | undefined) => shareable(v, sharing);
  const suffix = sharing ? "-delning" : "";
  switch (url.searchParams.get("tabell")) {
    case "tratt": {
      const f = d.funnel;
      return csvResponse(`rackvidd-tratt-${d.cohort ?? "x"}${suffix}.csv`, [t("funnel.step"), t("funnel.pupilsUnit"), t("funnel.shareOfCohort")], f
        ? [
            [t("funnel.pupils"), n(f.pupils), f.pupils ? 100 : null],
            [t("funnel.reached56"), n(f.reached56), shareableShare(f.share56, f.reached56, f.pupils, sharing)],
            [t("funnel.reached79"), n(f.reached79), shareableShare(f.share79, f.reached79, f.pupils, sharing)],
            [t("funnel.both"), n(f.reachedBoth), null],
          ]
        : []);
    }
    case "kullar":
      return csvResponse(
        `rackvidd-kullar${suffix}.csv`,
        [t("cohorts.cohort"), t("cohorts.pupils"), t("cohorts.reached56"), t("cohorts.reached79"), t("cohorts.applicantsChosen"), t("cohorts.applicantsAll"), t("cohorts.share"), t("cohorts.region"), t("cohorts.period")],
        d.cohorts.map((c) => [
          c.cohort,
          n(c.pupils),
          n(c.reached56),
          n(c.reached79),
          n(c.applicantsChosen),
          n(c.applicantsAll),
          shareableShare(c.share, c.applicantsChosen, c.applicantsAll, sharing),
          c.regionShare,
          c.beforeStart == null ? null : c.beforeStart ? t("cohorts.before") : t("cohorts.after"),
        ]),
      );
    case "klasser":
      return csvResponse(
        `rackvidd-klasser-${d.cohort ?? "x"}${suffix}.csv`,
        [t("groups.kind"), t("groups.groups"), t("groups.chosen"), t("groups.all"), t("groups.share")],
        d.groups ? (["reached", "never"] as const).map((k) => [t(`groups.${k}`), d.groups![k].groups, n(d.groups![k].chosen), n(d.groups![k].all), shareableShare(d.groups![k].share, d.groups![k].chosen, d.groups![k].all, sharing)]) : [],
      );
    case "tackning":
      return csvResponse(
        `rackvidd-tackning${suffix}.csv`,
        [t("coverage.schoolYear"), t("coverage.grade"), t("coverage.groups"), t("coverage.reached"), t("coverage.pupils"), t("coverage.share")],
        d.coverage.map((c) => [`${c.schoolYear - 1}/${String(c.schoolYear).slice(2)}`, c.grade, n(c.groups), n(c.reached), n(c.pupils), shareableShare(c.share, c.reached, c.pupils, sharing)]),
      );
    case "enkat":
      return csvResponse(
        `rackvidd-enkat${suffix}.csv`,
        [t("survey.question"), t("survey.yes"), t("survey.maybe"), t("survey.no")],
        d.survey.map((s) => [t(`survey.questions.${s.question}`), n(s.yes), n(s.maybe), n(s.no)]),
      );
    default:
      return new Response(t("csv.unknownTable"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
