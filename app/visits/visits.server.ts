/**
 * School visits from request to report. Every change is one transaction with its audit entry and
 * its e-mails (queued in the outbox inside the same transaction, so a booking never stands without
 * its mails, and mails never go out for a booking that did not happen).
 *
 *   requested → proposed → accepted → confirmed → completed | no_show
 *        ↑          │declined/withdrawn   │
 *        └──────────┘                     └→ cancelled (reason, by whom; from any open state)
 *   requested/proposed/accepted → expired (no match before the last window)
 *
 * No double booking: confirming inserts the quarter hours the visit occupies into booking_slot,
 * whose primary key (ambassador, quarter) lets only one visit hold a quarter. The loser of a race
 * gets "no longer available" and its proposal lapses; nothing of its attempt is left behind.
 */
import { dialectOf, isUniqueViolation, joinedValues, nowIso } from "#db/adapter";
import type { VisitStatus } from "#db/schema";
import { parseList } from "~/ambassadors/pool.server";
import { PoolError } from "~/errors";
import { todayInStockholm, type IsoDate } from "~/ambassadors/rules";
import { audit } from "~/audit.server";
import { looksLikeToken, randomToken, type SessionUser } from "~/auth.server";
import type { DB } from "~/db.server";
import { getEnv } from "~/env.server";
import { tFor } from "~/i18n/i18n.server";
import { enqueueMail, type MailAttachment } from "~/mail.server";
import { currentGrade } from "~/schools/rules";
import { coordinatorsOf } from "~/users.server";
import { visitInvitation, type CalendarVisit } from "./calendar.server";
import { loadCandidates } from "./candidates.server";
import { hardRuleBroken, suggest, type Suggestion } from "./matching";
import { cancellableStatuses, nowInStockholm, occupiedQuarters, surveyClosesAt, when, windowProblem, type LocalDateTime } from "./rules";
import type { VisitRequestInput } from "./schemas";
import { absoluteUrl } from "~/links.server";

export class VisitError extends PoolError {
  constructor(
    key: string,
    field = "_form",
    public readonly status: 400 | 409 = 400,
  ) {
    super(key, field);
  }
}

const absolute = absoluteUrl;
export const visitLinks = {
  school: (v: { id: number; school_id: number }) => `/skolor/${v.school_id}/besok/${v.id}`,
  coordinator: (v: { id: number }) => `/samordnare/besok/${v.id}`,
  ambassador: (v: { id: number }) => `/ambassador/besok/${v.id}`,
};

// ---------------------------------------------------------------- reading

/** Everything about one visit that pages and e-mails show. */
export async function getVisit(db: DB, id: number) {
  const visit = await db
    .selectFrom("visit as v")
    .innerJoin("school as s", "s.id", "v.school_id")
    .innerJoin("municipality as m", "m.id", "s.municipality_id")
    .leftJoin("ambassador as a", "a.id", "v.ambassador_id")
    .leftJoin("sector as sec", "sec.id", "v.sector_id")
    .selectAll("v")
    .select([
      "s.name as school_name",
      "s.municipality_id",
      "m.name as municipality_name",
      "a.name as ambassador_name",
      "a.email as ambassador_email",
      "a.locale as ambassador_locale",
      "a.user_id as ambassador_user_id",
      "a.municipality_id as ambassador_municipality_id",
      "sec.name as sector_name",
    ])
    .where("v.id", "=", id)
    .executeTakeFirst();
  if (!visit) return null;
  const [windows, groups, proposals] = await Promise.all([
    db.selectFrom("visit_window").select(["id", "start_at", "end_at"]).where("visit_id", "=", id).orderBy("start_at").execute(),
    db
      .selectFrom("visit_class_group as vg")
      .innerJoin("class_group as g", "g.id", "vg.class_group_id")
      .select(["g.id", "g.label", "g.pupils", "g.leaves_grade9_year", "vg.pupils_reached"])
      .where("vg.visit_id", "=", id)
      .orderBy("g.label")
      .execute(),
    db
      .selectFrom("visit_proposal as p")
      .innerJoin("ambassador as a", "a.id", "p.ambassador_id")
      .select(["p.id", "p.ambassador_id", "a.name as ambassador_name", "p.start_at", "p.end_at", "p.status", "p.note", "p.reasons_json", "p.created_at", "p.decided_at"])
      .where("p.visit_id", "=", id)
      .orderBy("p.id")
      .execute(),
  ]);
  const today = todayInStockholm();
  return {
    ...visit,
    languages: parseList<string>(visit.languages_json),
    windows,
    groups: groups.map((g) => ({ ...g, grade: currentGrade(g.leaves_grade9_year, visit.start_at?.slice(0, 10) ?? today) })),
    proposals: proposals.map((p) => ({ ...p, reasons: parseList<{ key: string; values?: Record<string, string | number> }>(p.reasons_json) })),
  };
}
export type VisitDetail = NonNullable<Awaited<ReturnType<typeof getVisit>>>;

/** The ambassador record of a signed-in ambassador. */
export async function ambassadorIdOf(db: DB, userId: number) {
  const row = await db.selectFrom("ambassador").select("id").where("user_id", "=", userId).where("erased_at", "is", null).executeTakeFirst();
  return row?.id ?? null;
}

/** Whether a visit concerns this ambassador: booked with her, or proposed to her at some point. */
export async function visitConcernsAmbassador(db: DB, visitId: number, ambassadorId: number) {
  const row = await db
    .selectFrom("visit")
    .select("id")
    .where("id", "=", visitId)
    .where((eb) =>
      eb.or([
        eb("ambassador_id", "=", ambassadorId),
        eb.exists(eb.selectFrom("visit_proposal").select("id").where("visit_id", "=", visitId).where("ambassador_id", "=", ambassadorId)),
      ]),
    )
    .executeTakeFirst();
  return !!row;
}

const listColumns = [
  "v.id",
  "v.school_id",
  "v.status",
  "v.format",
  "v.start_at",
  "v.end_at",
  "v.created_at",
  "v.ambassador_id",
  "s.name as school_name",
  "a.name as ambassador_name",
] as const;

function visitList(db: DB) {
  return db
    .selectFrom("visit as v")
    .innerJoin("school as s", "s.id", "v.school_id")
    .leftJoin("ambassador as a", "a.id", "v.ambassador_id")
    .select([...listColumns])
    .select((eb) =>
      eb
        .selectFrom("visit_class_group as vg")
        .innerJoin("class_group as g", "g.id", "vg.class_group_id")
        .select(joinedValues(db, "g.label").as("labels"))
        .whereRef("vg.visit_id", "=", "v.id")
        .as("groups"),
    )
    .select((eb) => eb.selectFrom("visit_window as w").select((e) => e.fn.min("w.start_at").as("first")).whereRef("w.visit_id", "=", "v.id").as("first_window"));
}

export async function listSchoolVisits(db: DB, schoolId: number) {
  return visitList(db).where("v.school_id", "=", schoolId).orderBy("v.created_at", "desc").execute();
}

export async function listAmbassadorVisits(db: DB, ambassadorId: number) {
  const [booked, invitations] = await Promise.all([
    visitList(db).where("v.ambassador_id", "=", ambassadorId).where("v.status", "in", ["accepted", "confirmed", "completed", "no_show"]).orderBy("v.start_at", "desc").execute(),
    visitList(db).where("v.ambassador_id", "=", ambassadorId).where("v.status", "=", "proposed").orderBy("v.start_at").execute(),
  ]);
  return { booked, invitations };
}

/** The coordinator's board: open requests oldest first, the visits of a period, and the load. */
export async function coordinatorBoard(db: DB, scope: number[] | "all", period: { from: IsoDate; to: IsoDate }, month: string) {
  let open = visitList(db).where("v.status", "in", ["requested", "proposed", "accepted"]).orderBy("v.created_at");
  let scheduled = visitList(db)
    .where("v.status", "in", ["proposed", "accepted", "confirmed", "completed", "no_show"])
    .where("v.start_at", ">=", period.from)
    .where("v.start_at", "<", `${period.to}T99`)
    .orderBy("v.start_at");
  let ambassadors = db
    .selectFrom("ambassador as a")
    .leftJoin("company as c", "c.id", "a.company_id")
    .select(["a.id", "a.name", "a.max_visits_per_month", "c.name as company_name"])
    .select((eb) =>
      eb
        .selectFrom("visit as v")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("v.ambassador_id", "=", "a.id")
        .where("v.status", "in", ["proposed", "accepted", "confirmed", "completed"])
        .where("v.start_at", ">=", `${month}-01`)
        .where("v.start_at", "<", `${month}-99`)
        .as("visits"),
    )
    .where("a.status", "=", "active")
    .where("a.erased_at", "is", null)
    .orderBy("a.name");
  let companies = db
    .selectFrom("company as c")
    .select(["c.id", "c.name", "c.monthly_visit_cap"])
    .select((eb) =>
      eb
        .selectFrom("visit as v")
        .innerJoin("ambassador as a", "a.id", "v.ambassador_id")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("a.company_id", "=", "c.id")
        .where("v.status", "in", ["proposed", "accepted", "confirmed", "completed"])
        .where("v.start_at", ">=", `${month}-01`)
        .where("v.start_at", "<", `${month}-99`)
        .as("visits"),
    )
    .orderBy("c.name");
  if (scope !== "all") {
    const ids = scope.length ? scope : [-1];
    open = open.where("s.municipality_id", "in", ids);
    scheduled = scheduled.where("s.municipality_id", "in", ids);
    ambassadors = ambassadors.where("a.municipality_id", "in", ids);
    companies = companies.where("c.municipality_id", "in", ids);
  }
  const [openRows, scheduledRows, ambassadorRows, companyRows] = await Promise.all([open.execute(), scheduled.execute(), ambassadors.execute(), companies.execute()]);
  return {
    open: openRows,
    scheduled: scheduledRows,
    ambassadors: ambassadorRows.map((a) => ({ ...a, visits: Number(a.visits ?? 0) })),
    companies: companyRows.map((c) => ({ ...c, visits: Number(c.visits ?? 0) })),
  };
}

// ---------------------------------------------------------------- mail

interface Recipient {
  email: string;
  locale: string;
  name: string | null;
  link: string;
}

async function recipientsOf(db: DB, visit: { id: number; school_id: number; ambassador_id: number | null }, who: ("school" | "ambassador" | "coordinators")[]) {
  const out: Recipient[] = [];
  if (who.includes("school")) {
    const staff = await db
      .selectFrom("app_user")
      .select(["email", "locale", "name"])
      .where("school_id", "=", visit.school_id)
      .where("role", "=", "school_staff")
      .where("disabled_at", "is", null)
      .execute();
    out.push(...staff.map((s) => ({ ...s, link: absolute(visitLinks.school(visit)) })));
  }
  if (who.includes("ambassador") && visit.ambassador_id) {
    const a = await db.selectFrom("ambassador").select(["email", "locale", "name"]).where("id", "=", visit.ambassador_id).where("erased_at", "is", null).executeTakeFirst();
    if (a?.email) out.push({ email: a.email, locale: a.locale, name: a.name, link: absolute(visitLinks.ambassador(visit)) });
  }
  if (who.includes("coordinators")) {
    const school = await db.selectFrom("school").select("municipality_id").where("id", "=", visit.school_id).executeTakeFirstOrThrow();
    const coordinators = await coordinatorsOf(db, school.municipality_id);
    out.push(...coordinators.map((c) => ({ ...c, link: absolute(visitLinks.coordinator(visit)) })));
  }
  // one mail per address, even if someone is both
  return out.filter((r, i) => out.findIndex((o) => o.email === r.email) === i);
}

/** Queues one mail per recipient in her language, with a calendar file when asked for. */
async function tell(
  db: DB,
  visitId: number,
  who: ("school" | "ambassador" | "coordinators")[],
  key: string,
  extra: Record<string, string> = {},
  calendar?: "REQUEST" | "CANCEL",
) {
  const visit = (await getVisit(db, visitId))!;
  const recipients = await recipientsOf(db, visit, who);
  for (const r of recipients) {
    const t = await tFor(r.locale);
    const vars = {
      school: visit.school_name,
      municipality: visit.municipality_name,
      ambassador: visit.ambassador_name ?? "",
      when: when(visit.start_at, visit.end_at),
      groups: visit.groups.map((g) => g.label).join(", "),
      format: t(`visits:format.${visit.format}`),
      name: r.name ?? "",
      link: r.link,
      ...extra,
    };
    const attachments: MailAttachment[] = [];
    if (calendar && visit.start_at && visit.end_at)
      attachments.push({ filename: "besok.ics", contentType: `text/calendar; charset=utf-8; method=${calendar}`, content: visitInvitation(calendarEvent(visit, t, r.link), calendar, { uidDomain: uidDomain() }) });
    await enqueueMail(db, { to: r.email, subject: t(`visits:mail.${key}.subject`, vars), text: t(`visits:mail.${key}.body`, vars), attachments: attachments.length ? attachments : undefined });
  }
}

export const uidDomain = () => new URL(getEnv().PUBLIC_URL).hostname;

/** A visit as a calendar event in the reader's language. */
export function calendarEvent(
  visit: Pick<VisitDetail, "id" | "sequence" | "status" | "start_at" | "end_at" | "school_name" | "municipality_name" | "format" | "ambassador_name"> & { groups: { label: string }[] },
  t: (key: string, vars?: Record<string, unknown>) => string,
  url: string,
): CalendarVisit {
  return {
    id: visit.id,
    sequence: visit.sequence,
    cancelled: visit.status === "cancelled",
    start: visit.start_at!,
    end: visit.end_at!,
    summary: t("visits:calendar.summary", { school: visit.school_name }),
    description: t("visits:calendar.description", {
      ambassador: visit.ambassador_name ?? "",
      groups: visit.groups.map((g) => g.label).join(", "),
      format: t(`visits:format.${visit.format}`),
      link: url,
    }),
    location: visit.format === "on_site" ? `${visit.school_name}, ${visit.municipality_name}` : t("visits:format.digital"),
    url,
  };
}

// ---------------------------------------------------------------- requests

/**
 * A school asks for a visit. Every window is checked (real time, school day and hours, future,
 * not in the municipality's holidays); every class group must be the school's own and in school.
 */
export async function createRequest(db: DB, input: { schoolId: number; user: SessionUser; request: VisitRequestInput; now?: LocalDateTime }) {
  const now = input.now ?? nowInStockholm();
  const school = await db.selectFrom("school").select(["municipality_id", "status"]).where("id", "=", input.schoolId).executeTakeFirst();
  if (!school || school.status !== "approved") throw new VisitError("schools:errors.notApproved");
  const req = input.request;
  if (!req.windows.length) throw new VisitError("visits:errors.windowRequired", "window-1");
  const holidays = await db.selectFrom("school_holiday").select(["name", "from_date", "to_date"]).where("municipality_id", "=", school.municipality_id).execute();
  for (const w of req.windows) {
    const problem = w.complete ? windowProblem(w, now, holidays) : "visits:errors.windowIncomplete";
    if (problem) throw new VisitError(problem, `window-${w.n}`);
  }
  const groups = await db
    .selectFrom("class_group")
    .select(["id", "leaves_grade9_year"])
    .where("school_id", "=", input.schoolId)
    .where("archived_at", "is", null)
    .where("id", "in", req.groups)
    .execute();
  const today = now.slice(0, 10);
  if (groups.length !== new Set(req.groups).size || groups.some((g) => currentGrade(g.leaves_grade9_year, today) < 1 || currentGrade(g.leaves_grade9_year, today) > 9))
    throw new VisitError("visits:errors.groupNotYours", "groups");
  return db.transaction().execute(async (trx) => {
    const visit = await trx
      .insertInto("visit")
      .values({
        school_id: input.schoolId,
        requested_by_user_id: input.user.id,
        format: req.format,
        sector_id: req.sectorId,
        occupation: req.occupation,
        languages_json: JSON.stringify(req.languages),
        prefer_female: req.preferFemale ? 1 : 0,
        message: req.message,
        survey_token: randomToken(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("visit_window")
      .values(req.windows.map((w) => ({ visit_id: visit.id, start_at: w.start, end_at: w.end })))
      .execute();
    await trx
      .insertInto("visit_class_group")
      .values(groups.map((g) => ({ visit_id: visit.id, class_group_id: g.id })))
      .execute();
    await audit(trx, { actorUserId: input.user.id, action: "visit.request", entityType: "visit", entityId: visit.id, after: { windows: req.windows.length, groups: req.groups } });
    await tell(trx, visit.id, ["coordinators"], "requested");
    return visit.id;
  });
}

/** The request as the matcher sees it. */
function matchRequestOf(visit: VisitDetail, today: IsoDate, now: LocalDateTime) {
  return {
    schoolId: visit.school_id,
    municipalityId: visit.municipality_id,
    format: visit.format,
    grade: Math.min(...visit.groups.map((g) => g.grade)),
    windows: visit.windows.filter((w) => w.start_at > now).map((w) => ({ start: w.start_at, end: w.end_at })),
    sectorId: visit.sector_id,
    occupation: visit.occupation,
    languages: visit.languages,
    preferFemale: !!visit.prefer_female,
    today,
  };
}

/** Ranked suggestions for an open request, with their reasons, from the database. */
export async function suggestionsFor(db: DB, visit: VisitDetail, now: LocalDateTime = nowInStockholm(), limit = 10): Promise<(Suggestion & { name: string | null; windowId: number })[]> {
  const today = now.slice(0, 10);
  const request = matchRequestOf(visit, today, now);
  const { candidates, companies } = await loadCandidates(db, { municipalityId: visit.municipality_id, schoolId: visit.school_id, format: visit.format, windows: request.windows, today, excludeForVisitId: visit.id, ignoreVisitId: visit.id });
  const suggestions = suggest(request, candidates, companies, limit);
  if (!suggestions.length) return [];
  const names = await db.selectFrom("ambassador").select(["id", "name"]).where("id", "in", suggestions.map((s) => s.ambassadorId)).execute();
  return suggestions.map((s) => ({
    ...s,
    name: names.find((n) => n.id === s.ambassadorId)?.name ?? null,
    windowId: visit.windows.find((w) => w.start_at === s.window.start && w.end_at === s.window.end)!.id,
  }));
}

/** The coordinator proposes one ambassador for one of the school's windows; every hard rule is checked again. */
export async function propose(db: DB, input: { visitId: number; ambassadorId: number; windowId: number; note: string | null; actor: SessionUser; now?: LocalDateTime }) {
  const now = input.now ?? nowInStockholm();
  return db.transaction().execute(async (trx) => {
    const visit = await getVisit(trx, input.visitId);
    if (!visit) throw new VisitError("errors.notFound");
    if (visit.status !== "requested") throw new VisitError("visits:errors.notOpen", "_form", 409);
    const window = visit.windows.find((w) => w.id === input.windowId);
    if (!window || window.start_at <= now) throw new VisitError("visits:errors.windowGone", "windowId");
    const today = now.slice(0, 10);
    const request = matchRequestOf(visit, today, now);
    const windowOnly = [{ start: window.start_at, end: window.end_at }];
    const { candidates, companies } = await loadCandidates(trx, {
      municipalityId: visit.municipality_id,
      schoolId: visit.school_id,
      format: visit.format,
      windows: windowOnly,
      today,
      ambassadorIds: [input.ambassadorId],
      excludeForVisitId: visit.id,
      ignoreVisitId: visit.id,
      withoutSlotFilter: true,
    });
    const candidate = candidates[0];
    const broken = candidate
      ? hardRuleBroken(candidate, request, { start: window.start_at, end: window.end_at }, new Map(companies.map((c) => [c.id, c])))
      : await whyNotCandidate(trx, input.ambassadorId, visit);
    if (broken) throw new VisitError(`visits:rules.${broken}`, "ambassadorId");
    const [suggestion] = suggest({ ...request, windows: windowOnly }, [candidate], companies, 1);
    await trx
      .insertInto("visit_proposal")
      .values({
        visit_id: visit.id,
        ambassador_id: candidate.id,
        start_at: window.start_at,
        end_at: window.end_at,
        note: input.note,
        proposed_by_user_id: input.actor.id,
        reasons_json: JSON.stringify(suggestion?.reasons ?? []),
      })
      .execute();
    await trx
      .updateTable("visit")
      .set({ status: "proposed", ambassador_id: candidate.id, start_at: window.start_at, end_at: window.end_at, updated_at: nowIso() })
      .where("id", "=", visit.id)
      .execute();
    await audit(trx, { actorUserId: input.actor.id, action: "visit.propose", entityType: "visit", entityId: visit.id, after: { ambassadorId: candidate.id, start: window.start_at } });
    await tell(trx, visit.id, ["ambassador"], "proposed", { note: input.note ?? "" });
  });
}

/** Why the database did not offer her as a candidate at all: the first hard rule she breaks. */
async function whyNotCandidate(db: DB, ambassadorId: number, visit: VisitDetail) {
  const a = await db.selectFrom("ambassador").select(["municipality_id", "formats_json"]).where("id", "=", ambassadorId).where("erased_at", "is", null).executeTakeFirst();
  if (a && visit.format === "on_site" && a.municipality_id !== visit.municipality_id) return "other_municipality";
  if (a && !parseList<string>(a.formats_json).includes(visit.format)) return "format";
  return "not_bookable";
}

/** The ambassador answers a proposal: yes sends it to the school to confirm, no returns it to the coordinator. */
export async function respond(db: DB, input: { visitId: number; ambassadorId: number; accept: boolean; actor: SessionUser }) {
  return db.transaction().execute(async (trx) => {
    const visit = await trx.selectFrom("visit").select(["id", "status", "ambassador_id"]).where("id", "=", input.visitId).executeTakeFirst();
    if (!visit || visit.ambassador_id !== input.ambassadorId) throw new VisitError("errors.notFound");
    if (visit.status !== "proposed") throw new VisitError("visits:errors.notProposed", "_form", 409);
    await trx
      .updateTable("visit_proposal")
      .set({ status: input.accept ? "accepted" : "declined", decided_at: nowIso() })
      .where("visit_id", "=", visit.id)
      .where("status", "=", "proposed")
      .execute();
    if (input.accept) {
      await trx.updateTable("visit").set({ status: "accepted", updated_at: nowIso() }).where("id", "=", visit.id).execute();
      await tell(trx, visit.id, ["school"], "accepted");
    } else {
      await tell(trx, visit.id, ["coordinators"], "declined");
      await trx.updateTable("visit").set({ status: "requested", ambassador_id: null, start_at: null, end_at: null, updated_at: nowIso() }).where("id", "=", visit.id).execute();
    }
    await audit(trx, { actorUserId: input.actor.id, action: input.accept ? "visit.accept" : "visit.decline", entityType: "visit", entityId: visit.id });
  });
}

/**
 * The school confirms an accepted proposal. One transaction: the visit's quarter hours go into
 * booking_slot (the primary key refuses a second visit in the same quarter for the same ambassador),
 * the caps are checked once more, the state and SEQUENCE move, and the invitations are queued.
 */
export async function confirm(db: DB, input: { visitId: number; actor: SessionUser }) {
  try {
    await db.transaction().execute(async (trx) => {
      // PostgreSQL runs transactions side by side: lock the visit first, so a double click waits and
      // then sees "confirmed", and the ambassador (and her company) so the caps are counted one at a
      // time. SQLite runs one write transaction at a time and needs no lock.
      const locking = dialectOf(trx) === "postgres";
      if (locking) await trx.selectFrom("visit").select("id").where("id", "=", input.visitId).forUpdate().execute();
      const visit = await trx.selectFrom("visit").selectAll().where("id", "=", input.visitId).executeTakeFirst();
      if (!visit) throw new VisitError("errors.notFound");
      if (visit.status === "confirmed") throw new VisitError("visits:errors.alreadyConfirmed", "_form", 409);
      if (locking && visit.ambassador_id) {
        const a = await trx.selectFrom("ambassador").select("company_id").where("id", "=", visit.ambassador_id).forUpdate().executeTakeFirst();
        if (a?.company_id) await trx.selectFrom("company").select("id").where("id", "=", a.company_id).forUpdate().execute();
      }
      if (visit.status !== "accepted" || !visit.ambassador_id || !visit.start_at || !visit.end_at) throw new VisitError("visits:errors.notAccepted", "_form", 409);
      if (visit.start_at <= nowInStockholm()) throw new VisitError("visits:errors.windowGone", "_form", 409);
      await trx
        .insertInto("booking_slot")
        .values(occupiedQuarters(visit.start_at, visit.end_at, visit.format).map((quarter) => ({ ambassador_id: visit.ambassador_id!, quarter, visit_id: visit.id })))
        .execute();
      await checkCaps(trx, visit.ambassador_id, visit.start_at.slice(0, 7), visit.id);
      await trx
        .updateTable("visit")
        .set({ status: "confirmed", confirmed_at: nowIso(), sequence: visit.sequence + 1, updated_at: nowIso() })
        .where("id", "=", visit.id)
        .where("status", "=", "accepted")
        .execute();
      await trx.updateTable("visit_proposal").set({ status: "confirmed" }).where("visit_id", "=", visit.id).where("status", "=", "accepted").execute();
      await audit(trx, { actorUserId: input.actor.id, action: "visit.confirm", entityType: "visit", entityId: visit.id, after: { ambassadorId: visit.ambassador_id, start: visit.start_at } });
      await tell(trx, visit.id, ["school", "ambassador", "coordinators"], "confirmed", {}, "REQUEST");
    });
  } catch (error) {
    const taken = isUniqueViolation(error) || (error instanceof VisitError && error.key === "visits:errors.capReached");
    if (!taken) throw error;
    await lapse(db, input.visitId, input.actor);
    throw new VisitError("visits:errors.noLongerAvailable", "_form", 409);
  }
}

/** Her monthly cap and her company's, counting confirmed and completed visits other than this one. */
async function checkCaps(trx: DB, ambassadorId: number, month: string, visitId: number) {
  const a = await trx.selectFrom("ambassador").select(["max_visits_per_month", "company_id"]).where("id", "=", ambassadorId).executeTakeFirstOrThrow();
  const count = (q: ReturnType<typeof monthVisits>) => q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow().then((r) => Number(r.n));
  function monthVisits() {
    return trx
      .selectFrom("visit as v")
      .innerJoin("ambassador as a", "a.id", "v.ambassador_id")
      .where("v.status", "in", ["confirmed", "completed"])
      .where("v.id", "!=", visitId)
      .where("v.start_at", ">=", `${month}-01`)
      .where("v.start_at", "<", `${month}-99`);
  }
  if ((await count(monthVisits().where("v.ambassador_id", "=", ambassadorId))) >= a.max_visits_per_month) throw new VisitError("visits:errors.capReached", "_form", 409);
  if (a.company_id) {
    const company = await trx.selectFrom("company").select("monthly_visit_cap").where("id", "=", a.company_id).executeTakeFirstOrThrow();
    if ((await count(monthVisits().where("a.company_id", "=", a.company_id))) >= company.monthly_visit_cap) throw new VisitError("visits:errors.capReached", "_form", 409);
  }
}

/** A confirmation that lost its race: the proposal lapses and the request is open again; the coordinator is told. */
async function lapse(db: DB, visitId: number, actor: SessionUser | null) {
  await db.transaction().execute(async (trx) => {
    const visit = await trx.selectFrom("visit").select(["id", "status"]).where("id", "=", visitId).executeTakeFirst();
    if (!visit || visit.status !== "accepted") return;
    await trx.updateTable("visit_proposal").set({ status: "lapsed", decided_at: nowIso() }).where("visit_id", "=", visitId).where("status", "in", ["proposed", "accepted"]).execute();
    await tell(trx, visitId, ["coordinators", "school"], "lapsed");
    await trx.updateTable("visit").set({ status: "requested", ambassador_id: null, start_at: null, end_at: null, updated_at: nowIso() }).where("id", "=", visitId).execute();
    await audit(trx, { actorUserId: actor?.id ?? null, action: "visit.lapse", entityType: "visit", entityId: visitId });
  });
}

/** Cancels an open or booked visit, with the reason; every party is told, calendars get METHOD:CANCEL. */
export async function cancel(db: DB, input: { visitId: number; reason: string; actor: SessionUser }) {
  await db.transaction().execute(async (trx) => {
    const visit = await trx.selectFrom("visit").selectAll().where("id", "=", input.visitId).executeTakeFirst();
    if (!visit) throw new VisitError("errors.notFound");
    // a visit that has begun is reported (or marked no-show), not cancelled
    if (!cancellableStatuses.includes(visit.status) || (visit.start_at && visit.status === "confirmed" && visit.start_at <= nowInStockholm()))
      throw new VisitError("visits:errors.notCancellable", "_form", 409);
    const wasBooked = visit.status === "confirmed";
    await trx.deleteFrom("booking_slot").where("visit_id", "=", visit.id).execute();
    await trx.updateTable("visit_proposal").set({ status: "cancelled", decided_at: nowIso() }).where("visit_id", "=", visit.id).where("status", "in", ["proposed", "accepted", "confirmed"]).execute();
    await trx
      .updateTable("visit")
      .set({ status: "cancelled", cancel_reason: input.reason, cancelled_by_user_id: input.actor.id, cancelled_at: nowIso(), sequence: visit.sequence + 1, updated_at: nowIso() })
      .where("id", "=", visit.id)
      .execute();
    await audit(trx, { actorUserId: input.actor.id, action: "visit.cancel", entityType: "visit", entityId: visit.id, before: { status: visit.status }, after: { reason: input.reason } });
    const t = await tFor(input.actor.locale ?? "sv");
    await tell(trx, visit.id, ["school", "ambassador", "coordinators"], "cancelled", { reason: input.reason, by: `${input.actor.name} (${t(`roles.${input.actor.role}`)})` }, wasBooked ? "CANCEL" : undefined);
  });
}

/** After the visit: pupils reached per class group (never more than the group has), a rating, a comment. */
export async function report(db: DB, input: { visitId: number; reached: Record<number, number>; rating: number; comment: string | null; actor: SessionUser; now?: LocalDateTime }) {
  const now = input.now ?? nowInStockholm();
  await db.transaction().execute(async (trx) => {
    const visit = await getVisit(trx, input.visitId);
    if (!visit) throw new VisitError("errors.notFound");
    if (!(visit.status === "confirmed" || visit.status === "completed") || !visit.start_at || visit.start_at > now) throw new VisitError("visits:errors.notYet", "_form", 409);
    for (const g of visit.groups) {
      const n = input.reached[g.id];
      if (n === undefined || !Number.isInteger(n) || n < 0) throw new VisitError("visits:errors.reached", `reached-${g.id}`);
      if (n > g.pupils) throw new VisitError("visits:errors.reachedTooMany", `reached-${g.id}`);
    }
    for (const g of visit.groups)
      await trx.updateTable("visit_class_group").set({ pupils_reached: input.reached[g.id] }).where("visit_id", "=", visit.id).where("class_group_id", "=", g.id).execute();
    await trx
      .updateTable("visit")
      .set({ status: "completed", rating: input.rating, rating_comment: input.comment, reported_at: nowIso(), updated_at: nowIso() })
      .where("id", "=", visit.id)
      .execute();
    await audit(trx, { actorUserId: input.actor.id, action: "visit.report", entityType: "visit", entityId: visit.id, after: { reached: input.reached, rating: input.rating } });
    if (visit.status === "confirmed") await tell(trx, visit.id, ["ambassador", "coordinators"], "reported");
  });
}

/** The ambassador did not come (school or coordinator says so, after the start). */
export async function markNoShow(db: DB, input: { visitId: number; actor: SessionUser; now?: LocalDateTime }) {
  const now = input.now ?? nowInStockholm();
  await db.transaction().execute(async (trx) => {
    const visit = await trx.selectFrom("visit").select(["id", "status", "start_at"]).where("id", "=", input.visitId).executeTakeFirst();
    if (!visit) throw new VisitError("errors.notFound");
    if (visit.status !== "confirmed" || !visit.start_at || visit.start_at > now) throw new VisitError("visits:errors.notYet", "_form", 409);
    await trx.updateTable("visit").set({ status: "no_show", updated_at: nowIso() }).where("id", "=", visit.id).execute();
    await audit(trx, { actorUserId: input.actor.id, action: "visit.no_show", entityType: "visit", entityId: visit.id });
    await tell(trx, visit.id, ["coordinators", "ambassador"], "noShow");
  });
}

/** The ambassador's short reflection after her visit. */
export async function saveReflection(db: DB, input: { visitId: number; ambassadorId: number; reflection: string; actor: SessionUser; now?: LocalDateTime }) {
  const now = input.now ?? nowInStockholm();
  const visit = await db.selectFrom("visit").select(["id", "status", "start_at", "ambassador_id"]).where("id", "=", input.visitId).executeTakeFirst();
  if (!visit || visit.ambassador_id !== input.ambassadorId) throw new VisitError("errors.notFound");
  if (!(visit.status === "confirmed" || visit.status === "completed") || !visit.start_at || visit.start_at > now) throw new VisitError("visits:errors.notYet", "reflection", 409);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("visit").set({ reflection: input.reflection, reflection_at: nowIso(), updated_at: nowIso() }).where("id", "=", visit.id).execute();
    await audit(trx, { actorUserId: input.actor.id, action: "visit.reflection", entityType: "visit", entityId: visit.id });
  });
}

// ---------------------------------------------------------------- events from elsewhere and jobs

/**
 * An ambassador paused (or made alumni) while proposals to her are open: each proposal is withdrawn,
 * its request is open again, and the coordinators are told. Runs in the status change's transaction.
 */
export async function withdrawProposalsOf(trx: DB, ambassadorId: number, actorUserId: number | null) {
  const open = await trx.selectFrom("visit").select("id").where("ambassador_id", "=", ambassadorId).where("status", "in", ["proposed", "accepted"]).execute();
  for (const v of open) {
    await trx.updateTable("visit_proposal").set({ status: "withdrawn", decided_at: nowIso() }).where("visit_id", "=", v.id).where("status", "in", ["proposed", "accepted"]).execute();
    await tell(trx, v.id, ["coordinators"], "withdrawn");
    await trx.updateTable("visit").set({ status: "requested", ambassador_id: null, start_at: null, end_at: null, updated_at: nowIso() }).where("id", "=", v.id).execute();
    await audit(trx, { actorUserId, action: "visit.withdraw", entityType: "visit", entityId: v.id, after: { ambassadorId } });
  }
  return open.length;
}

/** Requests that were never booked before their last window began expire; the school is told. */
export async function expireRequests(db: DB, now: LocalDateTime = nowInStockholm()) {
  const stale = await db
    .selectFrom("visit as v")
    .select("v.id")
    .where("v.status", "in", ["requested", "proposed", "accepted"])
    .where((eb) => eb.not(eb.exists(eb.selectFrom("visit_window as w").select("w.id").whereRef("w.visit_id", "=", "v.id").where("w.start_at", ">", now))))
    .execute();
  for (const { id } of stale)
    await db.transaction().execute(async (trx) => {
      const changed = await trx.updateTable("visit").set({ status: "expired", updated_at: nowIso() }).where("id", "=", id).where("status", "in", ["requested", "proposed", "accepted"]).executeTakeFirst();
      if (!Number(changed.numUpdatedRows)) return;
      await trx.updateTable("visit_proposal").set({ status: "lapsed", decided_at: nowIso() }).where("visit_id", "=", id).where("status", "in", ["proposed", "accepted"]).execute();
      await audit(trx, { actorUserId: null, action: "visit.expire", entityType: "visit", entityId: id });
      await tell(trx, id, ["school", "coordinators"], "expired");
    });
  return stale.length;
}

/** Confirmed visits starting within 48 hours get one reminder to the school and the ambassador. */
export async function sendVisitReminders(db: DB, now: LocalDateTime = nowInStockholm(), hours = 48) {
  const until = new Date(Date.parse(`${now}:00Z`) + hours * 3600_000).toISOString().slice(0, 16);
  const due = await db.selectFrom("visit").select("id").where("status", "=", "confirmed").where("reminder_sent_at", "is", null).where("start_at", ">", now).where("start_at", "<=", until).execute();
  for (const { id } of due)
    await db.transaction().execute(async (trx) => {
      const changed = await trx.updateTable("visit").set({ reminder_sent_at: nowIso() }).where("id", "=", id).where("reminder_sent_at", "is", null).executeTakeFirst();
      if (Number(changed.numUpdatedRows)) await tell(trx, id, ["school", "ambassador"], "reminder");
    });
  return due.length;
}

// ---------------------------------------------------------------- survey

export const surveyState = (visit: { status: VisitStatus; start_at: string | null; end_at: string | null }, now: LocalDateTime) => {
  if (!(visit.status === "confirmed" || visit.status === "completed") || !visit.start_at || !visit.end_at || now < visit.start_at) return "notYet" as const;
  return now < surveyClosesAt(visit.end_at) ? ("open" as const) : ("closed" as const);
};

/** At most one answer per pupil the visit's groups have (or were reported reached). */
export async function surveyCapacity(db: DB, visitId: number) {
  const rows = await db
    .selectFrom("visit_class_group as vg")
    .innerJoin("class_group as g", "g.id", "vg.class_group_id")
    .select(["g.pupils", "vg.pupils_reached"])
    .where("vg.visit_id", "=", visitId)
    .execute();
  return rows.reduce((sum, r) => sum + (r.pupils_reached ?? r.pupils), 0);
}

export async function surveyVisitByToken(db: DB, token: string) {
  if (!looksLikeToken(token)) return null;
  return db.selectFrom("visit as v").innerJoin("school as s", "s.id", "v.school_id").select(["v.id", "v.status", "v.start_at", "v.end_at", "s.name as school_name"]).where("v.survey_token", "=", token).executeTakeFirst() ?? null;
}

/** Stores one anonymous answer: no account, no address, no device id; the day only. */
export async function answerSurvey(db: DB, input: { visitId: number; locale: string; answers: { knows_more: "yes" | "maybe" | "no"; could_work: "yes" | "maybe" | "no"; vocational_programme: "yes" | "maybe" | "no" } }) {
  return db.transaction().execute(async (trx) => {
    const capacity = await surveyCapacity(trx, input.visitId);
    const { n } = await trx.selectFrom("survey_response").select((eb) => eb.fn.countAll<number>().as("n")).where("visit_id", "=", input.visitId).executeTakeFirstOrThrow();
    if (Number(n) >= capacity) throw new VisitError("visits:survey.full", "_form", 409);
    await trx.insertInto("survey_response").values({ visit_id: input.visitId, locale: input.locale, ...input.answers, answered_on: todayInStockholm() }).execute();
  });
}

/** Counts per question and answer for one visit. */
export async function surveyResults(db: DB, visitId: number) {
  const rows = await db.selectFrom("survey_response").select(["knows_more", "could_work", "vocational_programme"]).where("visit_id", "=", visitId).execute();
  const count = (q: "knows_more" | "could_work" | "vocational_programme") => ({
    yes: rows.filter((r) => r[q] === "yes").length,
    maybe: rows.filter((r) => r[q] === "maybe").length,
    no: rows.filter((r) => r[q] === "no").length,
  });
  return { total: rows.length, knows_more: count("knows_more"), could_work: count("could_work"), vocational_programme: count("vocational_programme") };
}
