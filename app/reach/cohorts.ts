/**
 * Cohort arithmetic (client-safe, pure). A cohort is named by the year it leaves grade 9; the
 * school year by the calendar year it ends in (it turns on 1 July). A class group reached by
 * several visits in one school year counts once that year, with the most pupils any of those
 * visits reached (never more than the group has).
 */

/** The grade a cohort is in during the school year that ends in `schoolYear`. */
export const gradeIn = (cohort: number, schoolYear: number) => 9 - (cohort - schoolYear);

/** The school year (ending year) in which a cohort is in `grade`. */
export const schoolYearOfGrade = (cohort: number, grade: number) => cohort - (9 - grade);

/** One class group's reach in one school year (already the maximum over that year's visits). */
export interface GroupYear {
  groupId: number;
  municipalityId: number;
  cohort: number;
  groupPupils: number;
  schoolYear: number;
  reached: number;
}

/** Visits → one row per class group and school year: the most pupils reached that year, capped at the group's size. */
export function groupYears(
  visits: { groupId: number; municipalityId: number; cohort: number; groupPupils: number; schoolYear: number; reached: number }[],
): GroupYear[] {
  const byKey = new Map<string, GroupYear>();
  for (const v of visits) {
    if (!(v.reached > 0)) continue;
    const key = `${v.groupId}:${v.schoolYear}`;
    const reached = Math.min(v.reached, v.groupPupils);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...v, reached });
    else seen.reached = Math.max(seen.reached, reached);
  }
  return [...byKey.values()];
}

export interface ReachCell {
  municipalityId: number;
  schoolYear: number;
  grade: number;
  pupilsReached: number;
  groupsReached: number;
}

/** Pupils reached per municipality × school year × grade (each group once per school year). */
export function reachByYearAndGrade(rows: GroupYear[]): ReachCell[] {
  const cells = new Map<string, ReachCell>();
  for (const r of rows) {
    const grade = gradeIn(r.cohort, r.schoolYear);
    const key = `${r.municipalityId}:${r.schoolYear}:${grade}`;
    const cell = cells.get(key) ?? { municipalityId: r.municipalityId, schoolYear: r.schoolYear, grade, pupilsReached: 0, groupsReached: 0 };
    cell.pupilsReached += r.reached;
    cell.groupsReached += 1;
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => a.municipalityId - b.municipalityId || a.schoolYear - b.schoolYear || a.grade - b.grade);
}

export interface CohortReach {
  cohort: number;
  /** pupils reached in grade 5 or 6 (each group once: its most in either year) */
  reached56: number;
  reached79: number;
  /** pupils of groups reached in both spans (each group: the smaller of its two counts) */
  reachedBoth: number;
  groups56: number;
  groups79: number;
  groupsBoth: number;
  /** every group reached at some point, for comparing reached and never-reached groups */
  reachedGroupIds: number[];
}

/** Per cohort: reached in grades 5–6, in 7–9, and in both, counting each class group once per span. */
export function cohortReach(rows: GroupYear[]): Map<number, CohortReach> {
  const perGroup = new Map<number, { cohort: number; in56: number; in79: number; any: boolean }>();
  for (const r of rows) {
    const grade = gradeIn(r.cohort, r.schoolYear);
    const g = perGroup.get(r.groupId) ?? { cohort: r.cohort, in56: 0, in79: 0, any: false };
    if (grade === 5 || grade === 6) g.in56 = Math.max(g.in56, r.reached);
    if (grade >= 7 && grade <= 9) g.in79 = Math.max(g.in79, r.reached);
    g.any = true;
    perGroup.set(r.groupId, g);
  }
  const cohorts = new Map<number, CohortReach>();
  for (const [groupId, g] of perGroup) {
    const c = cohorts.get(g.cohort) ?? { cohort: g.cohort, reached56: 0, reached79: 0, reachedBoth: 0, groups56: 0, groups79: 0, groupsBoth: 0, reachedGroupIds: [] };
    if (g.in56) {
      c.reached56 += g.in56;
      c.groups56++;
    }
    if (g.in79) {
      c.reached79 += g.in79;
      c.groups79++;
    }
    if (g.in56 && g.in79) {
      c.reachedBoth += Math.min(g.in56, g.in79);
      c.groupsBoth++;
    }
    if (g.any) c.reachedGroupIds.push(groupId);
    cohorts.set(g.cohort, c);
  }
  return cohorts;
}

/** Counts below this are shown as "<5" wherever figures leave the network. */
export const SUPPRESS_BELOW = 5;
export const suppressed = (n: number | null | undefined): number | "<5" | null => (n == null ? null : n > 0 && n < SUPPRESS_BELOW ? "<5" : n);

/** A share in per cent with one decimal, or null when there is nothing to divide by. */
export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);
