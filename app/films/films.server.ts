/**
 * Campaign films (issue 5): a film belongs to a campaign, its bytes come by a resumable upload and
 * are processed by the job queue (process.server.ts). Here: creating films, subtitles, documents,
 * posters, the ambassadors who appear, publishing (never while anyone in it lacks film consent),
 * withdrawal when a consent goes, what the public may see, and daily view counts.
 */
import crypto from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { nowIso } from "#db/adapter";
import type { FilmStatus } from "#db/schema";
import type { MediaStorage } from "#media/index";
import { onConsentWithdrawn } from "~/ambassadors/pool.server";
import { todayInStockholm } from "~/ambassadors/rules";
import { audit } from "~/audit.server";
import type { DB } from "~/db.server";
import { PoolError } from "~/errors";
import { errorWith } from "~/forms.server";
import { supportedLngs } from "~/i18n/config";
import { tFor } from "~/i18n/i18n.server";
import { absoluteUrl } from "~/links.server";
import { enqueueMail } from "~/mail.server";
import { getStorage } from "~/storage.server";
import { deleteVariants, storeImageVariants } from "~/images.server";
import { toWebVtt } from "./subtitles.server";

export const SUBTITLE_LANGUAGES = supportedLngs;
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
export const POSTER_MAX_BYTES = 20 * 1024 * 1024;
export const POSTER_WIDTHS = [320, 640, 1280] as const;
const posterRules = {
  maxBytes: POSTER_MAX_BYTES,
  widths: POSTER_WIDTHS,
  field: "poster",
  errors: { missing: "films:errors.emptyFile", tooLarge: "films:errors.posterTooLarge", type: "films:errors.posterType", unreadable: "films:errors.posterUnreadable" },
};
const token = () => crypto.randomBytes(12).toString("hex");
const sha256 = (bytes: Buffer) => crypto.createHash("sha256").update(bytes).digest("hex");

export async function createFilm(db: DB, input: { campaignId: number; title: string; description: string | null }, actorUserId: number) {
  return db.transaction().execute(async (trx) => {
    const campaign = await trx.selectFrom("campaign").select("id").where("id", "=", input.campaignId).executeTakeFirst();
    if (!campaign) throw new PoolError("errors.notFound");
    const row = await trx
      .insertInto("film")
      .values({ campaign_id: input.campaignId, title: input.title, description: input.description, created_by_user_id: actorUserId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, { actorUserId, action: "film.create", entityType: "film", entityId: row.id, after: { title: input.title, campaignId: input.campaignId } });
    return row.id;
  });
}

export async function updateFilm(db: DB, id: number, input: { title: string; description: string | null }, actorUserId: number) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("film").select(["title", "description"]).where("id", "=", id).executeTakeFirst();
    if (!before) throw new PoolError("errors.notFound");
    await trx.updateTable("film").set({ title: input.title, description: input.description, updated_at: nowIso() }).where("id", "=", id).execute();
    await audit(trx, { actorUserId, action: "film.update", entityType: "film", entityId: id, before, after: input });
  });
}

export async function getFilm(db: DB, id: number) {
  const film = await db
    .selectFrom("film")
    .innerJoin("campaign", "campaign.id", "film.campaign_id")
    .leftJoin("job", "job.id", "film.job_id")
    .selectAll("film")
    .select(["campaign.title as campaign_title", "campaign.slug as campaign_slug", "campaign.status as campaign_status"])
    .select(["job.status as job_status", "job.attempts as job_attempts", "job.max_attempts as job_max_attempts", "job.last_error as job_error", "job.run_after as job_run_after"])
    .where("film.id", "=", id)
    .executeTakeFirst();
  if (!film) return null;
  const [subtitles, documents, ambassadors] = await Promise.all([
    db.selectFrom("film_subtitle").select(["id", "language", "source_format", "cues", "created_at"]).where("film_id", "=", id).orderBy("language").execute(),
    db.selectFrom("film_document").select(["id", "title", "size_bytes", "created_at"]).where("film_id", "=", id).orderBy("id").execute(),
    filmAmbassadors(db, id),
  ]);
  return { ...film, subtitles, documents, ambassadors };
}
export type Film = NonNullable<Awaited<ReturnType<typeof getFilm>>>;

/** The people in a film, each with whether she consents to films now. */
export async function filmAmbassadors(db: DB, filmId: number) {
  return db
    .selectFrom("film_ambassador")
    .innerJoin("ambassador", "ambassador.id", "film_ambassador.ambassador_id")
    .select(["ambassador.id", "ambassador.name", "ambassador.status"])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("ambassador_consent")
            .select("ambassador_consent.id")
            .whereRef("ambassador_consent.ambassador_id", "=", "ambassador.id")
            .where("ambassador_consent.kind", "=", "films")
            .where("ambassador_consent.withdrawn_at", "is", null),
        )
        .as("consents"),
    )
    .where("film_ambassador.film_id", "=", filmId)
    .orderBy("ambassador.name")
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, consents: !!r.consents })));
}

/** Films of a campaign for the communicators' library, with subtitle languages. */
export async function listFilms(db: DB, campaignIds: number[]) {
  if (!campaignIds.length) return [];
  const films = await db
    .selectFrom("film")
    .select(["id", "campaign_id", "title", "status", "processing", "duration_seconds", "poster_key", "withdrawn_reason"])
    .where("campaign_id", "in", campaignIds)
    .orderBy("id")
    .execute();
  const subtitles = films.length
    ? await db.selectFrom("film_subtitle").select(["film_id", "language"]).where("film_id", "in", films.map((f) => f.id)).execute()
    : [];
  return films.map((f) => {
    const languages = subtitles.filter((s) => s.film_id === f.id).map((s) => s.language);
    return { ...f, subtitleLanguages: languages, missingLanguages: SUBTITLE_LANGUAGES.filter((l) => !languages.includes(l)) };
  });
}

export async function setFilmAmbassadors(db: DB, filmId: number, ambassadorIds: number[], actorUserId: number) {
  await db.transaction().execute(async (trx) => {
    const film = await trx.selectFrom("film").select(["id", "status"]).where("id", "=", filmId).executeTakeFirst();
    if (!film) throw new PoolError("errors.notFound");
    const unique = [...new Set(ambassadorIds)];
    const known = unique.length ? await trx.selectFrom("ambassador").select("id").where("id", "in", unique).execute() : [];
    if (known.length !== unique.length) throw new PoolError("errors.invalid", "ambassadors");
    await trx.deleteFrom("film_ambassador").where("film_id", "=", filmId).execute();
    if (unique.length) await trx.insertInto("film_ambassador").values(unique.map((ambassador_id) => ({ film_id: filmId, ambassador_id }))).execute();
    // a published film may not show someone without film consent: adding such a person takes it down
    if (film.status === "published" && (await filmAmbassadors(trx, filmId)).some((a) => !a.consents))
      await trx.updateTable("film").set({ status: "draft", updated_at: nowIso() }).where("id", "=", filmId).execute();
    await audit(trx, { actorUserId, action: "film.ambassadors", entityType: "film", entityId: filmId, after: { ambassadorIds: unique } });
  });
}

/** Publishing needs a processed film and film consent from everyone in it; the 400 names who lacks it. */
export async function setFilmStatus(db: DB, filmId: number, status: FilmStatus, actorUserId: number) {
  return db.transaction().execute(async (trx) => {
    const film = await trx.selectFrom("film").select(["status", "processing"]).where("id", "=", filmId).executeTakeFirst();
    if (!film) throw new PoolError("errors.notFound");
    if (status === "published") {
      if (film.processing !== "ready") throw new PoolError("films:errors.notReady", "status");
      const lacking = (await filmAmbassadors(trx, filmId)).filter((a) => !a.consents);
      if (lacking.length) throw new PoolError(errorWith("films:errors.consentMissing", { names: lacking.map((a) => a.name ?? `#${a.id}`).join(", ") }), "status");
    }
    await trx
      .updateTable("film")
      .set({ status, withdrawn_reason: status === "withdrawn" ? "manual" : null, ...(status === "published" ? { published_at: nowIso() } : {}), updated_at: nowIso() })
      .where("id", "=", filmId)
      .execute();
    await audit(trx, { actorUserId, action: "film.status", entityType: "film", entityId: filmId, before: { status: film.status }, after: { status } });
  });
}

/**
 * Film consent withdrawn: every film she appears in that is published (or could be) is withdrawn
 * at once, in the same transaction, and whoever made the film is told why by e-mail.
 */
export async function withdrawFilmsOf(db: DB, ambassadorId: number) {
  const films = await db
    .selectFrom("film")
    .innerJoin("film_ambassador", "film_ambassador.film_id", "film.id")
    .leftJoin("app_user", "app_user.id", "film.created_by_user_id")
    .select(["film.id", "film.title", "film.status", "app_user.email", "app_user.locale"])
    .where("film_ambassador.ambassador_id", "=", ambassadorId)
    .where("film.status", "!=", "withdrawn")
    .execute();
  if (!films.length) return 0;
  const ambassador = await db.selectFrom("ambassador").select("name").where("id", "=", ambassadorId).executeTakeFirst();
  await db.updateTable("film").set({ status: "withdrawn", withdrawn_reason: "consent", updated_at: nowIso() }).where("id", "in", films.map((f) => f.id)).execute();
  for (const film of films) {
    await audit(db, { actorUserId: null, action: "film.withdrawn.consent", entityType: "film", entityId: film.id, before: { status: film.status }, after: { status: "withdrawn", ambassadorId } });
    if (!film.email) continue;
    const t = await tFor(film.locale ?? "sv");
    await enqueueMail(db, {
      to: film.email,
      subject: t("films:mail.withdrawn.subject", { title: film.title }),
      text: t("films:mail.withdrawn.body", { title: film.title, name: ambassador?.name ?? "", url: absoluteUrl(`/kommunikator/filmer/${film.id}`) }),
    });
  }
  return films.length;
}

onConsentWithdrawn(async (db, { ambassadorId, kind }) => {
  if (kind === "films") await withdrawFilmsOf(db, ambassadorId);
});

// ---------------------------------------------------------------- subtitles, documents, posters

export async function addSubtitle(db: DB, filmId: number, language: string, bytes: Buffer, actorUserId: number, storage: MediaStorage = getStorage()) {
  if (!SUBTITLE_LANGUAGES.includes(language)) throw new PoolError("errors.invalid", "language");
  const result = toWebVtt(bytes);
  if (!result.ok) throw new PoolError(result.line ? errorWith(`films:subtitles.${result.reason}`, { line: result.line }) : `films:subtitles.${result.reason}`, "file");
  const isSrt = !bytes.subarray(0, 16).toString("utf8").replace(/^\uFEFF/, "").startsWith("WEBVTT");
  const key = `films/${filmId}/subtitles/${token()}.vtt`;
  const vtt = Buffer.from(result.vtt, "utf8");
  await storage.put(key, vtt, { contentType: "text/vtt; charset=utf-8" });
  let old: string | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      if (!(await trx.selectFrom("film").select("id").where("id", "=", filmId).executeTakeFirst())) throw new PoolError("errors.notFound");
      old = (await trx.selectFrom("film_subtitle").select("key").where("film_id", "=", filmId).where("language", "=", language).executeTakeFirst())?.key;
      await trx.deleteFrom("film_subtitle").where("film_id", "=", filmId).where("language", "=", language).execute();
      await trx.insertInto("film_subtitle").values({ film_id: filmId, language, key, source_format: isSrt ? "srt" : "vtt", cues: result.cues, sha256: sha256(bytes) }).execute();
      await audit(trx, { actorUserId, action: "film.subtitle", entityType: "film", entityId: filmId, after: { language, cues: result.cues, converted: isSrt } });
    });
  } catch (error) {
    await storage.delete(key);
    throw error;
  }
  if (old) await storage.delete(old);
  return { cues: result.cues, converted: isSrt };
}

export async function removeSubtitle(db: DB, filmId: number, subtitleId: number, actorUserId: number, storage: MediaStorage = getStorage()) {
  const row = await db.selectFrom("film_subtitle").select(["key", "language"]).where("id", "=", subtitleId).where("film_id", "=", filmId).executeTakeFirst();
  if (!row) throw new PoolError("errors.notFound");
  await db.deleteFrom("film_subtitle").where("id", "=", subtitleId).execute();
  await audit(db, { actorUserId, action: "film.subtitle.remove", entityType: "film", entityId: filmId, before: { language: row.language } });
  await storage.delete(row.key);
}

export async function addDocument(db: DB, filmId: number, title: string, bytes: Buffer, actorUserId: number, storage: MediaStorage = getStorage()) {
  if (!bytes.length) throw new PoolError("films:errors.emptyFile", "file");
  if (bytes.length > DOCUMENT_MAX_BYTES) throw new PoolError("films:errors.documentTooLarge", "file");
  const type = await fileTypeFromBuffer(bytes);
  if (type?.mime !== "application/pdf") throw new PoolError("films:errors.notPdf", "file");
  const key = `films/${filmId}/documents/${token()}.pdf`;
  await storage.put(key, bytes, { contentType: "application/pdf" });
  try {
    return await db.transaction().execute(async (trx) => {
      if (!(await trx.selectFrom("film").select("id").where("id", "=", filmId).executeTakeFirst())) throw new PoolError("errors.notFound");
      const row = await trx.insertInto("film_document").values({ film_id: filmId, title, key, size_bytes: bytes.length, sha256: sha256(bytes) }).returning("id").executeTakeFirstOrThrow();
      await audit(trx, { actorUserId, action: "film.document", entityType: "film", entityId: filmId, after: { title } });
      return row.id;
    });
  } catch (error) {
    await storage.delete(key);
    throw error;
  }
}

export async function removeDocument(db: DB, filmId: number, documentId: number, actorUserId: number, storage: MediaStorage = getStorage()) {
  const row = await db.selectFrom("film_document").select(["key", "title"]).where("id", "=", documentId).where("film_id", "=", filmId).executeTakeFirst();
  if (!row) throw new PoolError("errors.notFound");
  await db.deleteFrom("film_document").where("id", "=", documentId).execute();
  await audit(db, { actorUserId, action: "film.document.remove", entityType: "film", entityId: filmId, before: { title: row.title } });
  await storage.delete(row.key);
}

/** A poster image the communicator chose (JPEG, PNG or WebP, by its bytes); replaces a frame-made one. */
export async function setPoster(db: DB, filmId: number, bytes: Buffer, source: "frame" | "upload", storage: MediaStorage = getStorage()) {
  const prefix = `films/${filmId}/poster-${token()}`;
  const stored = await storeImageVariants(storage, prefix, bytes, posterRules);
  const old = await db.selectFrom("film").select("poster_key").where("id", "=", filmId).executeTakeFirst();
  await db.updateTable("film").set({ poster_key: prefix, poster_width: stored.width, poster_source: source, updated_at: nowIso() }).where("id", "=", filmId).execute();
  if (old?.poster_key) await deleteVariants(storage, old.poster_key);
  return prefix;
}

// ---------------------------------------------------------------- what the public sees

/** Published, processed, in a published campaign, and nobody in it without film consent. */
export function publicFilms(db: DB) {
  return db
    .selectFrom("film")
    .innerJoin("campaign", "campaign.id", "film.campaign_id")
    .where("film.status", "=", "published")
    .where("film.processing", "=", "ready")
    .where("campaign.status", "=", "published")
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("film_ambassador")
            .select("film_ambassador.film_id")
            .whereRef("film_ambassador.film_id", "=", "film.id")
            .where((inner) =>
              inner.not(
                inner.exists(
                  inner
                    .selectFrom("ambassador_consent")
                    .select("ambassador_consent.id")
                    .whereRef("ambassador_consent.ambassador_id", "=", "film_ambassador.ambassador_id")
                    .where("ambassador_consent.kind", "=", "films")
                    .where("ambassador_consent.withdrawn_at", "is", null),
                ),
              ),
            ),
        ),
      ),
    );
}

export async function isFilmPublic(db: DB, filmId: number) {
  return !!(await publicFilms(db).select("film.id").where("film.id", "=", filmId).executeTakeFirst());
}

export async function listPublicFilms(db: DB, campaignIds: number[]) {
  if (!campaignIds.length) return [];
  return publicFilms(db)
    .select(["film.id", "film.campaign_id", "film.title", "film.description", "film.duration_seconds", "film.poster_key", "film.poster_width", "film.width", "film.height"])
    .where("film.campaign_id", "in", campaignIds)
    .orderBy("film.published_at")
    .execute();
}

/** A view: playback passed 10 seconds. Counted per film per day; nothing about the viewer is kept. */
export async function recordView(db: DB, filmId: number, now = new Date()) {
  if (!(await isFilmPublic(db, filmId))) return false;
  const day = todayInStockholm(now);
  await db
    .insertInto("film_view_daily")
    .values({ film_id: filmId, day, views: 1 })
    .onConflict((oc) => oc.columns(["film_id", "day"]).doUpdateSet((eb) => ({ views: eb("film_view_daily.views", "+", 1) })))
    .execute();
  return true;
}

export async function viewsOf(db: DB, filmId: number, days = 30) {
  return db.selectFrom("film_view_daily").select(["day", "views"]).where("film_id", "=", filmId).orderBy("day", "desc").limit(days).execute();
}
