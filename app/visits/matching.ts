/**
 * Fair matching of an ambassador to a visit request (pure; groundwork for issue 4).
 *
 * Hard rules — a suggestion never breaks one:
 *  - bookable (active, trained, and for grades 1–9 a criminal-record check valid on the day: isBookable)
 *  - in the pool of the school's municipality (a digital visit may cross municipal borders)
 *  - offers the visit's format
 *  - available: the window lies inside her weekly availability, outside her blackout dates, and
 *    does not overlap another visit of hers (30 minutes apart when either visit is on site)
 *  - under her own monthly cap and under her company's monthly cap for that month
 * Soft rules rank the rest: sector and occupation wishes, languages, a female role model when
 * asked for, grades she likes, fewer recent visits first (fairness), and not the same ambassador at
 * the same school again and again. Deterministic: ties are broken by id. Every suggestion carries
 * its reasons, as i18n keys with values.
 *
 * Times are wall-clock times in Europe/Stockholm ("YYYY-MM-DDTHH:MM"), as schools write them.
 */
import type { Gender } from "#db/schema";
import { addDays, isBookable, type BookingFacts, type IsoDate, type VisitFormat } from "~/ambassadors/rules";

export type LocalDateTime = string;
export interface TimeWindow {
  start: LocalDateTime;
  end: LocalDateTime;
}

export interface CandidateVisit extends TimeWindow {
  schoolId: number;
  format: VisitFormat;
}

export interface Candidate {
  id: number;
  municipalityId: number;
  companyId: number | null;
  facts: BookingFacts;
  sectorId: number | null;
  occupation: string | null;
  languages: string[];
  gender: Gender | null;
  grades: number[];
  formats: VisitFormat[];
  maxVisitsPerMonth: number;
  /** weekly availability: weekday 1 (Monday) – 7, "HH:MM" */
  availability: { weekday: number; start: string; end: string }[];
  blackouts: { from: IsoDate; to: IsoDate }[];
  /** her booked (proposed, accepted or confirmed) and past visits */
  visits: CandidateVisit[];
}

export interface CompanyLoad {
  id: number;
  monthlyCap: number;
  /** visits of all the company's ambassadors per month, "YYYY-MM" → count */
  visitsByMonth: Record<string, number>;
}

export interface MatchRequest {
  schoolId: number;
  municipalityId: number;
  format: VisitFormat;
  /** the lowest grade among the request's class groups (decides whether a check is needed) */
  grade: number;
  windows: TimeWindow[];
  sectorId?: number | null;
  occupation?: string | null;
  languages?: string[];
  preferFemale?: boolean;
  /** "today", for fairness windows */
  today: IsoDate;
}

export interface Reason {
  key: string;
  values?: Record<string, string | number>;
}

export interface Suggestion {
  ambassadorId: number;
  window: TimeWindow;
  score: number;
  reasons: Reason[];
}

/** Minutes kept free between two visits of the same ambassador when either is on site. */
export const TRAVEL_MINUTES = 30;

const minutes = (t: LocalDateTime) => {
  const [date, time] = t.split("T");
  const [h, m] = time.split(":").map(Number);
  return Date.UTC(...(date.split("-").map(Number).map((v, i) => (i === 1 ? v - 1 : v)) as [number, number, number])) / 60_000 + h * 60 + m;
};
const dateOf = (t: LocalDateTime) => t.slice(0, 10);
const monthOf = (t: LocalDateTime) => t.slice(0, 7);
const hhmm = (t: LocalDateTime) => t.slice(11, 16);
/** ISO weekday, 1 = Monday. */
export const weekdayOf = (date: IsoDate) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** Whether the candidate may take the window at all, and if not, the first hard rule it breaks. */
export function hardRuleBroken(c: Candidate, request: MatchRequest, window: TimeWindow, companies: Map<number, CompanyLoad>): string | null {
  const day = dateOf(window.start);
  if (!isBookable(c.facts, day, request.grade).bookable) return "not_bookable";
  if (request.format === "on_site" && c.municipalityId !== request.municipalityId) return "other_municipality";
  if (!c.formats.includes(request.format)) return "format";
  const weekday = weekdayOf(day);
  const from = hhmm(window.start);
  const to = hhmm(window.end);
  if (dateOf(window.end) !== day || !coveredByAvailability(c.availability, weekday, from, to)) return "not_available";
  if (c.blackouts.some((b) => b.from <= day && day <= b.to)) return "blackout";
  // one travel gap between two visits when either of them is on site
  const start = minutes(window.start);
  const end = minutes(window.end);
  for (const v of c.visits) {
    const gap = request.format === "on_site" || v.format === "on_site" ? TRAVEL_MINUTES : 0;
    if (minutes(v.start) < end + gap && start < minutes(v.end) + gap) return "busy";
  }
  const month = monthOf(window.start);
  if (c.visits.filter((v) => monthOf(v.start) === month).length >= c.maxVisitsPerMonth) return "own_cap";
  const company = c.companyId ? companies.get(c.companyId) : undefined;
  if (company && (company.visitsByMonth[month] ?? 0) >= company.monthlyCap) return "company_cap";
  return null;
}

/** Hourly availability cells joined into spans, so 09–10 and 10–11 cover a visit from 09:30 to 10:30. */
function coveredByAvailability(slots: Candidate["availability"], weekday: number, from: string, to: string) {
  const spans = slots
    .filter((s) => s.weekday === weekday)
    .map((s) => ({ start: s.start, end: s.end }))
    .sort((a, b) => a.start.localeCompare(b.start));
  const merged: { start: string; end: string }[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = span.end > last.end ? span.end : last.end;
    else merged.push({ ...span });
  }
  return merged.some((m) => m.start <= from && to <= m.end);
}

/** Ranked suggestions for one request: the best `limit` candidates, each with its first feasible window. */
export function suggest(request: MatchRequest, candidates: Candidate[], companies: CompanyLoad[], limit = 10): Suggestion[] {
  const companyMap = new Map(companies.map((c) => [c.id, c]));
  const since90 = addDays(request.today, -90);
  const since365 = addDays(request.today, -365);
  const wanted = new Set(request.languages ?? []);
  const results: Suggestion[] = [];
  for (const c of candidates) {
    const window = request.windows.find((w) => hardRuleBroken(c, request, w, companyMap) === null);
    if (!window) continue;
    const reasons: Reason[] = [];
    let score = 0;
    if (request.sectorId && c.sectorId === request.sectorId) {
      score += 30;
      reasons.push({ key: "sameSector" });
    }
    if (request.occupation && c.occupation && c.occupation.toLowerCase().includes(request.occupation.toLowerCase())) {
      score += 15;
      reasons.push({ key: "sameOccupation", values: { occupation: c.occupation } });
    }
    for (const language of c.languages.filter((l) => wanted.has(l)).sort()) {
      score += 20;
      reasons.push({ key: "speaks", values: { language } });
    }
    if (request.preferFemale && c.gender === "female") {
      score += 10;
      reasons.push({ key: "femaleRoleModel" });
    }
    if (c.grades.includes(request.grade)) {
      score += 10;
      reasons.push({ key: "likesGrade", values: { grade: request.grade } });
    }
    const month = monthOf(window.start);
    const thisMonth = c.visits.filter((v) => monthOf(v.start) === month).length;
    const recent = c.visits.filter((v) => dateOf(v.start) >= since90 && dateOf(v.start) <= request.today).length;
    const sameSchool = c.visits.filter((v) => v.schoolId === request.schoolId && dateOf(v.start) >= since365).length;
    score -= 5 * recent + 8 * sameSchool;
    reasons.push({ key: "visitsThisMonth", values: { count: thisMonth, max: c.maxVisitsPerMonth } });
    if (sameSchool) reasons.push({ key: "visitedSchool", values: { count: sameSchool } });
    const company = c.companyId ? companyMap.get(c.companyId) : undefined;
    if (company) reasons.push({ key: "companyLoad", values: { count: company.visitsByMonth[month] ?? 0, cap: company.monthlyCap } });
    results.push({ ambassadorId: c.id, window, score, reasons });
  }
  return results.sort((a, b) => b.score - a.score || a.ambassadorId - b.ambassadorId).slice(0, limit);
}
