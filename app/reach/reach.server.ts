/**
 * Reach from grade 5 to the gymnasium choice (issue 7): who was reached when (from completed
 * visits), against imported pupil counts, per cohort; first-choice shares of the chosen programmes
 * per cohort from the imported application statistics (the municipality beside the region and
 * beside the cohorts that left grade 9 before the network's first visit); the schools' own grade-9
 * reports, reached class groups beside never-reached ones of the same cohort; survey answers.
 * Correlation, not proof: the page says so.
 */
import { sql } from "kysely";
import { dialectOf } from "#db/adapter";
import { audit } from "~/audit.server";
import type { DB } from "~/db.server";
import { cohortReach, groupYears, percent, reachByYearAndGrade, type GroupYear } from "./cohorts";

/** Industry-related national programmes (seed 000): the default selection. */
export const INDUSTRY_PROGRAMMES = ["IN", "TE", "EE", "FT", "BA", "VF"];

export type Scope = number[] | "all";

/** The school year (ending year) of an ISO timestamp, in SQL: visits happen in school hours, far from midnight on 1 July. */
function schoolYearOf(db: DB, column: string) {
  return dialectOf(db) === "sqlite"
    ? sql<number>`(cast(substr(${sql.ref(column)}, 1, 4) as integer) + (substr(${sql.ref(column)}, 6, 2) >= '07'))`
    : sql<number>`(cast(substr(${sql.ref(column)}, 1, 4) as integer) + case when substr(${sql.ref(column)}, 6, 2) >= '07' then 1 else 0 end)`;
}

/** Class groups' reach per school year, aggregated in the database (max reached per group and year). */
export async function loadGroupYears(db: DB, scope: Scope, filters: { sectorId?: number | null } = {}): Promise<GroupYear[]> {
  const schoolYear = schoolYearOf(db, "v.start_at");
  let query = db
    .selectFrom("visit_class_group as vcg")
    .innerJoin("visit as v", "v.id", "vcg.visit_id")
    .innerJoin("class_group as cg", "cg.id", "vcg.class_group_id")
    .innerJoin("school as s", "s.id", "cg.school_id")
    .select((eb) => [
      "cg.id as groupId",
      "s.municipality_id as municipalityId",
      "cg.leaves_grade9_year as cohort",
      "cg.pupils as groupPupils",
      schoolYear.as("schoolYear"),
      eb.fn.max<number>("vcg.pupils_reached").as("reached"),
    ])
    // "+status" in SQLite: without statistics it would start from the status index and read every
    // completed visit in the country before keeping one municipality's (bench/reach.ts: 2.4 s → 18 ms)
    .where(dialectOf(db) === "sqlite" ? sql<string>`+${sql.ref("v.status")}` : sql.ref("v.status"), "=", "completed")
    .where("vcg.pupils_reached", ">", 0)
    .where("v.start_at", "is not", null)
    .groupBy(["cg.id", "s.municipality_id", "cg.leaves_grade9_year", "cg.pupils", schoolYear]);
  if (scope !== "all") {
    if (!scope.length) return [];
    query = query.where("s.municipality_id", "in", scope);
  }
  if (filters.sectorId) query = query.where("v.sector_id", "=", filters.sectorId);
  const rows = await query.execute();
  return groupYears(rows.map((r) => ({ ...r, schoolYear: Number(r.schoolYear), reached: Number(r.reached), cohort: Number(r.cohort), groupPupils: Number(r.groupPupils) })));
}

export interface ReachFilters {
  scope: Scope;
  /** null: every municipality in scope together */
  municipalityId: number | null;
  cohort: number | null;
  sectorId: number | null;
  programmes: string[];
}

const inScope = (scope: Scope, id: number) => scope === "all" || scope.includes(id);

/** Everything the dashboard shows, for one municipality (or all in scope together) and one cohort. */
export async function reachDashboard(db: DB, filters: ReachFilters) {
  const municipalities = (await db.selectFrom("municipality").select(["id", "code", "name"]).orderBy("name").execute()).filter((m) => inScope(filters.scope, m.id));
  const selected = filters.municipalityId && municipalities.some((m) => m.id === filters.municipalityId) ? [filters.municipalityId] : municipalities.map((m) => m.id);
  const groupRows = await loadGroupYears(db, selected, { sectorId: filters.sectorId });

  // pupils reached per school year and grade, with coverage against the imported counts
  const cells = reachByYearAndGrade(groupRows);
  const pupilCounts = selected.length
    ? await db
        .selectFrom("pupil_count")
        .select(["school_year", "grade", (eb) => eb.fn.sum<number>("pupils").as("pupils")])
        .where("municipality_id", "in", selected)
        .groupBy(["school_year", "grade"])
        .execute()
    : [];
  const pupilsOf = new Map(pupilCounts.map((p) => [`${p.school_year}:${p.grade}`, Number(p.pupils)]));
  const byYearGrade = new Map<string, { schoolYear: number; grade: number; reached: number; groups: number }>();
  for (const c of cells) {
    const key = `${c.schoolYear}:${c.grade}`;
    const row = byYearGrade.get(key) ?? { schoolYear: c.schoolYear, grade: c.grade, reached: 0, groups: 0 };
    row.reached += c.pupilsReached;
    row.groups += c.groupsReached;
    byYearGrade.set(key, row);
  }
  const coverage = [...byYearGrade.values()]
    .sort((a, b) => b.schoolYear - a.schoolYear || a.grade - b.grade)
    .map((r) => {
      const pupils = pupilsOf.get(`${r.schoolYear}:${r.grade}`) ?? null;
      return { ...r, pupils, share: pupils ? percent(r.reached, pupils) : null };
    });

  // cohorts: pupils in the cohort (grade 9 count, else the latest grade counted), reached 5–6, 7–9, both
  const reach = cohortReach(groupRows);
  const cohortPupils = new Map<number, number>();
  for (const p of [...pupilCounts].sort((a, b) => a.school_year - b.school_year)) {
    const cohort = p.school_year + (9 - p.grade);
    cohortPupils.set(cohort, Number(p.pupils)); // later school years (higher grades) win
  }
  const programmeRows = await db.selectFrom("gymnasium_programme").select(["id", "code", "name"]).orderBy("code").execute();
  const chosen = programmeRows.filter((p) => filters.programmes.includes(p.code));
  const applicants = await applicantShares(db, selected, chosen.map((p) => p.id));
  // a loop, not Math.min(...rows): the whole country has hundreds of thousands of group-years
  let firstVisitYear: number | null = null;
  for (const r of groupRows) if (firstVisitYear === null || r.schoolYear < firstVisitYear) firstVisitYear = r.schoolYear;
  const cohortYears = new Set<number>([...reach.keys(), ...applicants.keys()]);
  if (filters.cohort) cohortYears.add(filters.cohort);
  const cohorts = [...cohortYears]
    .sort((a, b) => b - a)
    .map((cohort) => {
      const r = reach.get(cohort);
      const pupils = cohortPupils.get(cohort) ?? null;
      const a = applicants.get(cohort);
      return {
        cohort,
        pupils,
        reached56: r?.reached56 ?? 0,
        reached79: r?.reached79 ?? 0,
        reachedBoth: r?.reachedBoth ?? 0,
        share56: pupils ? percent(r?.reached56 ?? 0, pupils) : null,
        share79: pupils ? percent(r?.reached79 ?? 0, pupils) : null,
        applicantsChosen: a?.chosen ?? null,
        applicantsAll: a?.all ?? null,
        share: a ? percent(a.chosen, a.all) : null,
        regionShare: a ? percent(a.regionChosen, a.regionAll) : null,
        // cohorts that had left grade 9 before the first visit in these municipalities
        beforeStart: firstVisitYear != null ? cohort < firstVisitYear : null,
      };
    });

  const cohort = filters.cohort ?? cohorts.find((c) => c.reached56 || c.reached79)?.cohort ?? null;
  const groups = cohort ? await classGroupComparison(db, selected, cohort, chosen.map((p) => p.id), new Set(reach.get(cohort)?.reachedGroupIds ?? [])) : null;
  return {
    municipalities,
    selected,
    programmes: programmeRows,
    chosenProgrammes: chosen.map((p) => p.code),
    coverage,
    cohorts,
    cohort,
    funnel: cohort ? cohorts.find((c) => c.cohort === cohort) ?? null : null,
    groups,
    survey: await surveySummary(db, selected),
    firstVisitYear,
  };
}

/** First-choice applicants per year: the chosen programmes and all, in the municipalities and in the whole region. */
async function applicantShares(db: DB, municipalityIds: number[], programmeIds: number[]) {
  const rows = await db
    .selectFrom("applicant_count")
    .select(["year", "municipality_id", "programme_id", "applicants"])
    .execute();
  const chosen = new Set(programmeIds);
  const mine = new Set(municipalityIds);
  const years = new Map<number, { chosen: number; all: number; regionChosen: number; regionAll: number; mine: boolean }>();
  for (const r of rows) {
    const y = years.get(r.year) ?? { chosen: 0, all: 0, regionChosen: 0, regionAll: 0, mine: false };
    const n = Number(r.applicants);
    y.regionAll += n;
    if (chosen.has(r.programme_id)) y.regionChosen += n;
    if (mine.has(r.municipality_id)) {
      y.mine = true;
      y.all += n;
      if (chosen.has(r.programme_id)) y.chosen += n;
    }
    years.set(r.year, y);
  }
  for (const [year, y] of years) if (!y.mine) years.delete(year);
  return years;
}

/** The schools' grade-9 reports of one cohort: reached class groups beside never-reached ones. */
async function classGroupComparison(db: DB, municipalityIds: number[], cohort: number, programmeIds: number[], reachedIds: Set<number>) {
  if (!municipalityIds.length) return null;
  const rows = await db
    .selectFrom("class_group_choice as c")
    .innerJoin("class_group as cg", "cg.id", "c.class_group_id")
    .innerJoin("school as s", "s.id", "cg.school_id")
    .select(["cg.id as groupId", "c.programme_id", "c.first_choice"])
    .where("cg.leaves_grade9_year", "=", cohort)
    .where("s.municipality_id", "in", municipalityIds)
    .execute();
  const chosen = new Set(programmeIds);
  const sum = { reached: { groups: new Set<number>(), chosen: 0, all: 0 }, never: { groups: new Set<number>(), chosen: 0, all: 0 } };
  for (const r of rows) {
    const side = reachedIds.has(r.groupId) ? sum.reached : sum.never;
    side.groups.add(r.groupId);
    side.all += r.first_choice;
    if (chosen.has(r.programme_id)) side.chosen += r.first_choice;
  }
  const view = (s: typeof sum.reached) => ({ groups: s.groups.size, chosen: s.chosen, all: s.all, share: percent(s.chosen, s.all) });
  return { reached: view(sum.reached), never: view(sum.never) };
}

/** The pupils' anonymous survey after visits: answers per question. */
async function surveySummary(db: DB, municipalityIds: number[]) {
  if (!municipalityIds.length) return [];
  const rows = await db
    .selectFrom("survey_response as r")
    .innerJoin("visit as v", "v.id", "r.visit_id")
    .innerJoin("school as s", "s.id", "v.school_id")
    .select(["r.knows_more", "r.could_work", "r.vocational_programme"])
    .where("s.municipality_id", "in", municipalityIds)
    .execute();
  return (["knows_more", "could_work", "vocational_programme"] as const).map((question) => {
    const counts = { yes: 0, maybe: 0, no: 0 };
    for (const r of rows) counts[r[question]]++;
    return { question, ...counts, total: rows.length };
  });
}

/**
 * The public page's figures, kept for a few minutes: they change only when a visit is reported or
 * statistics are imported, and at national scale they take seconds to compute (bench/reach.ts).
 */
let impactCache: { at: number; db: DB; value: Awaited<ReturnType<typeof computePublicImpact>> } | null = null;
export const PUBLIC_IMPACT_TTL_MS = 5 * 60 * 1000;
export async function publicImpact(db: DB, now = Date.now()) {
  if (impactCache && impactCache.db === db && now - impactCache.at < PUBLIC_IMPACT_TTL_MS) return impactCache.value;
  const value = await computePublicImpact(db);
  impactCache = { at: now, db, value };
  return value;
}
export const forgetPublicImpact = () => {
  impactCache = null;
};

/** Region-level figures for the public impact page: per school year, reached pupils in grades 5–6 and 7–9, and the industry share. */
async function computePublicImpact(db: DB) {
  const rows = await loadGroupYears(db, "all");
  const cells = reachByYearAndGrade(rows);
  const years = new Map<number, { schoolYear: number; reached56: number; reached79: number; pupils56: number; pupils79: number }>();
  for (const c of cells) {
    const y = years.get(c.schoolYear) ?? { schoolYear: c.schoolYear, reached56: 0, reached79: 0, pupils56: 0, pupils79: 0 };
    if (c.grade === 5 || c.grade === 6) y.reached56 += c.pupilsReached;
    if (c.grade >= 7 && c.grade <= 9) y.reached79 += c.pupilsReached;
    years.set(c.schoolYear, y);
  }
  const counts = await db
    .selectFrom("pupil_count")
    .select(["school_year", "grade", (eb) => eb.fn.sum<number>("pupils").as("pupils")])
    .groupBy(["school_year", "grade"])
    .execute();
  for (const p of counts) {
    const y = years.get(p.school_year);
    if (!y) continue;
    if (p.grade === 5 || p.grade === 6) y.pupils56 += Number(p.pupils);
    if (p.grade >= 7 && p.grade <= 9) y.pupils79 += Number(p.pupils);
  }
  const programmes = await db.selectFrom("gymnasium_programme").select("id").where("code", "in", INDUSTRY_PROGRAMMES).execute();
  const shares = await applicantShares(db, (await db.selectFrom("municipality").select("id").execute()).map((m) => m.id), programmes.map((p) => p.id));
  return {
    years: [...years.values()].sort((a, b) => b.schoolYear - a.schoolYear),
    applicants: [...shares.entries()].sort((a, b) => b[0] - a[0]).map(([year, s]) => ({ year, chosen: s.regionChosen, all: s.regionAll, share: percent(s.regionChosen, s.regionAll) })),
  };
}

// ---------------------------------------------------------------- the schools' own grade-9 reports

/** The school's class groups in grade 9 this school year, with what has been reported for them. */
export async function gradeNineGroups(db: DB, schoolId: number, cohort: number) {
  const groups = await db
    .selectFrom("class_group")
    .select(["id", "label", "pupils"])
    .where("school_id", "=", schoolId)
    .where("leaves_grade9_year", "=", cohort)
    .where("archived_at", "is", null)
    .orderBy("label")
    .execute();
  const choices = groups.length
    ? await db
        .selectFrom("class_group_choice as c")
        .innerJoin("gymnasium_programme as p", "p.id", "c.programme_id")
        .select(["c.class_group_id", "p.code", "c.first_choice", "c.reported_at"])
        .where("c.class_group_id", "in", groups.map((g) => g.id))
        .execute()
    : [];
  return groups.map((g) => {
    const own = choices.filter((c) => c.class_group_id === g.id);
    return { ...g, choices: Object.fromEntries(own.map((c) => [c.code, c.first_choice])) as Record<string, number>, reportedAt: own[0]?.reported_at ?? null };
  });
}

export class ChoiceErrors extends Error {
  constructor(public readonly errors: Record<string, string>) {
    super("reach:errors.choices");
  }
}

/**
 * Saves first choices per programme for the school's grade-9 class groups (counts only). Every
 * count a whole number ≥ 0; a group's counts never add up to more pupils than it has. All groups
 * or none are saved.
 */
export async function saveGradeNineChoices(db: DB, input: { schoolId: number; cohort: number; values: Record<string, string> }, actorUserId: number) {
  const groups = await gradeNineGroups(db, input.schoolId, input.cohort);
  const programmes = await db.selectFrom("gymnasium_programme").select(["id", "code"]).where("active", "=", 1).orderBy("code").execute();
  const errors: Record<string, string> = {};
  const rows: { class_group_id: number; programme_id: number; first_choice: number }[] = [];
  for (const g of groups) {
    let sum = 0;
    for (const p of programmes) {
      const name = `g${g.id}-${p.code}`;
      const raw = (input.values[name] ?? "").trim();
      if (raw === "") continue;
      if (!/^-?\d+$/.test(raw)) {
        errors[name] = "reach:errors.wholeNumber";
        continue;
      }
      const n = Number(raw);
      if (n < 0) {
        errors[name] = "reach:errors.negativeCount";
        continue;
      }
      sum += n;
      if (n > 0) rows.push({ class_group_id: g.id, programme_id: p.id, first_choice: n });
    }
    if (sum > g.pupils) errors[`g${g.id}`] = `reach:errors.moreThanGroup?group=${encodeURIComponent(g.label)}&sum=${sum}&pupils=${g.pupils}`;
  }
  if (Object.keys(errors).length) throw new ChoiceErrors(errors);
  await db.transaction().execute(async (trx) => {
    if (groups.length) await trx.deleteFrom("class_group_choice").where("class_group_id", "in", groups.map((g) => g.id)).execute();
    if (rows.length) await trx.insertInto("class_group_choice").values(rows.map((r) => ({ ...r, reported_by_user_id: actorUserId }))).execute();
    await audit(trx, { actorUserId, action: "reach.choices.saved", entityType: "school", entityId: input.schoolId, after: { cohort: input.cohort, groups: groups.length, rows: rows.length } });
  });
}
