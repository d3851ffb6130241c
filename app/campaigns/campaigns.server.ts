/**
 * Campaigns: the common thread of the region's short films (first part of issue 5; films,
 * subtitles and documents will belong to a campaign). Communicators and admins manage them; the
 * public sees published ones only.
 */
import { isUniqueViolation, nowIso } from "#db/adapter";
import type { CampaignStatus } from "#db/schema";
import { parseList } from "~/ambassadors/pool.server";
import { audit } from "~/audit.server";
import type { DB } from "~/db.server";
import { PoolError } from "~/errors";
import { slugify, type CampaignInput } from "./schemas";

const columns = (input: CampaignInput) => ({
  title: input.title,
  thread: input.thread,
  description: input.description,
  starts_on: input.startsOn,
  ends_on: input.endsOn,
  grades_json: JSON.stringify(input.grades),
  sectors_json: JSON.stringify(input.sectors),
});

async function freeSlug(db: DB, title: string) {
  const base = slugify(title);
  const taken = new Set((await db.selectFrom("campaign").select("slug").where("slug", "like", `${base}%`).execute()).map((r) => r.slug));
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

export async function createCampaign(db: DB, input: CampaignInput, actorUserId: number) {
  const sectors = await db.selectFrom("sector").select("id").where("id", "in", input.sectors.length ? input.sectors : [-1]).execute();
  if (sectors.length !== new Set(input.sectors).size) throw new PoolError("errors.invalid", "sectors");
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("campaign")
        .values({ ...columns(input), slug: await freeSlug(trx, input.title), created_by_user_id: actorUserId })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audit(trx, { actorUserId, action: "campaign.create", entityType: "campaign", entityId: row.id, after: { title: input.title } });
      return row.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new PoolError("campaigns:errors.slugTaken", "title");
    throw error;
  }
}

export async function updateCampaign(db: DB, id: number, input: CampaignInput, actorUserId: number) {
  const sectors = await db.selectFrom("sector").select("id").where("id", "in", input.sectors.length ? input.sectors : [-1]).execute();
  if (sectors.length !== new Set(input.sectors).size) throw new PoolError("errors.invalid", "sectors");
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("campaign").select(["title", "thread", "starts_on", "ends_on"]).where("id", "=", id).executeTakeFirst();
    if (!before) throw new PoolError("errors.notFound");
    await trx.updateTable("campaign").set({ ...columns(input), updated_at: nowIso() }).where("id", "=", id).execute();
    await audit(trx, { actorUserId, action: "campaign.update", entityType: "campaign", entityId: id, before, after: { title: input.title } });
  });
}

export async function setCampaignStatus(db: DB, id: number, status: CampaignStatus, actorUserId: number) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("campaign").select("status").where("id", "=", id).executeTakeFirst();
    if (!before) throw new PoolError("errors.notFound");
    await trx.updateTable("campaign").set({ status, updated_at: nowIso() }).where("id", "=", id).execute();
    await audit(trx, { actorUserId, action: "campaign.status", entityType: "campaign", entityId: id, before, after: { status } });
  });
}

const shape = <T extends { grades_json: string; sectors_json: string }>({ grades_json, sectors_json, ...rest }: T) => ({
  ...rest,
  grades: parseList<number>(grades_json),
  sectors: parseList<number>(sectors_json),
});

/** The communicators' library: every campaign, searchable by title and thread, filterable by status. */
export async function listCampaigns(db: DB, filters: { q?: string; status?: CampaignStatus | null } = {}) {
  let query = db.selectFrom("campaign").selectAll().orderBy("starts_on", "desc").orderBy("id", "desc");
  if (filters.status) query = query.where("status", "=", filters.status);
  const q = filters.q?.trim().toLowerCase();
  if (q) query = query.where((eb) => eb.or([eb(eb.fn("lower", ["title"]), "like", `%${q}%`), eb(eb.fn("lower", ["thread"]), "like", `%${q}%`)]));
  return (await query.execute()).map(shape);
}

export async function getCampaign(db: DB, id: number) {
  const row = await db.selectFrom("campaign").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? shape(row) : null;
}

/** What the public sees: published campaigns only. */
export async function listPublishedCampaigns(db: DB) {
  return (await db.selectFrom("campaign").selectAll().where("status", "=", "published").orderBy("starts_on", "desc").execute()).map(shape);
}
