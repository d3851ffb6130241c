/**
 * Feeds the pure matcher (matching.ts) from the database. SQL narrows the field first — active,
 * not erased, offering the visit's format, in the school's municipality unless the visit is
 * digital, not already declined for this request — and then loads, for just those ambassadors and
 * in one query each, what the hard rules and the ranking need: latest check, training, weekly
 * availability, blackouts, visits of the past year and ahead, and their companies' monthly load.
 */
import { sql } from "kysely";
import { jsonArrayContains } from "#db/adapter";
import { addDays, type IsoDate, type VisitFormat } from "~/ambassadors/rules";
import { parseList } from "~/ambassadors/pool.server";
import type { DB } from "~/db.server";
import type { Candidate, CompanyLoad } from "./matching";
import { bookedStatuses } from "./rules";

export interface CandidateFilter {
  municipalityId: number;
  format: VisitFormat;
  /** "today", for how far back visits count */
  today: IsoDate;
  /** only these ambassadors (re-checking one proposal) */
  ambassadorIds?: number[];
  /** leave out whoever already declined or was withdrawn from this request */
  excludeForVisitId?: number;
  /** the visit being matched is not a conflict with itself */
  ignoreVisitId?: number;
}

const countedStatuses = [...bookedStatuses, "completed"] as const;

export async function loadCandidates(db: DB, filter: CandidateFilter): Promise<{ candidates: Candidate[]; companies: CompanyLoad[] }> {
  let base = db
    .selectFrom("ambassador as a")
    .select("a.id")
    .where("a.status", "=", "active")
    .where("a.erased_at", "is", null)
    .where(jsonArrayContains(db, "a.formats_json", filter.format));
  if (filter.format === "on_site") base = base.where("a.municipality_id", "=", filter.municipalityId);
  if (filter.ambassadorIds) base = base.where("a.id", "in", filter.ambassadorIds.length ? filter.ambassadorIds : [-1]);
  if (filter.excludeForVisitId)
    base = base.where("a.id", "not in", (eb) =>
      eb.selectFrom("visit_proposal").select("ambassador_id").where("visit_id", "=", filter.excludeForVisitId!).where("status", "in", ["declined", "withdrawn", "lapsed"]),
    );

  const required = db.selectFrom("training_module").select((eb) => eb.fn.countAll<number>().as("n")).where("required", "=", 1).where("active", "=", 1);
  const since = addDays(filter.today, -365);
  const [people, done, vettings, slots, blackouts, visits] = await Promise.all([
    db
      .selectFrom("ambassador as a")
      .select(["a.id", "a.municipality_id", "a.company_id", "a.status", "a.sector_id", "a.occupation", "a.languages_json", "a.gender", "a.grades_json", "a.formats_json", "a.max_visits_per_month"])
      .where("a.id", "in", base)
      .execute(),
    db
      .selectFrom("ambassador_training as t")
      .innerJoin("training_module as m", "m.id", "t.module_id")
      .select(["t.ambassador_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("m.required", "=", 1)
      .where("m.active", "=", 1)
      .where("t.ambassador_id", "in", base)
      .groupBy("t.ambassador_id")
      .execute(),
    db
      .selectFrom("ambassador_vetting")
      .select(["ambassador_id", (eb) => eb.fn.max("shown_on").as("shown_on")])
      .where("ambassador_id", "in", base)
      .groupBy("ambassador_id")
      .execute(),
    db.selectFrom("availability_slot").select(["ambassador_id", "weekday", "start_time", "end_time"]).where("ambassador_id", "in", base).execute(),
    db.selectFrom("blackout").select(["ambassador_id", "from_date", "to_date"]).where("ambassador_id", "in", base).where("to_date", ">=", filter.today).execute(),
    db
      .selectFrom("visit")
      .select(["id", "ambassador_id", "school_id", "format", "start_at", "end_at"])
      .where("ambassador_id", "in", base)
      .where("status", "in", [...countedStatuses])
      .where("start_at", ">=", since)
      .where("id", "!=", filter.ignoreVisitId ?? -1)
      .execute(),
  ]);
  const requiredCount = Number((await required.executeTakeFirst())?.n ?? 0);

  const byId = <T extends { ambassador_id: number | null }>(rows: T[]) => {
    const map = new Map<number, T[]>();
    for (const r of rows) if (r.ambassador_id != null) map.set(r.ambassador_id, [...(map.get(r.ambassador_id) ?? []), r]);
    return map;
  };
  const trainedCount = new Map(done.map((d) => [d.ambassador_id, Number(d.n)]));
  const vetted = new Map(vettings.map((v) => [v.ambassador_id, v.shown_on as string | null]));
  const slotsOf = byId(slots);
  const blackoutsOf = byId(blackouts);
  const visitsOf = byId(visits);

  const candidates: Candidate[] = people.map((p) => ({
    id: p.id,
    municipalityId: p.municipality_id,
    companyId: p.company_id,
    facts: { status: p.status, erased: false, vettedOn: vetted.get(p.id) ?? null, trained: (trainedCount.get(p.id) ?? 0) >= requiredCount },
    sectorId: p.sector_id,
    occupation: p.occupation,
    languages: parseList<string>(p.languages_json),
    gender: p.gender,
    grades: parseList<number>(p.grades_json),
    formats: parseList<VisitFormat>(p.formats_json),
    maxVisitsPerMonth: p.max_visits_per_month,
    availability: (slotsOf.get(p.id) ?? []).map((s) => ({ weekday: s.weekday, start: s.start_time, end: s.end_time })),
    blackouts: (blackoutsOf.get(p.id) ?? []).map((b) => ({ from: b.from_date, to: b.to_date })),
    visits: (visitsOf.get(p.id) ?? []).map((v) => ({ start: v.start_at!, end: v.end_at!, schoolId: v.school_id, format: v.format })),
  }));

  const companyIds = [...new Set(people.map((p) => p.company_id).filter((id): id is number => id != null))];
  return { candidates, companies: await companyLoads(db, companyIds, since, filter.ignoreVisitId) };
}

/** Visits per month of every ambassador of each company, against the company's cap. */
export async function companyLoads(db: DB, companyIds: number[], since: IsoDate, ignoreVisitId?: number): Promise<CompanyLoad[]> {
  if (!companyIds.length) return [];
  const [companies, counts] = await Promise.all([
    db.selectFrom("company").select(["id", "monthly_visit_cap"]).where("id", "in", companyIds).execute(),
    db
      .selectFrom("visit as v")
      .innerJoin("ambassador as a", "a.id", "v.ambassador_id")
      .select(["a.company_id", sql<string>`substr(v.start_at, 1, 7)`.as("month"), (eb) => eb.fn.countAll<number>().as("n")])
      .where("a.company_id", "in", companyIds)
      .where("v.status", "in", [...countedStatuses])
      .where("v.start_at", ">=", since)
      .where("v.id", "!=", ignoreVisitId ?? -1)
      .groupBy(["a.company_id", sql`substr(v.start_at, 1, 7)`])
      .execute(),
  ]);
  return companies.map((c) => ({
    id: c.id,
    monthlyCap: c.monthly_visit_cap,
    visitsByMonth: Object.fromEntries(counts.filter((r) => r.company_id === c.id).map((r) => [r.month, Number(r.n)])),
  }));
}
