/**
 * School years and class groups (client-safe, pure). The Swedish school year turns on 1 July; a
 * class group is identified by the year it leaves grade 9, so 5B in 2025/26 is 8B in 2028/29
 * without anyone editing it.
 */
import type { IsoDate } from "~/ambassadors/rules";

/** The calendar year in which the current school year ends (its spring term). */
export function schoolYearEnding(on: IsoDate): number {
  const [year, month] = on.split("-").map(Number);
  return month >= 7 ? year + 1 : year;
}

/** The grade a group is in on a date; below 1 it has not started school, above 9 it has left. */
export const currentGrade = (leavesGrade9Year: number, on: IsoDate) => 9 - (leavesGrade9Year - schoolYearEnding(on));

/** The year a group in `grade` today leaves grade 9. */
export const leavesGrade9YearFor = (grade: number, on: IsoDate) => schoolYearEnding(on) + (9 - grade);

/** Skolenhetskod: Skolverket's eight-digit code of a school unit. */
export const isSchoolUnitCode = (value: string) => /^\d{8}$/.test(value);

export const schoolGrades = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
