/**
 * Fair matching of an ambassador to a visit request (pure; groundwork for issue 4).
 *
 * Hard rules — a suggestion never breaks one:
 *  - bookable (active, trained, and for grades 1–9 a criminal-record check valid on the day: isBookable)
 *  - in the pool of the school's municipality (a digital visit may cross municipal borders)
 *  - offers the visit's format
 *  - available: the window lies inside her weekly availability, outside her blackout dates, and
 *    does not overlap another visit of hers, counting a quarter hour of travel on each side of an
 *    on-site visit (the same spans the database holds in booking_slot: see rules.ts)
 *  - under her own monthly cap and under her company's monthly cap for that month
 * Soft rules rank the rest: sector and occupation wishes, languages, a female role model when
 * asked for, grades she likes, fewer recent visits first (fairness), and not the same ambassador at
 * the same school again and again. Deterministic: ties are broken by id. Every suggestion carries
 * its reasons, as i18n keys with values.
 *
 * Times are wall-clock times in Europe/Stockholm ("YYYY-MM-DDTHH:MM"), as schools write them.
 */
import type { Gender } from "#db/schema";
import { addDays, vettingExpiresOn, type BookingFacts, type IsoDate, type VisitFormat } from "~/ambassadors/rules";
import { clockMinutes, dateOf, isoWeekday, occupiedSpan, timeOf, TRAVEL_PAD_MINUTES, type LocalDateTime } from "./rules";

export type { LocalDateTime };
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
  /**
   * Counts the database already made, so that `visits` need only hold the visits on the days of
   * the request's windows: per month (caps), in the 90 days up to today (fairness) and at the
   * request's school in the last 365 days. Without them everything is counted from `visits`.
   */
  counts?: { byMonth: Record<string, number>; recent: number; sameSchool: number };
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


const monthOf = (t: LocalDateTime) => t.slice(0, 7);

/** Whether the candidate may take the window at all, and if not, the first hard rule it breaks. */
export function hardRuleBroken(c: Candidate, request: MatchRequest, window: TimeWindow, companies: Map<number, CompanyLoad>): string | null {
  return candidateRuleBroken(c, request) ?? windowRuleBroken(c, request, partsOf(window), companies);
}

/** The rules that do not depend on the time: checked once per candidate. */
function candidateRuleBroken(c: Candidate, request: MatchRequest): string | null {
  if (request.format === "on_site" && c.municipalityId !== request.municipalityId) return "other_municipality";
  if (!c.formats.includes(request.format)) return "format";
  if (c.facts.status !== "active" || c.facts.erased || !c.facts.trained) return "not_bookable";
  return null;
}

/** A window taken apart once per request, not once per candidate. */
interface WindowParts {
  window: TimeWindow;
  day: IsoDate;
  weekday: number;
  from: string;
  to: string;
  month: string;
  start: number;
  end: number;
  oneDay: boolean;
}
const partsOf = (window: TimeWindow): WindowParts => ({
  window,
  day: dateOf(window.start),
  weekday: isoWeekday(dateOf(window.start)),
  from: timeOf(window.start),
  to: timeOf(window.end),
  month: monthOf(window.start),
  start: clockMinutes(window.start),
  end: clockMinutes(window.end),
  oneDay: dateOf(window.end) === dateOf(window.start),
});

function windowRuleBroken(c: Candidate, request: MatchRequest, w: WindowParts, companies: Map<number, CompanyLoad>): string | null {
  // grades 1–9 need a criminal-record check valid on the day (isBookable's rule, without its date arithmetic per call)
  if (request.grade >= 1 && request.grade <= 9 && !(c.facts.vettedOn && w.day < expiryOf(c.facts.vettedOn))) return "not_bookable";
  if (!w.oneDay || !coveredByAvailability(c.availability, w.weekday, w.from, w.to)) return "not_available";
  if (c.blackouts.some((b) => b.from <= w.day && w.day <= b.to)) return "blackout";
  // one travel gap between two visits when either of them is on site; school-day visits on other
  // dates cannot come within 30 minutes of this one
  for (const v of c.visits) {
    if (!v.start.startsWith(w.day)) continue;
    const pad = request.format === "on_site" ? TRAVEL_PAD_MINUTES : 0;
    const other = occupiedSpan(v.start, v.end, v.format);
    if (other.from < w.end + pad && w.start - pad < other.to) return "busy";
  }
  if ((visitsByMonth(c).get(w.month) ?? 0) >= c.maxVisitsPerMonth) return "own_cap";
  const company = c.companyId ? companies.get(c.companyId) : undefined;
  if (company && (company.visitsByMonth[w.month] ?? 0) >= company.monthlyCap) return "company_cap";
  return null;
}

const expiries = new Map<IsoDate, IsoDate>();
function expiryOf(vettedOn: IsoDate) {
  let expires = expiries.get(vettedOn);
  if (!expires) expiries.set(vettedOn, (expires = vettingExpiresOn(vettedOn)));
  return expires;
}

/** Her visits counted per month, computed once per candidate. */
const monthCounts = new WeakMap<object, Map<string, number>>();
function visitsByMonth(c: Candidate) {
  const key = c.counts ?? c.visits;
  let counts = monthCounts.get(key);
  if (!counts && c.counts) monthCounts.set(key, (counts = new Map(Object.entries(c.counts.byMonth))));
  if (!counts) {
    counts = new Map();
    for (const v of c.visits) counts.set(monthOf(v.start), (counts.get(monthOf(v.start)) ?? 0) + 1);
    monthCounts.set(key, counts);
  }
  return counts;
}

/** Hourly availability cells joined into spans per weekday, so 09–10 and 10–11 cover a visit from 09:30 to 10:30. */
const spansByCandidate = new WeakMap<Candidate["availability"], Map<number, { start: string; end: string }[]>>();
function coveredByAvailability(slots: Candidate["availability"], weekday: number, from: string, to: string) {
  let byDay = spansByCandidate.get(slots);
  if (!byDay) {
    byDay = new Map();
    for (const s of [...slots].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))) {
      const spans = byDay.get(s.weekday) ?? [];
      const last = spans[spans.length - 1];
      if (last && s.start <= last.end) last.end = s.end > last.end ? s.end : last.end;
      else spans.push({ start: s.start, end: s.end });
      byDay.set(s.weekday, spans);
    }
    spansByCandidate.set(slots, byDay);
  }
  return (byDay.get(weekday) ?? []).some((m) => m.start <= from && to <= m.end);
}

/** Ranked suggestions for one request: the best `limit` candidates, each with its first feasible window. */
export function suggest(request: MatchRequest, candidates: Candidate[], companies: CompanyLoad[], limit = 10): Suggestion[] {
  const companyMap = new Map(companies.map((c) => [c.id, c]));
  const windows = request.windows.map(partsOf);
  const since90 = addDays(request.today, -90);
  const since365 = addDays(request.today, -365);
  const todayEnd = `${request.today}T99`;
  const wanted = new Set(request.languages ?? []);
  const occupation = request.occupation?.toLowerCase();
  // First every candidate who fits, with a score; the reasons are written only for those shown.
  const fits: { c: Candidate; window: WindowParts; score: number; sameSchool: number }[] = [];
  for (const c of candidates) {
    if (candidateRuleBroken(c, request)) continue;
    const window = windows.find((w) => windowRuleBroken(c, request, w, companyMap) === null);
    if (!window) continue;
    let score = 0;
    if (request.sectorId && c.sectorId === request.sectorId) score += 30;
    if (occupation && c.occupation?.toLowerCase().includes(occupation)) score += 15;
    for (const l of c.languages) if (wanted.has(l)) score += 20;
    if (request.preferFemale && c.gender === "female") score += 10;
    if (c.grades.includes(request.grade)) score += 10;
    let recent = c.counts?.recent ?? 0;
    let sameSchool = c.counts?.sameSchool ?? 0;
    if (!c.counts)
      for (const v of c.visits) {
        // "YYYY-MM-DDTHH:MM" compares with "YYYY-MM-DD" as dates do
        if (v.start >= since90 && v.start <= todayEnd) recent++;
        if (v.schoolId === request.schoolId && v.start >= since365) sameSchool++;
      }
    score -= 5 * recent + 8 * sameSchool;
    fits.push({ c, window, score, sameSchool });
  }
  fits.sort((a, b) => b.score - a.score || a.c.id - b.c.id);
  return fits.slice(0, limit).map(({ c, window, score, sameSchool }) => {
    const reasons: Reason[] = [];
    if (request.sectorId && c.sectorId === request.sectorId) reasons.push({ key: "sameSector" });
    if (occupation && c.occupation?.toLowerCase().includes(occupation)) reasons.push({ key: "sameOccupation", values: { occupation: c.occupation } });
    for (const language of c.languages.filter((l) => wanted.has(l)).sort()) reasons.push({ key: "speaks", values: { language } });
    if (request.preferFemale && c.gender === "female") reasons.push({ key: "femaleRoleModel" });
    if (c.grades.includes(request.grade)) reasons.push({ key: "likesGrade", values: { grade: request.grade } });
    reasons.push({ key: "visitsThisMonth", values: { count: visitsByMonth(c).get(window.month) ?? 0, max: c.maxVisitsPerMonth } });
    if (sameSchool) reasons.push({ key: "visitedSchool", values: { count: sameSchool } });
    const company = c.companyId ? companyMap.get(c.companyId) : undefined;
    if (company) reasons.push({ key: "companyLoad", values: { count: company.visitsByMonth[window.month] ?? 0, cap: company.monthlyCap } });
    return { ambassadorId: c.id, window: window.window, score, reasons };
  });
}
