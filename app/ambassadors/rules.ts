/**
 * The rules of the ambassador pool that do not need a database: the status graph, how long a
 * criminal-record check is valid, and whether someone can be booked. Client-safe and pure, so the
 * booking issue and the tests can use them directly.
 */
import type { AmbassadorStatus } from "#db/schema";

export const statuses: AmbassadorStatus[] = ["applied", "approved", "active", "paused", "alumni", "rejected"];

/** applied → approved → active → paused → alumni, and rejected. Nothing else. */
export const transitions: Record<AmbassadorStatus, AmbassadorStatus[]> = {
  applied: ["approved", "rejected"],
  approved: ["active", "rejected"],
  active: ["paused", "alumni"],
  paused: ["active", "alumni"],
  alumni: [],
  rejected: [],
};

export const canTransition = (from: AmbassadorStatus, to: AmbassadorStatus) => transitions[from].includes(to);

/** Skollagen 2 kap. 31 §: the extract may be at most one year old. */
export const VETTING_VALID_MONTHS = 12;
export const VETTING_WARNING_DAYS = 30;

/** Calendar dates are plain YYYY-MM-DD strings in Europe/Stockholm; no time zones involved. */
export type IsoDate = string;

export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** The first day on which a check shown on `shownOn` is no longer valid. */
export const vettingExpiresOn = (shownOn: IsoDate) => addMonths(shownOn, VETTING_VALID_MONTHS);

export type VettingState = "missing" | "valid" | "expiring" | "expired";

export function vettingState(shownOn: IsoDate | null | undefined, on: IsoDate): VettingState {
  if (!shownOn) return "missing";
  const expires = vettingExpiresOn(shownOn);
  if (on >= expires) return "expired";
  if (on >= addDays(expires, -VETTING_WARNING_DAYS)) return "expiring";
  return "valid";
}

/** Today's date in Sweden, whatever the server's time zone. */
const stockholmDate = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit", day: "2-digit" });
export function todayInStockholm(now = new Date()): IsoDate {
  return stockholmDate.format(now);
}

export interface BookingFacts {
  status: AmbassadorStatus;
  erased: boolean;
  /** the date of the latest criminal-record check shown, if any */
  vettedOn: IsoDate | null;
  /** every required training module completed */
  trained: boolean;
}

export type NotBookableReason = "erased" | "not_active" | "not_trained" | "vetting_missing" | "vetting_expired";

/**
 * Whether an ambassador may be booked for a visit on `date` to a class in `grade`, with every
 * reason why not. Grades 1–9 (grundskolan) need a criminal-record check valid on the visit date;
 * other groups (gymnasium, adult education) do not.
 */
export function isBookable(ambassador: BookingFacts, date: IsoDate, grade: number): { bookable: boolean; reasons: NotBookableReason[] } {
  const reasons: NotBookableReason[] = [];
  if (ambassador.erased) reasons.push("erased");
  if (ambassador.status !== "active") reasons.push("not_active");
  if (!ambassador.trained) reasons.push("not_trained");
  if (grade >= 1 && grade <= 9) {
    const state = vettingState(ambassador.vettedOn, date);
    if (state === "missing") reasons.push("vetting_missing");
    if (state === "expired") reasons.push("vetting_expired");
  }
  return { bookable: reasons.length === 0, reasons };
}

/** Swedish organisationsnummer: ten digits (NNNNNN-NNNN), the last a Luhn check digit. */
export function normaliseOrgNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  const ten = digits.length === 12 && /^(16|19|20)/.test(digits) ? digits.slice(2) : digits;
  if (!/^\d{10}$/.test(ten)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let n = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
    if (n > 9) n -= 9;
    sum += n;
  }
  const check = (10 - (sum % 10)) % 10;
  return check === Number(ten[9]) ? `${ten.slice(0, 6)}-${ten.slice(6)}` : null;
}

export const formats = ["on_site", "digital"] as const;
export type VisitFormat = (typeof formats)[number];
/** Grades an ambassador may like to meet; 10 stands for the gymnasium. */
export const grades = [4, 5, 6, 7, 8, 9, 10] as const;
export const POOL_TARGET = { min: 5, max: 10 };
