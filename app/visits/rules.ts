/**
 * The rules of a school visit that need no database (client-safe, pure): what a time window may be,
 * which quarter hours a booked visit occupies, who may move a visit to which state, and when the
 * pupils' survey closes.
 *
 * Times are wall-clock times in Europe/Stockholm, "YYYY-MM-DDTHH:MM", as schools write them.
 */
import { addDays, type IsoDate, type VisitFormat } from "~/ambassadors/rules";
import type { VisitStatus } from "#db/schema";

export type LocalDateTime = string;

/** School hours: a visit starts at 08:00 at the earliest and ends by 17:00. */
export const SCHOOL_DAY = { start: "08:00", end: "17:00" } as const;
export const MIN_VISIT_MINUTES = 30;
export const MAX_VISIT_MINUTES = 240;
export const MAX_WINDOWS = 5;
/** How far ahead a school may ask. */
export const MAX_DAYS_AHEAD = 365;
/** Travel time kept free on each side of an on-site visit (two on-site visits are 30 minutes apart). */
export const TRAVEL_PAD_MINUTES = 15;
/** The pupils' survey stays open this many days after the visit. */
export const SURVEY_OPEN_DAYS = 7;
/** Reminders go out this long before a confirmed visit. */
export const REMINDER_HOURS = 48;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
export const isLocalDateTime = (value: string) => {
  const m = LOCAL.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi] = m.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60;
};

/** Minutes since the epoch of a wall-clock time read as if it were UTC: for differences on one clock. */
export const clockMinutes = (t: LocalDateTime) => Date.parse(`${t}:00Z`) / 60_000;
export const fromClockMinutes = (m: number): LocalDateTime => new Date(m * 60_000).toISOString().slice(0, 16);
export const dateOf = (t: LocalDateTime): IsoDate => t.slice(0, 10);
/** "2026-12-02 09:00–10:00", as pages and e-mails show a visit's time. */
export const when = (start: string | null, end: string | null) => (start && end ? `${start.replace("T", " ")}–${end.slice(11)}` : "");
export const timeOf = (t: LocalDateTime) => t.slice(11, 16);

/** The wall-clock time in Sweden now, whatever the server's time zone. */
const stockholmClock = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
export function nowInStockholm(now = new Date()): LocalDateTime {
  const parts = stockholmClock.formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

/** ISO weekday, 1 = Monday (remembered per date: the matcher asks for the same few dates very often). */
const weekdays = new Map<IsoDate, number>();
export function isoWeekday(date: IsoDate) {
  let day = weekdays.get(date);
  if (day === undefined) weekdays.set(date, (day = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1));
  return day;
}

export interface Holiday {
  from_date: IsoDate;
  to_date: IsoDate;
  name: string;
}

/**
 * What is wrong with a requested time window, as an i18n key, or null. The window must be a real
 * time, on one school day (Monday–Friday, not in the municipality's holidays), within school hours,
 * on quarter hours, 30 minutes to 4 hours long, in the future and within a year.
 */
export function windowProblem(window: { start: string; end: string }, now: LocalDateTime, holidays: Holiday[]): string | null {
  if (!isLocalDateTime(window.start) || !isLocalDateTime(window.end)) return "visits:errors.windowInvalid";
  if (window.end <= window.start) return "visits:errors.windowOrder";
  if (dateOf(window.end) !== dateOf(window.start)) return "visits:errors.windowOneDay";
  if (window.start <= now) return "visits:errors.windowPast";
  if (dateOf(window.start) > addDays(dateOf(now), MAX_DAYS_AHEAD)) return "visits:errors.windowTooFar";
  if (isoWeekday(dateOf(window.start)) > 5) return "visits:errors.windowWeekend";
  const day = dateOf(window.start);
  if (holidays.some((h) => h.from_date <= day && day <= h.to_date)) return "visits:errors.windowHoliday";
  if (timeOf(window.start) < SCHOOL_DAY.start || timeOf(window.end) > SCHOOL_DAY.end) return "visits:errors.windowHours";
  if (clockMinutes(window.start) % 15 || clockMinutes(window.end) % 15) return "visits:errors.windowQuarter";
  const length = clockMinutes(window.end) - clockMinutes(window.start);
  if (length < MIN_VISIT_MINUTES || length > MAX_VISIT_MINUTES) return "visits:errors.windowLength";
  return null;
}

/** The span a visit keeps its ambassador busy: the visit, and travel time around it when on site. */
export function occupiedSpan(start: LocalDateTime, end: LocalDateTime, format: VisitFormat) {
  const pad = format === "on_site" ? TRAVEL_PAD_MINUTES : 0;
  return { from: clockMinutes(start) - pad, to: clockMinutes(end) + pad };
}

/** The quarter hours a confirmed visit holds in booking_slot (the database's guarantee). */
export function occupiedQuarters(start: LocalDateTime, end: LocalDateTime, format: VisitFormat): string[] {
  const { from, to } = occupiedSpan(start, end, format);
  const quarters: string[] = [];
  for (let m = Math.floor(from / 15) * 15; m < to; m += 15) quarters.push(fromClockMinutes(m));
  return quarters;
}

/** States in which a visit still takes up the ambassador's time. */
export const bookedStatuses: VisitStatus[] = ["proposed", "accepted", "confirmed"];
/** States from which a visit can still be cancelled. */
export const cancellableStatuses: VisitStatus[] = ["requested", "proposed", "accepted", "confirmed"];

export const surveyClosesAt = (end: LocalDateTime): LocalDateTime => `${addDays(dateOf(end), SURVEY_OPEN_DAYS)}T${timeOf(end)}`;
export const answers = ["yes", "maybe", "no"] as const;
export const surveyQuestions = ["knows_more", "could_work", "vocational_programme"] as const;
