/**
 * The ambassador pool: applications, status changes, vetting, training, consent, availability,
 * the public gallery and pool health. Every function takes the database (or a transaction) first.
 */
import { isUniqueViolation, jsonArrayContains, nowIso } from "#db/adapter";
import type { Ambassador, AmbassadorStatus, ConsentKind } from "#db/schema";
import { audit } from "~/audit.server";
import type { SessionUser } from "~/auth.server";
import type { DB } from "~/db.server";
import { coordinatorsOf } from "~/users.server";
import { tFor } from "~/i18n/i18n.server";
import { sendInvitation } from "~/links.server";
import { enqueueMail } from "~/mail.server";
import { getEnv } from "~/env.server";
import {
  addDays,
  canTransition,
  isBookable,
  todayInStockholm,
  vettingExpiresOn,
  vettingState,
  POOL_TARGET,
  VETTING_WARNING_DAYS,
  type BookingFacts,
  type IsoDate,
} from "./rules";
import type { ApplicationInput, ProfileInput } from "./schemas";
import { PoolError } from "~/errors";
import { withdrawProposalsOf } from "~/visits/visits.server";

export { PoolError } from "~/errors";

const json = (value: unknown) => JSON.stringify(value);
export const parseList = <T>(value: string | null | undefined): T[] => {
  try {
    const parsed = JSON.parse(value ?? "[]");
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
};

// ---------------------------------------------------------------- applications

/** The profile as columns, the same for an application and for her own edits. */
const profileColumns = (input: ProfileInput) => ({
  name: input.name,
  phone: input.phone,
  employer_name: input.employerName,
  occupation: input.occupation,
  sector_id: input.sectorId,
  education_path: input.educationPath,
  story: input.story,
  gender: input.gender as Ambassador["gender"],
  languages_json: json(input.languages),
  formats_json: json(input.formats),
  grades_json: json(input.grades),
});

export type ApplyResult = { ok: true; id: number } | { ok: false; reason: "duplicate" };

/** A public application: one row, the consents ticked, and a confirmation e-mail, all or nothing. */
export async function applyAsAmbassador(db: DB, input: ApplicationInput, locale: string): Promise<ApplyResult> {
  const existing = await db.selectFrom("ambassador").select("id").where("email", "=", input.email).executeTakeFirst();
  if (existing) return { ok: false, reason: "duplicate" };
  const t = await tFor(locale);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("ambassador")
        .values({ ...profileColumns(input), municipality_id: input.municipalityId, email: input.email, locale })
        .returning("id")
        .executeTakeFirstOrThrow();
      const kinds: ConsentKind[] = [];
      if (input.consentProfile) kinds.push("profile");
      if (input.consentPhoto) kinds.push("photo");
      if (input.consentFilms) kinds.push("films");
      for (const kind of kinds) await giveConsent(trx, row.id, kind);
      await audit(trx, { actorUserId: null, action: "ambassador.apply", entityType: "ambassador", entityId: row.id, after: { status: "applied" } });
      await enqueueMail(trx, {
        to: input.email,
        subject: t("ambassadors:mail.applied.subject"),
        text: t("ambassadors:mail.applied.body", { name: input.name }),
      });
      return { ok: true as const, id: row.id };
    });
  } catch (error) {
    // Two submissions racing: the unique e-mail decides, and the second gets the same clear answer.
    if (isUniqueViolation(error)) return { ok: false, reason: "duplicate" };
    throw error;
  }
}

// ---------------------------------------------------------------- reading

export async function getAmbassador(db: DB, id: number) {
  return db.selectFrom("ambassador").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function getAmbassadorForUser(db: DB, userId: number) {
  return db.selectFrom("ambassador").selectAll().where("user_id", "=", userId).where("erased_at", "is", null).executeTakeFirst();
}

export async function latestVetting(db: DB, ambassadorId: number) {
  return db
    .selectFrom("ambassador_vetting")
    .selectAll()
    .where("ambassador_id", "=", ambassadorId)
    .orderBy("shown_on", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

export async function trainingStatus(db: DB, ambassadorId: number) {
  const modules = await db
    .selectFrom("training_module")
    .leftJoin("ambassador_training", (join) =>
      join.onRef("ambassador_training.module_id", "=", "training_module.id").on("ambassador_training.ambassador_id", "=", ambassadorId),
    )
    .select(["training_module.id", "training_module.name", "training_module.required", "training_module.active", "ambassador_training.completed_on"])
    .orderBy("training_module.sort_order")
    .execute();
  const relevant = modules.filter((m) => m.active || m.completed_on);
  return { modules: relevant, trained: relevant.filter((m) => m.required && m.active).every((m) => !!m.completed_on) };
}

export async function currentConsents(db: DB, ambassadorId: number): Promise<Record<ConsentKind, { given: boolean; givenAt: string | null; version: number | null }>> {
  const rows = await db
    .selectFrom("ambassador_consent")
    .innerJoin("consent_text", "consent_text.id", "ambassador_consent.consent_text_id")
    .select(["ambassador_consent.kind", "ambassador_consent.given_at", "consent_text.version"])
    .where("ambassador_id", "=", ambassadorId)
    .where("withdrawn_at", "is", null)
    .execute();
  const result = {} as Record<ConsentKind, { given: boolean; givenAt: string | null; version: number | null }>;
  for (const kind of ["profile", "photo", "films"] as const) {
    const row = rows.find((r) => r.kind === kind);
    result[kind] = { given: !!row, givenAt: row?.given_at ?? null, version: row?.version ?? null };
  }
  return result;
}

export async function loadBookingFacts(db: DB, ambassadorId: number): Promise<BookingFacts | null> {
  const ambassador = await getAmbassador(db, ambassadorId);
  if (!ambassador) return null;
  const vetting = await latestVetting(db, ambassadorId);
  const { trained } = await trainingStatus(db, ambassadorId);
  return { status: ambassador.status, erased: !!ambassador.erased_at, vettedOn: vetting?.shown_on ?? null, trained };
}

/** The booking issue's entry point: can this ambassador take a class in `grade` on `date`, and why not. */
export async function checkBookable(db: DB, ambassadorId: number, date: IsoDate, grade: number) {
  const facts = await loadBookingFacts(db, ambassadorId);
  if (!facts) return { bookable: false, reasons: ["erased" as const] };
  return isBookable(facts, date, grade);
}

// ---------------------------------------------------------------- status

/**
 * Moves an ambassador along the status graph. Activation needs a valid criminal-record check and
 * every required training module; approval creates the account and sends the invitation;
 * rejection e-mails the reason. Everything in one transaction, with an audit entry.
 */
export async function changeStatus(db: DB, input: { ambassadorId: number; to: AmbassadorStatus; reason?: string | null; actor: SessionUser }) {
  return db.transaction().execute(async (trx) => {
    const before = await getAmbassador(trx, input.ambassadorId);
    if (!before || before.erased_at) throw new PoolError("errors.notFound");
    if (!canTransition(before.status, input.to)) throw new PoolError("ambassadors:errors.transition", "to");
    if (input.to === "active") {
      const facts = (await loadBookingFacts(trx, before.id))!;
      const state = vettingState(facts.vettedOn, todayInStockholm());
      if (state === "missing" || state === "expired") throw new PoolError("ambassadors:errors.needsVetting", "to");
      if (!facts.trained) throw new PoolError("ambassadors:errors.needsTraining", "to");
    }
    const changes: Partial<Ambassador> = { status: input.to, updated_at: nowIso() };
    if (input.to === "rejected") changes.rejection_reason = input.reason ?? null;
    await trx.updateTable("ambassador").set(changes).where("id", "=", before.id).execute();
    const t = await tFor(before.locale);
    if (input.to === "approved" && before.email && !before.user_id) {
      const user = await trx
        .insertInto("app_user")
        .values({ email: before.email, name: before.name ?? before.email, role: "ambassador", locale: before.locale })
        .onConflict((oc) => oc.column("email").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!user) throw new PoolError("ambassadors:errors.emailHasAccount");
      await trx.updateTable("ambassador").set({ user_id: user.id }).where("id", "=", before.id).execute();
      await sendInvitation(trx, { userId: user.id, email: before.email, invitedBy: input.actor.id, locale: before.locale });
    }
    if (input.to === "rejected" && before.email)
      await enqueueMail(trx, {
        to: before.email,
        subject: t("ambassadors:mail.rejected.subject"),
        text: t("ambassadors:mail.rejected.body", { name: before.name, reason: input.reason }),
      });
    if (input.to === "active" && before.email)
      await enqueueMail(trx, {
        to: before.email,
        subject: t("ambassadors:mail.active.subject"),
        text: t("ambassadors:mail.active.body", { name: before.name, link: new URL("/ambassador/profil", getEnv().PUBLIC_URL).toString() }),
      });
    if (input.to === "alumni" || input.to === "rejected") await trx.updateTable("app_user").set({ disabled_at: nowIso() }).where("id", "=", before.user_id ?? -1).execute();
    if (input.to === "active" && before.user_id) await trx.updateTable("app_user").set({ disabled_at: null }).where("id", "=", before.user_id).execute();
    // proposals waiting for her are withdrawn and the coordinators told (the booking issue's rule)
    if (input.to === "paused" || input.to === "alumni") await withdrawProposalsOf(trx, before.id, input.actor.id);
    await audit(trx, {
      actorUserId: input.actor.id,
      action: "ambassador.status",
      entityType: "ambassador",
      entityId: before.id,
      before: { status: before.status },
      after: { status: input.to, ...(input.reason ? { reason: input.reason } : {}) },
    });
  });
}

// ---------------------------------------------------------------- vetting and training

async function requireLiveAmbassador(db: DB, id: number) {
  const a = await db.selectFrom("ambassador").select("erased_at").where("id", "=", id).executeTakeFirst();
  if (!a || a.erased_at) throw new PoolError("errors.notFound");
}

export async function recordVetting(db: DB, input: { ambassadorId: number; shownOn: IsoDate; actor: SessionUser; today?: IsoDate }) {
  const today = input.today ?? todayInStockholm();
  await requireLiveAmbassador(db, input.ambassadorId);
  if (input.shownOn > today) throw new PoolError("ambassadors:errors.vettingFuture", "shownOn");
  if (vettingExpiresOn(input.shownOn) <= today) throw new PoolError("ambassadors:errors.vettingTooOld", "shownOn");
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("ambassador_vetting")
      .values({ ambassador_id: input.ambassadorId, shown_on: input.shownOn, checked_by_user_id: input.actor.id, checked_by_name: input.actor.name })
      .execute();
    await audit(trx, {
      actorUserId: input.actor.id,
      action: "ambassador.vetting",
      entityType: "ambassador",
      entityId: input.ambassadorId,
      after: { shownOn: input.shownOn, checkedBy: input.actor.name },
    });
  });
}

export async function recordTraining(db: DB, input: { ambassadorId: number; moduleId: number; completedOn: IsoDate; actor: SessionUser }) {
  await requireLiveAmbassador(db, input.ambassadorId);
  if (input.completedOn > todayInStockholm()) throw new PoolError("ambassadors:errors.dateFuture", "completedOn");
  const module = await db.selectFrom("training_module").select("id").where("id", "=", input.moduleId).executeTakeFirst();
  if (!module) throw new PoolError("errors.choose", "moduleId");
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("ambassador_training")
      .values({ ambassador_id: input.ambassadorId, module_id: input.moduleId, completed_on: input.completedOn, recorded_by_user_id: input.actor.id })
      .onConflict((oc) => oc.columns(["ambassador_id", "module_id"]).doUpdateSet({ completed_on: input.completedOn, recorded_by_user_id: input.actor.id }))
      .execute();
    await audit(trx, {
      actorUserId: input.actor.id,
      action: "ambassador.training",
      entityType: "ambassador",
      entityId: input.ambassadorId,
      after: { moduleId: input.moduleId, completedOn: input.completedOn },
    });
  });
}

/**
 * E-mails the coordinators of the municipality and the ambassador once per check, from 30 days
 * before it runs out. Returns how many checks were reminded about.
 */
export async function sendVettingReminders(db: DB, today: IsoDate = todayInStockholm()) {
  const horizon = addDays(today, VETTING_WARNING_DAYS);
  const rows = await db
    .selectFrom("ambassador_vetting as v")
    .innerJoin("ambassador as a", "a.id", "v.ambassador_id")
    .select(["v.id", "v.shown_on", "a.id as ambassador_id", "a.name", "a.email", "a.locale", "a.municipality_id"])
    .where("v.reminder_sent_at", "is", null)
    .where("a.status", "in", ["approved", "active", "paused"])
    .where("a.erased_at", "is", null)
    // only the latest check of each ambassador counts (the same order as latestVetting: date, then id)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("ambassador_vetting as newer")
            .select("newer.id")
            .whereRef("newer.ambassador_id", "=", "v.ambassador_id")
            .where((e) =>
              e.or([e("newer.shown_on", ">", e.ref("v.shown_on")), e.and([e("newer.shown_on", "=", e.ref("v.shown_on")), e("newer.id", ">", e.ref("v.id"))])]),
            ),
        ),
      ),
    )
    .execute();
  let reminded = 0;
  for (const row of rows) {
    const expires = vettingExpiresOn(row.shown_on);
    if (expires > horizon) continue;
    const coordinators = await coordinatorsOf(db, row.municipality_id);
    await db.transaction().execute(async (trx) => {
      for (const c of coordinators) {
        const t = await tFor(c.locale);
        await enqueueMail(trx, { to: c.email, subject: t("ambassadors:mail.vettingExpiring.subject", { name: row.name }), text: t("ambassadors:mail.vettingExpiring.coordinatorBody", { name: row.name, date: expires }) });
      }
      if (row.email) {
        const t = await tFor(row.locale);
        await enqueueMail(trx, { to: row.email, subject: t("ambassadors:mail.vettingExpiring.subject", { name: row.name }), text: t("ambassadors:mail.vettingExpiring.ambassadorBody", { name: row.name, date: expires }) });
      }
      await trx.updateTable("ambassador_vetting").set({ reminder_sent_at: nowIso() }).where("id", "=", row.id).execute();
    });
    reminded++;
  }
  return reminded;
}

// ---------------------------------------------------------------- consent

type WithdrawalHook = (db: DB, input: { ambassadorId: number; kind: ConsentKind }) => Promise<void>;
const withdrawalHooks: WithdrawalHook[] = [];
/** The media issue registers here to withdraw every film a person appears in when film consent goes. */
export function onConsentWithdrawn(hook: WithdrawalHook) {
  withdrawalHooks.push(hook);
}

export async function giveConsent(db: DB, ambassadorId: number, kind: ConsentKind) {
  const text = await db.selectFrom("consent_text").select(["id"]).where("kind", "=", kind).orderBy("version", "desc").executeTakeFirstOrThrow();
  const current = await db
    .selectFrom("ambassador_consent")
    .select("consent_text_id")
    .where("ambassador_id", "=", ambassadorId)
    .where("kind", "=", kind)
    .where("withdrawn_at", "is", null)
    .executeTakeFirst();
  if (current?.consent_text_id === text.id) return;
  const now = nowIso();
  // a newer version replaces the older consent
  if (current) await db.updateTable("ambassador_consent").set({ withdrawn_at: now }).where("ambassador_id", "=", ambassadorId).where("kind", "=", kind).where("withdrawn_at", "is", null).execute();
  await db.insertInto("ambassador_consent").values({ ambassador_id: ambassadorId, consent_text_id: text.id, kind, given_at: now }).execute();
}

/** Withdrawal takes effect at once: the public pages read consent on every request. Hooks run in the same transaction. */
export async function withdrawConsent(db: DB, input: { ambassadorId: number; kind: ConsentKind; actorUserId: number | null }) {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("ambassador_consent")
      .set({ withdrawn_at: nowIso() })
      .where("ambassador_id", "=", input.ambassadorId)
      .where("kind", "=", input.kind)
      .where("withdrawn_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return;
    for (const hook of withdrawalHooks) await hook(trx, { ambassadorId: input.ambassadorId, kind: input.kind });
    await audit(trx, { actorUserId: input.actorUserId, action: "ambassador.consent.withdraw", entityType: "ambassador", entityId: input.ambassadorId, after: { kind: input.kind } });
  });
}

// ---------------------------------------------------------------- the ambassador's own data

export async function updateProfile(db: DB, ambassadorId: number, input: ProfileInput, actorUserId: number) {
  await db.transaction().execute(async (trx) => {
    const before = await getAmbassador(trx, ambassadorId);
    await trx
      .updateTable("ambassador")
      .set({ ...profileColumns(input), updated_at: nowIso() })
      .where("id", "=", ambassadorId)
      .execute();
    if (before?.user_id) await trx.updateTable("app_user").set({ name: input.name }).where("id", "=", before.user_id).execute();
    await audit(trx, { actorUserId, action: "ambassador.profile", entityType: "ambassador", entityId: ambassadorId });
  });
}

/** Weekly availability as "weekday-hour" cells (1 = Monday, hours 08–16), plus the monthly cap. */
export async function setAvailability(db: DB, ambassadorId: number, input: { maxVisitsPerMonth: number; slots: string[] }) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("ambassador").set({ max_visits_per_month: input.maxVisitsPerMonth, updated_at: nowIso() }).where("id", "=", ambassadorId).execute();
    await trx.deleteFrom("availability_slot").where("ambassador_id", "=", ambassadorId).execute();
    const cells = [...new Set(input.slots)].sort();
    if (cells.length)
      await trx
        .insertInto("availability_slot")
        .values(
          cells.map((cell) => {
            const [weekday, hour] = cell.split("-").map(Number);
            const hh = String(hour).padStart(2, "0");
            return { ambassador_id: ambassadorId, weekday, start_time: `${hh}:00`, end_time: `${String(hour + 1).padStart(2, "0")}:00` };
          }),
        )
        .execute();
  });
}

export async function availabilityCells(db: DB, ambassadorId: number) {
  const rows = await db.selectFrom("availability_slot").select(["weekday", "start_time"]).where("ambassador_id", "=", ambassadorId).execute();
  return rows.map((r) => `${r.weekday}-${r.start_time.slice(0, 2)}`);
}

// ---------------------------------------------------------------- public gallery

export interface GalleryFilters {
  id?: number;
  municipality?: string | null;
  sector?: string | null;
  language?: string | null;
  limit?: number;
  offset?: number;
}

/** Active ambassadors who consent to a public profile, filtered. Never contact details. */
function publicAmbassadors(db: DB, filters: GalleryFilters) {
  let query = db
    .selectFrom("ambassador as a")
    .innerJoin("municipality as m", "m.id", "a.municipality_id")
    .leftJoin("sector as s", "s.id", "a.sector_id")
    .where("a.status", "=", "active")
    .where("a.erased_at", "is", null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("ambassador_consent as c").select("c.id").whereRef("c.ambassador_id", "=", "a.id").where("c.kind", "=", "profile").where("c.withdrawn_at", "is", null),
      ),
    );
  if (filters.id !== undefined) query = query.where("a.id", "=", filters.id);
  if (filters.municipality) query = query.where("m.code", "=", filters.municipality);
  if (filters.sector) query = query.where("s.slug", "=", filters.sector);
  if (filters.language)
    query = query.where(jsonArrayContains(db, "a.languages_json", filters.language));
  return query;
}

/** The photo is shown only with photo consent. */
export async function listPublicAmbassadors(db: DB, filters: GalleryFilters) {
  const rows = await publicAmbassadors(db, filters)
    .select((eb) => [
      "a.id",
      "a.name",
      "a.occupation",
      "a.employer_name",
      "a.education_path",
      "a.story",
      "a.languages_json",
      "a.photo_key",
      "a.photo_width",
      "a.photo_height",
      "m.name as municipality",
      "s.name as sector",
      eb
        .exists(eb.selectFrom("ambassador_consent as pc").select("pc.id").whereRef("pc.ambassador_id", "=", "a.id").where("pc.kind", "=", "photo").where("pc.withdrawn_at", "is", null))
        .as("photo_consent"),
    ])
    .orderBy("a.name")
    .orderBy("a.id")
    .limit(filters.limit ?? 24)
    .offset(filters.offset ?? 0)
    .execute();
  return rows.map(({ photo_consent, photo_key, photo_width, photo_height, languages_json, ...r }) => ({
    ...r,
    languages: parseList<string>(languages_json),
    photo: photo_consent && photo_key ? { key: photo_key, width: photo_width!, height: photo_height! } : null,
  }));
}

export async function countPublicAmbassadors(db: DB, filters: GalleryFilters) {
  const row = await publicAmbassadors(db, filters).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function getPublicAmbassador(db: DB, id: number) {
  const [row] = await listPublicAmbassadors(db, { id, limit: 1 });
  return row ?? null;
}

/** Whether a stored photo may be shown to the public right now (profile and photo consent, active). */
export async function isPhotoPublic(db: DB, photoKey: string) {
  const [row] = await publicAmbassadors(db, {}).where("a.photo_key", "=", photoKey).select("a.id").execute();
  if (!row) return false;
  const consents = await currentConsents(db, row.id);
  return consents.photo.given;
}

// ---------------------------------------------------------------- pool health

export interface PoolHealth {
  municipality: { id: number; code: string; name: string };
  active: number;
  target: { min: number; max: number };
  byStatus: Record<string, number>;
  gender: { female: number; male: number; other: number; unstated: number };
  sectors: { name: string; count: number }[];
  missingSectors: string[];
  languages: { code: string; name: string; count: number }[];
  vetting: { expiring: { id: number; name: string | null; expiresOn: string }[]; expired: { id: number; name: string | null; expiresOn: string }[]; missing: number };
  /** active ambassadors without a visit in the last 90 days (never, or the date of the last one) */
  idle: { id: number; name: string | null; lastVisit: string | null }[];
}

/** An active ambassador is idle when her last visit is more than this many days ago, or never was. */
export const IDLE_DAYS = 90;

/** Pool health for the given municipalities ("all" for admins), from three grouped queries. */
export async function poolHealth(db: DB, scope: number[] | "all", today: IsoDate = todayInStockholm()): Promise<PoolHealth[]> {
  let municipalities = db.selectFrom("municipality").select(["id", "code", "name"]).orderBy("name");
  if (scope !== "all") municipalities = municipalities.where("id", "in", scope.length ? scope : [-1]);
  const places = await municipalities.execute();
  if (!places.length) return [];
  const inScope = <Q extends { where: (...args: any[]) => Q }>(query: Q, column: string) =>
    scope === "all" ? query : query.where(column, "in", scope.length ? scope : [-1]);

  const [sectors, languages, statusCounts, pool] = await Promise.all([
    db.selectFrom("sector").select(["id", "name"]).orderBy("sort_order").execute(),
    db.selectFrom("language").select(["code", "native_name"]).execute(),
    inScope(
      db
        .selectFrom("ambassador")
        .select((eb) => ["municipality_id", "status", eb.fn.countAll<number>().as("n")])
        .where("erased_at", "is", null)
        .groupBy(["municipality_id", "status"]),
      "municipality_id",
    ).execute(),
    // everyone in the pool now or soon, with the date of their latest check
    inScope(
      db
        .selectFrom("ambassador as a")
        .leftJoin("ambassador_vetting as v", "v.ambassador_id", "a.id")
        .select((eb) => [
          "a.id",
          "a.municipality_id",
          "a.status",
          "a.name",
          "a.gender",
          "a.sector_id",
          "a.languages_json",
          eb.fn.max("v.shown_on").as("vetted_on"),
          eb
            .selectFrom("visit")
            .select((e) => e.fn.max("start_at").as("last"))
            .whereRef("visit.ambassador_id", "=", "a.id")
            .where("visit.status", "in", ["confirmed", "completed"])
            .where("visit.start_at", "<=", `${today}T99`)
            .as("last_visit"),
        ])
        .where("a.status", "in", ["active", "approved", "paused"])
        .where("a.erased_at", "is", null)
        .groupBy("a.id"),
      "a.municipality_id",
    ).execute(),
  ]);

  const byPlace = new Map<number, typeof pool>();
  for (const a of pool) byPlace.set(a.municipality_id, [...(byPlace.get(a.municipality_id) ?? []), a]);
  const countsByPlace = new Map<number, Record<string, number>>();
  for (const s of statusCounts) {
    const counts = countsByPlace.get(s.municipality_id) ?? {};
    counts[s.status] = Number(s.n);
    countsByPlace.set(s.municipality_id, counts);
  }

  return places.map((place) => {
    const byStatus = countsByPlace.get(place.id) ?? {};
    const here = byPlace.get(place.id) ?? [];
    const gender = { female: 0, male: 0, other: 0, unstated: 0 };
    const sectorCounts = new Map<number, number>();
    const languageCounts = new Map<string, number>();
    const expiring: PoolHealth["vetting"]["expiring"] = [];
    const expired: PoolHealth["vetting"]["expired"] = [];
    let missing = 0;
    const idle: PoolHealth["idle"] = [];
    const idleSince = addDays(today, -IDLE_DAYS);
    for (const a of here) {
      const last = a.last_visit ? String(a.last_visit) : null;
      if (a.status === "active" && (!last || last < idleSince)) idle.push({ id: a.id, name: a.name, lastVisit: last ? last.slice(0, 10) : null });
      if (a.status === "active") {
        gender[(a.gender ?? "unstated") as keyof typeof gender]++;
        if (a.sector_id) sectorCounts.set(a.sector_id, (sectorCounts.get(a.sector_id) ?? 0) + 1);
        for (const code of parseList<string>(a.languages_json)) languageCounts.set(code, (languageCounts.get(code) ?? 0) + 1);
      }
      const shown = a.vetted_on ? String(a.vetted_on) : null;
      const state = vettingState(shown, today);
      if (state === "missing") missing++;
      else if (state === "expiring") expiring.push({ id: a.id, name: a.name, expiresOn: vettingExpiresOn(shown!) });
      else if (state === "expired") expired.push({ id: a.id, name: a.name, expiresOn: vettingExpiresOn(shown!) });
    }
    return {
      municipality: place,
      active: byStatus.active ?? 0,
      target: POOL_TARGET,
      byStatus,
      gender,
      sectors: sectors.filter((s) => sectorCounts.has(s.id)).map((s) => ({ name: s.name, count: sectorCounts.get(s.id)! })),
      missingSectors: sectors.filter((s) => !sectorCounts.has(s.id)).map((s) => s.name),
      languages: languages
        .filter((l) => languageCounts.has(l.code))
        .map((l) => ({ code: l.code, name: l.native_name, count: languageCounts.get(l.code)! }))
        .sort((a, b) => b.count - a.count),
      vetting: { expiring, expired, missing },
      idle,
    };
  });
}
