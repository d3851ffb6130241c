/**
 * Matching (groundwork for issue 4): examples a coordinator would recognise, and fast-check
 * properties against an independent, deliberately naive oracle of the hard rules.
 */
import fc from "fast-check";
import { addDays, isBookable } from "~/ambassadors/rules";
import { isoWeekday as weekdayOf } from "~/visits/rules";
import { suggest, type Candidate, type CompanyLoad, type MatchRequest, type TimeWindow } from "~/visits/matching";

const today = "2026-11-23";
const base: Candidate = {
  id: 1,
  municipalityId: 84,
  companyId: 1,
  facts: { status: "active", erased: false, vettedOn: "2026-06-01", trained: true },
  sectorId: 4,
  occupation: "Svetsare",
  languages: ["sv", "ar"],
  gender: "female",
  grades: [5, 6],
  formats: ["on_site", "digital"],
  maxVisitsPerMonth: 3,
  availability: [1, 2, 3, 4, 5].flatMap((weekday) => ["08", "09", "10", "11", "13", "14"].map((h) => ({ weekday, start: `${h}:00`, end: `${String(Number(h) + 1).padStart(2, "0")}:00` }))),
  blackouts: [],
  visits: [],
};
const request: MatchRequest = {
  schoolId: 1,
  municipalityId: 84,
  format: "on_site",
  grade: 5,
  windows: [{ start: "2026-12-02T09:00", end: "2026-12-02T10:30" }],
  sectorId: 4,
  languages: ["ar"],
  preferFemale: true,
  today,
};
const companies: CompanyLoad[] = [{ id: 1, monthlyCap: 6, visitsByMonth: { "2026-12": 2 } }];

describe("examples", () => {
  test("the best match comes first, with her reasons", () => {
    const other: Candidate = { ...base, id: 2, sectorId: 7, languages: ["sv"], gender: "male" };
    const [first, second] = suggest(request, [other, base], companies);
    expect(first.ambassadorId).toBe(1);
    expect(first.reasons.map((r) => r.key)).toEqual(expect.arrayContaining(["sameSector", "speaks", "femaleRoleModel", "likesGrade", "visitsThisMonth", "companyLoad"]));
    expect(first.reasons.find((r) => r.key === "companyLoad")?.values).toEqual({ count: 2, cap: 6 });
    expect(second.ambassadorId).toBe(2);
  });

  test("an expired check rules her out for grade 5 but not for the gymnasium", () => {
    const expired = { ...base, facts: { ...base.facts, vettedOn: "2025-10-01" } };
    expect(suggest(request, [expired], companies)).toEqual([]);
    expect(suggest({ ...request, grade: 10 }, [expired], companies)).toHaveLength(1);
  });

  test("on site stays in the municipality; digital may cross the border", () => {
    const elsewhere = { ...base, municipalityId: 82 };
    expect(suggest(request, [elsewhere], companies)).toEqual([]);
    expect(suggest({ ...request, format: "digital" }, [elsewhere], companies)).toHaveLength(1);
  });

  test("travel time around another on-site visit, and the company's cap", () => {
    const busy = { ...base, visits: [{ start: "2026-12-02T10:45", end: "2026-12-02T11:30", schoolId: 9, format: "on_site" as const }] };
    expect(suggest(request, [busy], companies)).toEqual([]);
    const later = { ...base, visits: [{ start: "2026-12-02T11:05", end: "2026-12-02T11:45", schoolId: 9, format: "on_site" as const }] };
    expect(suggest(request, [later], companies)).toHaveLength(1);
    expect(suggest(request, [base], [{ id: 1, monthlyCap: 2, visitsByMonth: { "2026-12": 2 } }])).toEqual([]);
  });

  test("the later window is used when the first one does not fit", () => {
    const windows = [
      { start: "2026-12-02T12:00", end: "2026-12-02T13:00" }, // lunch: not in her availability
      { start: "2026-12-03T13:15", end: "2026-12-03T14:45" },
    ];
    expect(suggest({ ...request, windows }, [base], companies)[0].window).toEqual(windows[1]);
  });

  test("fairness: fewer recent visits and no repeat at the same school rank higher", () => {
    const often: Candidate = { ...base, id: 3, visits: [1, 2, 3].map((d) => ({ start: `2026-11-0${d}T09:00`, end: `2026-11-0${d}T10:00`, schoolId: 1, format: "on_site" as const })) };
    const rested: Candidate = { ...base, id: 4 };
    expect(suggest(request, [often, rested], companies).map((s) => s.ambassadorId)).toEqual([4, 3]);
  });
});

// ------------------------------------------------------------------ properties

const toMinutes = (t: string) => Date.parse(`${t}:00Z`) / 60_000;

/** The hard rules again, written another way: minute by minute. */
function oracleAllows(c: Candidate, r: MatchRequest, w: TimeWindow, loads: CompanyLoad[]) {
  const day = w.start.slice(0, 10);
  if (!isBookable(c.facts, day, r.grade).bookable) return false;
  if (r.format === "on_site" && c.municipalityId !== r.municipalityId) return false;
  if (!c.formats.includes(r.format)) return false;
  if (w.end.slice(0, 10) !== day) return false;
  const weekday = weekdayOf(day);
  for (let m = toMinutes(w.start); m < toMinutes(w.end); m++) {
    const hhmm = new Date(m * 60_000).toISOString().slice(11, 16);
    if (!c.availability.some((s) => s.weekday === weekday && s.start <= hhmm && hhmm < s.end)) return false;
  }
  if (c.blackouts.some((b) => b.from <= day && day <= b.to)) return false;
  for (const v of c.visits) {
    const pad = (format: string) => (format === "on_site" ? 15 : 0);
    const apart = toMinutes(v.end) + pad(v.format) <= toMinutes(w.start) - pad(r.format) || toMinutes(w.end) + pad(r.format) <= toMinutes(v.start) - pad(v.format);
    if (!apart) return false;
  }
  const month = w.start.slice(0, 7);
  if (c.visits.filter((v) => v.start.startsWith(month)).length >= c.maxVisitsPerMonth) return false;
  const company = loads.find((l) => l.id === c.companyId);
  if (company && (company.visitsByMonth[month] ?? 0) >= company.monthlyCap) return false;
  return true;
}

const hour = fc.integer({ min: 7, max: 16 });
const minute = fc.constantFrom(0, 15, 30, 45);
const day = fc.integer({ min: 1, max: 4 }).map((d) => `2026-12-${String(d).padStart(2, "0")}`);
const window = fc.tuple(day, hour, minute, fc.integer({ min: 30, max: 150 })).map(([d, h, m, len]) => {
  const start = Date.parse(`${d}T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00Z`);
  const iso = (t: number) => new Date(t).toISOString().slice(0, 16);
  return { start: iso(start), end: iso(start + len * 60_000) };
});
const candidate = (id: number) =>
  fc.record({
    municipalityId: fc.constantFrom(84, 86),
    companyId: fc.constantFrom(1, 2, null),
    status: fc.constantFrom("active", "active", "active", "paused" as const),
    vettedOn: fc.constantFrom("2026-06-01", "2025-11-01", null),
    trained: fc.boolean(),
    sectorId: fc.constantFrom(4, 7, null),
    languages: fc.subarray(["sv", "ar", "ti", "so"]),
    gender: fc.constantFrom("female", "male", null),
    formats: fc.subarray(["on_site", "digital"] as const, { minLength: 1 }),
    maxVisitsPerMonth: fc.integer({ min: 0, max: 4 }),
    cells: fc.subarray([1, 2, 3, 4, 5].flatMap((wd) => [8, 9, 10, 11, 13, 14, 15].map((h) => [wd, h] as const)), { minLength: 24 }),
    blackoutDay: fc.option(fc.integer({ min: 1, max: 4 })),
    visits: fc.array(fc.tuple(window, fc.integer({ min: 1, max: 3 }), fc.constantFrom("on_site", "digital" as const)), { maxLength: 4 }),
  }).map(
    (g): Candidate => ({
      id,
      municipalityId: g.municipalityId,
      companyId: g.companyId,
      facts: { status: g.status as "active", erased: false, vettedOn: g.vettedOn, trained: g.trained },
      sectorId: g.sectorId,
      occupation: null,
      languages: g.languages,
      gender: g.gender as Candidate["gender"],
      grades: [5],
      formats: [...g.formats],
      maxVisitsPerMonth: g.maxVisitsPerMonth,
      availability: g.cells.map(([wd, h]) => ({ weekday: wd, start: `${String(h).padStart(2, "0")}:00`, end: `${String(h + 1).padStart(2, "0")}:00` })),
      blackouts: g.blackoutDay ? [{ from: `2026-12-${String(g.blackoutDay).padStart(2, "0")}`, to: `2026-12-${String(g.blackoutDay).padStart(2, "0")}` }] : [],
      visits: g.visits.map(([w, schoolId, format]) => ({ ...w, schoolId, format })),
    }),
  );
const scenario = fc.record({
  candidates: fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => candidate(i + 1)))),
  windows: fc.array(window, { minLength: 1, maxLength: 5 }),
  format: fc.constantFrom("on_site", "digital" as const),
  grade: fc.constantFrom(5, 9, 10),
  caps: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })),
});

test("property: a suggestion never breaks a hard rule, and nobody who fits is left out", () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const r: MatchRequest = { ...request, format: s.format, grade: s.grade, windows: s.windows };
      const loads: CompanyLoad[] = [
        { id: 1, monthlyCap: s.caps[0], visitsByMonth: { "2026-12": s.caps[2] } },
        { id: 2, monthlyCap: s.caps[1], visitsByMonth: {} },
      ];
      const result = suggest(r, s.candidates, loads, s.candidates.length);
      for (const suggestion of result) {
        const c = s.candidates.find((x) => x.id === suggestion.ambassadorId)!;
        expect(oracleAllows(c, r, suggestion.window, loads)).toBe(true);
        // the window chosen is the first one that fits
        expect(r.windows.findIndex((w) => oracleAllows(c, r, w, loads))).toBe(r.windows.indexOf(suggestion.window));
      }
      const suggested = new Set(result.map((x) => x.ambassadorId));
      for (const c of s.candidates) if (!suggested.has(c.id)) expect(r.windows.some((w) => oracleAllows(c, r, w, loads))).toBe(false);
    }),
    { numRuns: 500 },
  );
});

test("property: deterministic, whatever order the candidates come in, and ranked by score then id", () => {
  fc.assert(
    fc.property(scenario, fc.integer(), (s, seed) => {
      const r: MatchRequest = { ...request, format: s.format, grade: s.grade, windows: s.windows };
      const shuffled = [...s.candidates].sort((a, b) => ((a.id * 7919 + seed) % 13) - ((b.id * 7919 + seed) % 13));
      const a = suggest(r, s.candidates, companies, 50);
      expect(suggest(r, shuffled, companies, 50)).toEqual(a);
      for (let i = 1; i < a.length; i++) expect(a[i - 1].score > a[i].score || (a[i - 1].score === a[i].score && a[i - 1].ambassadorId < a[i].ambassadorId)).toBe(true);
    }),
    { numRuns: 200 },
  );
});

test("property: counts made by the database (and only the windows' days' visits) give the same suggestions as every visit", () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const r: MatchRequest = { ...request, format: s.format, grade: s.grade, windows: s.windows };
      const days = new Set(r.windows.map((w) => w.start.slice(0, 10)));
      const since90 = addDays(r.today, -90);
      const since365 = addDays(r.today, -365);
      // what candidates.server.ts loads: the visits on the windows' days, and counts
      const counted = s.candidates.map((c) => {
        const byMonth: Record<string, number> = {};
        for (const v of c.visits) byMonth[v.start.slice(0, 7)] = (byMonth[v.start.slice(0, 7)] ?? 0) + 1;
        return {
          ...c,
          visits: c.visits.filter((v) => days.has(v.start.slice(0, 10))),
          counts: {
            byMonth,
            recent: c.visits.filter((v) => v.start >= since90 && v.start <= `${r.today}T99`).length,
            sameSchool: c.visits.filter((v) => v.schoolId === r.schoolId && v.start >= since365).length,
          },
        };
      });
      expect(suggest(r, counted, companies, 50)).toEqual(suggest(r, s.candidates, companies, 50));
    }),
    { numRuns: 300 },
  );
});
