/**
 * The pure rules of the ambassador pool: who may move to which status, how long a criminal-record
 * check (utdrag ur belastningsregistret) is valid, who can be booked for which class, and what an
 * organisationsnummer looks like. No database.
 */
import fc from "fast-check";
import type { AmbassadorStatus } from "#db/schema";
import {
  addDays,
  addMonths,
  canTransition,
  isBookable,
  normaliseOrgNumber,
  statuses,
  todayInStockholm,
  transitions,
  vettingExpiresOn,
  vettingState,
  VETTING_VALID_MONTHS,
  VETTING_WARNING_DAYS,
  type BookingFacts,
} from "~/ambassadors/rules";
import { applicationSchema, availabilitySchema, blackoutSchema, companySchema, phoneField, transitionSchema, vettingSchema } from "~/ambassadors/schemas";

const allowed: [AmbassadorStatus, AmbassadorStatus][] = [
  ["applied", "approved"],
  ["applied", "rejected"],
  ["approved", "active"],
  ["approved", "rejected"],
  ["active", "paused"],
  ["active", "alumni"],
  ["paused", "active"],
  ["paused", "alumni"],
];
const isAllowed = (from: AmbassadorStatus, to: AmbassadorStatus) => allowed.some(([a, b]) => a === from && b === to);
const status = fc.constantFrom<AmbassadorStatus>("applied", "approved", "active", "paused", "alumni", "rejected");

/** Any calendar date from 2000 to 2099 as YYYY-MM-DD. */
const isoDate = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe("status graph", () => {
  test("the six statuses are exactly the ones the graph knows", () => {
    expect([...statuses].sort()).toEqual(Object.keys(transitions).sort());
    expect(statuses).toHaveLength(6);
  });

  test.each(allowed)("%s → %s is allowed", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  test("every other pair is refused, including staying put", () => {
    const refused = statuses.flatMap((from) => statuses.filter((to) => !isAllowed(from, to)).map((to) => `${from}→${to}`));
    expect(refused).toHaveLength(36 - allowed.length);
    for (const pair of refused) {
      const [from, to] = pair.split("→") as [AmbassadorStatus, AmbassadorStatus];
      expect(canTransition(from, to), pair).toBe(false);
    }
    // a few a coordinator might try by mistake
    expect(canTransition("applied", "active")).toBe(false); // skipping approval
    expect(canTransition("rejected", "approved")).toBe(false); // changing one's mind after rejecting
    expect(canTransition("active", "rejected")).toBe(false); // an active ambassador leaves as alumni, not rejected
    expect(canTransition("alumni", "active")).toBe(false);
  });

  test("property: canTransition(a, b) holds exactly for the listed pairs", () => {
    fc.assert(fc.property(status, status, (from, to) => canTransition(from, to) === isAllowed(from, to)));
  });

  test("property: nothing ever goes back to applied, and nothing leaves alumni or rejected", () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        if (to === "applied") expect(canTransition(from, to)).toBe(false);
        if (from === "alumni" || from === "rejected") expect(canTransition(from, to)).toBe(false);
      }),
    );
  });

  test("property: any walk along allowed steps starts in applied and ends, at worst, in alumni or rejected", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (choices) => {
        let current: AmbassadorStatus = "applied";
        const seen: AmbassadorStatus[] = [current];
        for (const choice of choices) {
          const next: AmbassadorStatus[] = transitions[current];
          if (!next.length) break;
          current = next[choice % next.length];
          seen.push(current);
        }
        expect(seen.slice(1)).not.toContain("applied");
        if (!transitions[current].length) expect(["alumni", "rejected"]).toContain(current);
      }),
    );
  });
});

describe("criminal-record check validity", () => {
  test("a check is valid for twelve months and warned about for thirty days", () => {
    expect(VETTING_VALID_MONTHS).toBe(12);
    expect(VETTING_WARNING_DAYS).toBe(30);
  });

  test("shown 2025-03-15 expires 2026-03-15", () => {
    expect(vettingExpiresOn("2025-03-15")).toBe("2026-03-15");
  });

  test("the exact days on which it is valid, expiring and expired", () => {
    const shown = "2025-03-15";
    // the warning window starts 30 days before 2026-03-15, which is 2026-02-13
    expect(addDays("2026-03-15", -30)).toBe("2026-02-13");
    expect(vettingState(shown, "2025-03-15")).toBe("valid"); // the day it is shown
    expect(vettingState(shown, "2026-02-12")).toBe("valid"); // the day before the window
    expect(vettingState(shown, "2026-02-13")).toBe("expiring"); // first day of the window
    expect(vettingState(shown, "2026-03-14")).toBe("expiring"); // the last day it is valid
    expect(vettingState(shown, "2026-03-15")).toBe("expired"); // the expiry day itself
    expect(vettingState(shown, "2027-01-01")).toBe("expired");
  });

  test("no check shown means missing, whatever the date", () => {
    expect(vettingState(null, "2026-01-01")).toBe("missing");
    expect(vettingState(undefined, "2026-01-01")).toBe("missing");
    expect(vettingState("", "2026-01-01")).toBe("missing");
  });

  test("a check shown on a leap day runs out on 28 February the next year", () => {
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(vettingExpiresOn("2024-02-29")).toBe("2025-02-28");
    expect(vettingState("2024-02-29", "2025-02-27")).toBe("expiring");
    expect(vettingState("2024-02-29", "2025-02-28")).toBe("expired");
    // and one shown on 28 February in a leap year runs to 28 February, not 1 March
    expect(vettingExpiresOn("2023-02-28")).toBe("2024-02-28");
    // the window crosses the leap day correctly
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
  });

  test("addMonths clamps to the end of shorter months and crosses year ends", () => {
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2025-03-31", 1)).toBe("2025-04-30");
    expect(addMonths("2025-12-15", 1)).toBe("2026-01-15");
    expect(addMonths("2025-11-30", 3)).toBe("2026-02-28");
    expect(addMonths("2026-03-15", -12)).toBe("2025-03-15");
    expect(addMonths("2025-10-26", 0)).toBe("2025-10-26");
  });

  test("addDays is a calendar step, unaffected by daylight saving time", () => {
    // Sweden moves the clocks on these Sundays; a date is still one day later
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(addDays("2026-10-25", 1)).toBe("2026-10-26");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
  });

  test("property: the check is valid until the window, expiring in it, expired from the expiry day", () => {
    fc.assert(
      fc.property(isoDate, (shown) => {
        const expires = vettingExpiresOn(shown);
        const windowStart = addDays(expires, -VETTING_WARNING_DAYS);
        expect(vettingState(shown, shown)).toBe("valid");
        expect(vettingState(shown, addDays(windowStart, -1))).toBe("valid");
        expect(vettingState(shown, windowStart)).toBe("expiring");
        expect(vettingState(shown, addDays(expires, -1))).toBe("expiring");
        expect(vettingState(shown, expires)).toBe("expired");
      }),
    );
  });

  test("property: a check lasts one calendar year: 365 or 366 days, or one day less from a leap day", () => {
    fc.assert(
      fc.property(isoDate, (shown) => {
        const expires = vettingExpiresOn(shown);
        const days = (Date.parse(expires) - Date.parse(shown)) / 86_400_000;
        expect([365, 366]).toContain(days);
        if (!shown.endsWith("-02-29")) expect(expires.slice(4)).toBe(shown.slice(4));
        expect(Number(expires.slice(0, 4))).toBe(Number(shown.slice(0, 4)) + 1);
      }),
    );
  });

  test("property: as the days pass the state only moves forward (valid → expiring → expired)", () => {
    const order = { valid: 0, expiring: 1, expired: 2, missing: -1 };
    fc.assert(
      fc.property(isoDate, fc.nat({ max: 500 }), fc.nat({ max: 500 }), (shown, a, b) => {
        const [early, late] = [Math.min(a, b), Math.max(a, b)];
        expect(order[vettingState(shown, addDays(shown, early))]).toBeLessThanOrEqual(order[vettingState(shown, addDays(shown, late))]);
      }),
    );
  });
});

describe("who can be booked", () => {
  const ready: BookingFacts = { status: "active", erased: false, vettedOn: "2025-03-15", trained: true };
  const visit = "2025-10-01";
  const expiredVisit = "2026-04-01";

  test("an active, trained ambassador with a valid check can be booked for grade 5", () => {
    expect(isBookable(ready, visit, 5)).toEqual({ bookable: true, reasons: [] });
  });

  test("a check that is about to run out still counts on the visit day", () => {
    expect(isBookable(ready, "2026-03-14", 5)).toEqual({ bookable: true, reasons: [] });
    expect(isBookable(ready, "2026-03-15", 5)).toEqual({ bookable: false, reasons: ["vetting_expired"] });
  });

  test("an expired check stops visits to grades 1–9 but not to the gymnasium", () => {
    for (let grade = 1; grade <= 9; grade++) expect(isBookable(ready, expiredVisit, grade), `grade ${grade}`).toEqual({ bookable: false, reasons: ["vetting_expired"] });
    expect(isBookable(ready, expiredVisit, 10)).toEqual({ bookable: true, reasons: [] });
  });

  test("no check at all: not bookable for grundskolan, bookable for the gymnasium", () => {
    const unvetted = { ...ready, vettedOn: null };
    expect(isBookable(unvetted, visit, 7)).toEqual({ bookable: false, reasons: ["vetting_missing"] });
    expect(isBookable(unvetted, visit, 10)).toEqual({ bookable: true, reasons: [] });
  });

  test("the check is judged on the visit date, not on today", () => {
    // a visit booked now for a date after expiry is refused even though the check is valid today
    expect(isBookable(ready, "2026-05-20", 8).reasons).toEqual(["vetting_expired"]);
  });

  test("untrained, paused or erased ambassadors cannot be booked", () => {
    expect(isBookable({ ...ready, trained: false }, visit, 5)).toEqual({ bookable: false, reasons: ["not_trained"] });
    expect(isBookable({ ...ready, status: "paused" }, visit, 5)).toEqual({ bookable: false, reasons: ["not_active"] });
    expect(isBookable({ ...ready, erased: true }, visit, 5)).toEqual({ bookable: false, reasons: ["erased"] });
    for (const s of ["applied", "approved", "alumni", "rejected"] as const) expect(isBookable({ ...ready, status: s }, visit, 10).reasons, s).toEqual(["not_active"]);
  });

  test("every reason is listed at once", () => {
    const result = isBookable({ status: "applied", erased: false, vettedOn: null, trained: false }, visit, 5);
    expect(result.bookable).toBe(false);
    expect(result.reasons).toEqual(["not_active", "not_trained", "vetting_missing"]);
    const worst = isBookable({ status: "alumni", erased: true, vettedOn: "2020-01-01", trained: false }, visit, 6);
    expect(worst.reasons).toEqual(["erased", "not_active", "not_trained", "vetting_expired"]);
  });

  test("property: bookable exactly when active, not erased, trained, and (gymnasium or a check valid on the day)", () => {
    fc.assert(
      fc.property(
        status,
        fc.boolean(),
        fc.option(isoDate, { nil: null }),
        fc.boolean(),
        isoDate,
        fc.integer({ min: 1, max: 10 }),
        (s, erased, vettedOn, trained, date, grade) => {
          const result = isBookable({ status: s, erased, vettedOn, trained }, date, grade);
          const state = vettingState(vettedOn, date);
          const vettingOk = grade === 10 || state === "valid" || state === "expiring";
          expect(result.bookable).toBe(s === "active" && !erased && trained && vettingOk);
          expect(result.bookable).toBe(result.reasons.length === 0);
          expect(new Set(result.reasons).size).toBe(result.reasons.length);
        },
      ),
    );
  });
});

describe("organisationsnummer", () => {
  test("valid numbers are accepted and written NNNNNN-NNNN", () => {
    expect(normaliseOrgNumber("556036-0793")).toBe("556036-0793");
    expect(normaliseOrgNumber("212000-0142")).toBe("212000-0142");
    expect(normaliseOrgNumber("802002-4280")).toBe("802002-4280");
    expect(normaliseOrgNumber("5560360793")).toBe("556036-0793");
    expect(normaliseOrgNumber(" 556036 0793 ")).toBe("556036-0793");
  });

  test("the demo companies have valid numbers", () => {
    for (const n of ["556000-0001", "556000-0019", "556000-0027"]) expect(normaliseOrgNumber(n)).toBe(n);
  });

  test("a wrong check digit is refused", () => {
    expect(normaliseOrgNumber("556036-0794")).toBeNull();
    expect(normaliseOrgNumber("212000-0143")).toBeNull();
    expect(normaliseOrgNumber("556000-0002")).toBeNull();
  });

  test("the twelve-digit form with a century prefix is accepted and shortened", () => {
    expect(normaliseOrgNumber("16556036-0793")).toBe("556036-0793");
    expect(normaliseOrgNumber("165560360793")).toBe("556036-0793");
    expect(normaliseOrgNumber("16212000-0142")).toBe("212000-0142");
    // an unknown prefix is not a century
    expect(normaliseOrgNumber("21556036-0793")).toBeNull();
  });

  test("letters, too few or too many digits are refused", () => {
    for (const input of ["55603A-0793", "556036-079O", "abcdef-ghij", "556036-079", "556036-07930", "", "-", "5560360793x"])
      expect(normaliseOrgNumber(input), JSON.stringify(input)).toBeNull();
  });

  test("property: exactly one check digit completes any nine digits", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
        const valid = [..."0123456789"].filter((c) => normaliseOrgNumber(nine + c) !== null);
        expect(valid).toHaveLength(1);
        expect(normaliseOrgNumber(`16${nine}${valid[0]}`)).toBe(`${nine.slice(0, 6)}-${nine.slice(6)}${valid[0]}`);
      }),
    );
  });

  test("the company form stores the normalised number and explains a wrong one", () => {
    const base = { name: "Test AB", municipalityId: "1", sectorId: "1", monthlyVisitCap: "4" };
    const ok = companySchema.safeParse({ ...base, orgNumber: " 16556036-0793 " });
    expect(ok.success).toBe(true);
    expect(ok.data?.orgNumber).toBe("556036-0793");
    const wrong = companySchema.safeParse({ ...base, orgNumber: "556036-0794" });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["orgNumber", "errors.orgNumber"]]);
  });
});

describe("the coordinator's and applicant's forms", () => {
  /** What the form shows: the first message for each field (as app/forms.server.ts does). */
  const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => {
    const first = new Map<string, string>();
    for (const i of result.error?.issues ?? []) if (!first.has(i.path.join("."))) first.set(i.path.join("."), i.message);
    return [...first].map(([field, message]) => `${field}: ${message}`);
  };

  test("a check date must be a real calendar date", () => {
    expect(vettingSchema.safeParse({ shownOn: "2024-02-29" }).success).toBe(true);
    expect(messages(vettingSchema.safeParse({ shownOn: "2025-02-29" }))).toEqual(["shownOn: errors.date"]);
    expect(messages(vettingSchema.safeParse({ shownOn: "2026-04-31" }))).toEqual(["shownOn: errors.date"]);
    expect(messages(vettingSchema.safeParse({ shownOn: "15/3/2025" }))).toEqual(["shownOn: errors.date"]);
    expect(messages(vettingSchema.safeParse({ shownOn: "" }))).toEqual(["shownOn: errors.required"]);
  });

  test("a rejection needs a reason; nobody can be sent back to applied", () => {
    expect(messages(transitionSchema.safeParse({ to: "rejected", reason: "  " }))).toEqual(["reason: errors.rejectionReason"]);
    expect(transitionSchema.parse({ to: "rejected", reason: " Fullt i Trosa. " })).toEqual({ to: "rejected", reason: "Fullt i Trosa." });
    expect(transitionSchema.parse({ to: "approved" })).toEqual({ to: "approved", reason: null });
    expect(messages(transitionSchema.safeParse({ to: "applied" }))).toEqual(["to: errors.invalid"]);
  });

  test("a day off must not end before it starts", () => {
    expect(blackoutSchema.safeParse({ fromDate: "2026-07-01", toDate: "2026-07-01" }).success).toBe(true);
    expect(messages(blackoutSchema.safeParse({ fromDate: "2026-07-02", toDate: "2026-07-01" }))).toEqual(["toDate: errors.dateOrder"]);
  });

  test("weekly times are whole school hours, Monday to Sunday", () => {
    expect(availabilitySchema.parse({ maxVisitsPerMonth: "2", slots: "1-09" })).toEqual({ maxVisitsPerMonth: 2, slots: ["1-09"] });
    expect(availabilitySchema.safeParse({ maxVisitsPerMonth: "2", slots: ["8-09"] }).success).toBe(false);
    expect(availabilitySchema.safeParse({ maxVisitsPerMonth: "2", slots: ["1-17"] }).success).toBe(false);
    expect(availabilitySchema.safeParse({ maxVisitsPerMonth: "21", slots: [] }).success).toBe(false);
  });

  test("phone numbers are stored without spaces and dashes; nonsense is refused", () => {
    expect(phoneField.parse("070-123 45 67")).toBe("0701234567");
    expect(phoneField.parse("+46 70 123 45 67")).toBe("+46701234567");
    expect(phoneField.parse("")).toBeNull();
    expect(phoneField.safeParse("123").success).toBe(false);
  });

  test("an application needs a language, a format and a grade among those offered", () => {
    const form = {
      name: "Test",
      email: "Test@Example.se",
      municipalityId: "7",
      occupation: "Elektriker",
      employerName: "El AB",
      sectorId: "3",
      educationPath: "El- och energiprogrammet",
      story: "Berättelse",
      languages: ["sv"],
      formats: ["on_site"],
      grades: ["9", "10"],
    };
    const ok = applicationSchema.parse(form);
    expect(ok).toMatchObject({ email: "test@example.se", grades: [9, 10], languages: ["sv"], gender: null, phone: null });
    expect(messages(applicationSchema.safeParse({ ...form, languages: [], formats: [], grades: ["3"] })).sort()).toEqual(
      ["formats: errors.chooseFormat", "grades.0: errors.invalid", "languages: errors.chooseLanguage"].sort(),
    );
  });
});

describe("today in Stockholm", () => {
  test("half past midnight Swedish summer time is already the next day", () => {
    expect(todayInStockholm(new Date("2026-06-30T22:30:00Z"))).toBe("2026-07-01");
    expect(todayInStockholm(new Date("2026-06-30T21:59:59Z"))).toBe("2026-06-30");
  });

  test("in winter Sweden is one hour ahead of UTC", () => {
    expect(todayInStockholm(new Date("2025-12-31T22:59:59Z"))).toBe("2025-12-31");
    expect(todayInStockholm(new Date("2025-12-31T23:00:00Z"))).toBe("2026-01-01");
  });

  test("the answer is a plain YYYY-MM-DD date", () => {
    expect(todayInStockholm()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
