/**
 * Feeds the pure matcher (matching.ts) from the database. SQL narrows the field first — active,
 * not erased, offering the visit's format, in the school's municipality unless the visit is
 * digital, not already declined for this request, with a weekly slot that holds the start of one
 * of the windows — and then loads, for just those ambassadors, only what the rules need: latest
 * check, training, the weekly slots that meet a window, blackouts over the windows' days, the
 * visits on those days (overlap), and counts made by the database: visits per month of the windows
 * (caps), in the last 90 days (fairness) and at this school in the last year. Nothing is read per
 * past visit, so a digital request over every ambassador in the region stays fast
 * (bench/matching-db.ts).
 */
import { sql } from "kysely";
import { jsonArrayContains } from "#db/adapter";
import { addDays, type IsoDate, type VisitFormat } from "~/ambassadors/rules";
import { parseList } from "~/ambassadors/pool.server";
import type { DB } from "~/db.server";
import type { Candidate, CompanyLoad, TimeWindow } from "./matching";
import { bookedStatuses, dateOf, isoWeekday, timeOf } from "./rules";

export interface CandidateFilter {
  municipalityId: number;
  schoolId: number;
  format: VisitFormat;
  /** the windows still open for matching */
  windows: TimeWindow[];
  /** "today", for how far back visits count */
  today: IsoDate;
  /** only these ambassadors (re-checking one proposal) */
  ambassadorIds?: number[];
  /** leave out whoever already declined or was withdrawn from this request */
  excludeForVisitId?: number;
  /** the visit being matched is not a conflict with itself */
  ignoreVisitId?: number;
  /** keep ambassadors without a weekly slot at the windows, so the matcher can name that rule (a proposal's check) */
  withoutSlotFilter?: boolean;
}

const countedStatuses = [...bookedStatuses, "completed"] as const;
/** Ids per query: well below SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 5000;

async function inChunks<T>(ids: number[], load: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

function group<T>(rows: T[], key: (row: T) => number) {
  const map = new Map<number, T[]>();
  for (const r of rows) {
    const list = map.get(key(r));
    if (list) list.push(r);
    else map.set(key(r), [r]);
  }
  return map;
}

export async function loadCandidates(db: DB, filter: CandidateFilter): Promise<{ candidates: Candidate[]; companies: CompanyLoad[] }> {
  if (!filter.windows.length) return { candidates: [], companies: [] };
  const days = [...new Set(filter.windows.map((w) => dateOf(w.start)))].sort();
  const months = [...new Set(days.map((d) => d.slice(0, 7)))].sort();

  let base = db
    .selectFrom("ambassador as a")
    .select("a.id")
    .where("a.status", "=", "active")
    .where("a.erased_at", "is", null)
    .where(jsonArrayContains(db, "a.formats_json", filter.format));
  // a necessary condition of being available: some weekly slot holds the start of some window
  if (!filter.withoutSlotFilter)
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom("availability_slot as s")
          .select("s.id")
          .whereRef("s.ambassador_id", "=", "a.id")
          .where((e) =>
            e.or(filter.windows.map((w) => e.and([e("s.weekday", "=", isoWeekday(dateOf(w.start))), e("s.start_time", "<=", timeOf(w.start)), e("s.end_time", ">", timeOf(w.start))]))),
          ),
      ),
    );
  if (filter.format === "on_site") base = base.where("a.municipality_id", "=", filter.municipalityId);
  if (filter.ambassadorIds) base = base.where("a.id", "in", filter.ambassadorIds.length ? filter.ambassadorIds : [-1]);
  if (filter.excludeForVisitId)
    base = base.where("a.id", "not in", (eb) =>
      eb.selectFrom("visit_proposal").select("ambassador_id").where("visit_id", "=", filter.excludeForVisitId!).where("status", "in", ["declined", "withdrawn", "lapsed"]),
    );
  const ids = (await base.execute()).map((r) => r.id);
  if (!ids.length) return { candidates: [], companies: [] };

  const since90 = addDays(filter.today, -90);
  const since365 = addDays(filter.today, -365);
  const ignore = filter.ignoreVisitId ?? -1;
  const visits = () => db.selectFrom("visit").where("status", "in", [...countedStatuses]).where("id", "!=", ignore);
  const requiredCount = Number(
    (await db.selectFrom("training_module").select((eb) => eb.fn.countAll<number>().as("n")).where("required", "=", 1).where("active", "=", 1).executeTakeFirst())?.n ?? 0,
  );

  const [people, done, vettings, slots, blackouts, onTheDays, perMonth, recent, atSchool] = await Promise.all([
    inChunks(ids, (chunk) =>
      db
        .selectFrom("ambassador")
        .select(["id", "municipality_id", "company_id", "status", "sector_id", "occupation", "languages_json", "gender", "grades_json", "formats_json", "max_visits_per_month"])
        .where("id", "in", chunk)
        .orderBy("id")
        .execute(),
    ),
    inChunks(ids, (chunk) =>
      db
        .selectFrom("ambassador_training as t")
        .innerJoin("training_module as m", "m.id", "t.module_id")
        .select(["t.ambassador_id", (eb) => eb.fn.countAll<number>().as("n")])
        .where("m.required", "=", 1)
        .where("m.active", "=", 1)
        .where("t.ambassador_id", "in", chunk)
        .groupBy("t.ambassador_id")
        .execute(),
    ),
    inChunks(ids, (chunk) =>
      db.selectFrom("ambassador_vetting").select(["ambassador_id", (eb) => eb.fn.max("shown_on").as("shown_on")]).where("ambassador_id", "in", chunk).groupBy("ambassador_id").execute(),
    ),
    inChunks(ids, (chunk) =>
      db
        .selectFrom("availability_slot")
        .select(["ambassador_id", "weekday", "start_time", "end_time"])
        .where("ambassador_id", "in", chunk)
        // only slots that meet a window: a chain of slots covering a window consists of such slots
        .where((eb) => eb.or(filter.windows.map((w) => eb.and([eb("weekday", "=", isoWeekday(dateOf(w.start))), eb("start_time", "<", timeOf(w.end)), eb("end_time", ">", timeOf(w.start))]))))
        .execute(),
    ),
    inChunks(ids, (chunk) =>
      db
        .selectFrom("blackout")
        .select(["ambassador_id", "from_date", "to_date"])
        .where("ambassador_id", "in", chunk)
        .where("to_date", ">=", days[0])
        .where("from_date", "<=", days[days.length - 1])
        .execute(),
    ),
    inChunks(ids, (chunk) =>
      visits()
        .select(["ambassador_id", "school_id", "format", "start_at", "end_at"])
        .where("ambassador_id", "in", chunk)
        .where((eb) => eb.or(days.map((d) => eb.and([eb("start_at", ">=", d), eb("start_at", "<", `${d}T99`)]))))
        .execute(),
    ),
    inChunks(ids, (chunk) =>
      visits()
        .select(["ambassador_id", sql<string>`substr(start_at, 1, 7)`.as("month"), (eb) => eb.fn.countAll<number>().as("n")])
        .where("ambassador_id", "in", chunk)
        .where("start_at", ">=", `${months[0]}-01`)
        .where("start_at", "<", `${months[months.length - 1]}-99`)
        .groupBy(["ambassador_id", sql`substr(start_at, 1, 7)`])
        .execute(),
    ),
    inChunks(ids, (chunk) =>
      visits()
        .select(["ambassador_id", (eb) => eb.fn.countAll<number>().as("n")])
        .where("ambassador_id", "in", chunk)
        .where("start_at", ">=", since90)
        .where("start_at", "<=", `${filter.today}T99`)
        .groupBy("ambassador_id")
        .execute(),
    ),
    visits()
      .select(["ambassador_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("school_id", "=", filter.schoolId)
      .where("start_at", ">=", since365)
      .groupBy("ambassador_id")
      .execute(),
  ]);

  const trainedCount = new Map(done.map((d) => [d.ambassador_id, Number(d.n)]));
  const vetted = new Map(vettings.map((v) => [v.ambassador_id, v.shown_on as string | null]));
  const slotsOf = group(slots, (s) => s.ambassador_id);
  const blackoutsOf = group(blackouts, (b) => b.ambassador_id);
  const visitsOf = group(onTheDays, (v) => v.ambassador_id!);
  const monthsOf = group(perMonth, (v) => v.ambassador_id!);
  const recentOf = new Map(recent.map((r) => [r.ambassador_id!, Number(r.n)]));
  const schoolOf = new Map(atSchool.map((r) => [r.ambassador_id!, Number(r.n)]));

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
    counts: {
      byMonth: Object.fromEntries((monthsOf.get(p.id) ?? []).map((m) => [m.month, Number(m.n)])),
      recent: recentOf.get(p.id) ?? 0,
      sameSchool: schoolOf.get(p.id) ?? 0,
    },
  }));

  const companyIds = [...new Set(people.map((p) => p.company_id).filter((id): id is number => id != null))];
  return { candidates, companies: await companyLoads(db, companyIds, months, ignore) };
}

/** Visits per month (of the request's months) of every ambassador of each company, against the company's cap. */
export async function companyLoads(db: DB, companyIds: number[], months: string[], ignoreVisitId = -1): Promise<CompanyLoad[]> {
  if (!companyIds.length || !months.length) return [];
  const [companies, counts] = await Promise.all([
    inChunks(companyIds, (chunk) => db.selectFrom("company").select(["id", "monthly_visit_cap"]).where("id", "in", chunk).execute()),
    inChunks(companyIds, (chunk) =>
      db
        .selectFrom("visit as v")
        .innerJoin("ambassador as a", "a.id", "v.ambassador_id")
        .select(["a.company_id", sql<string>`substr(v.start_at, 1, 7)`.as("month"), (eb) => eb.fn.countAll<number>().as("n")])
        // by ambassador id, so the (ambassador_id, status, start_at) index serves it
        .where("v.ambassador_id", "in", (eb) => eb.selectFrom("ambassador").select("id").where("company_id", "in", chunk))
        .where("v.status", "in", [...countedStatuses])
        .where("v.start_at", ">=", `${months[0]}-01`)
        .where("v.start_at", "<", `${months[months.length - 1]}-99`)
        .where("v.id", "!=", ignoreVisitId)
        .groupBy(["a.company_id", sql`substr(v.start_at, 1, 7)`])
        .execute(),
    ),
  ]);
  const byCompany = group(counts, (r) => r.company_id!);
  return companies.map((c) => ({
    id: c.id,
    monthlyCap: c.monthly_visit_cap,
    visitsByMonth: Object.fromEntries((byCompany.get(c.id) ?? []).map((r) => [r.month, Number(r.n)])),
  }));
}
