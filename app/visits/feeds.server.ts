/**
 * Private calendar subscriptions, one per ambassador and per school. The link is the secret: only
 * its hash is stored, a new link revokes the old one, and a revoked link answers 404. The feed
 * carries booked visits from a year back onward, cancelled ones marked so that calendars remove them.
 */
import { nowIso } from "#db/adapter";
import { todayInStockholm, addDays } from "~/ambassadors/rules";
import { looksLikeToken, randomToken, sha256 } from "~/auth.server";
import type { DB } from "~/db.server";
import { absoluteUrl } from "~/links.server";
import { tFor } from "~/i18n/i18n.server";
import { calendarFeed } from "./calendar.server";
import { calendarEvent, getVisit, uidDomain, visitLinks } from "./visits.server";

export type FeedOwner = { type: "ambassador" | "school"; id: number };

export async function hasFeed(db: DB, owner: FeedOwner) {
  const row = await db.selectFrom("calendar_feed").select("id").where("owner_type", "=", owner.type).where("owner_id", "=", owner.id).where("revoked_at", "is", null).executeTakeFirst();
  return !!row;
}

/** A new private link; any earlier link of the same owner stops working. Returns the URL (shown once). */
export async function createFeed(db: DB, owner: FeedOwner) {
  const token = randomToken();
  await db.transaction().execute(async (trx) => {
    await revokeFeeds(trx, owner);
    await trx.insertInto("calendar_feed").values({ owner_type: owner.type, owner_id: owner.id, token_hash: sha256(token) }).execute();
  });
  return absoluteUrl(`/kalender/${token}.ics`);
}

export async function revokeFeeds(db: DB, owner: FeedOwner) {
  await db.updateTable("calendar_feed").set({ revoked_at: nowIso() }).where("owner_type", "=", owner.type).where("owner_id", "=", owner.id).where("revoked_at", "is", null).execute();
}

/** The feed's text for a token, or null when the token is unknown or revoked. */
export async function feedFor(db: DB, token: string, locale: string) {
  if (!looksLikeToken(token)) return null;
  const feed = await db.selectFrom("calendar_feed").select(["owner_type", "owner_id"]).where("token_hash", "=", sha256(token)).where("revoked_at", "is", null).executeTakeFirst();
  if (!feed) return null;
  const since = addDays(todayInStockholm(), -365);
  const ids = await db
    .selectFrom("visit")
    .select("id")
    .where(feed.owner_type === "ambassador" ? "ambassador_id" : "school_id", "=", feed.owner_id)
    .where("confirmed_at", "is not", null)
    .where("status", "in", ["confirmed", "completed", "cancelled", "no_show"])
    .where("start_at", ">=", since)
    .orderBy("start_at")
    .execute();
  const t = await tFor(locale);
  const events = [];
  for (const { id } of ids) {
    const visit = (await getVisit(db, id))!;
    const path = feed.owner_type === "ambassador" ? visitLinks.ambassador(visit) : visitLinks.school(visit);
    events.push(calendarEvent(visit, t, absoluteUrl(path)));
  }
  const owner =
    feed.owner_type === "school"
      ? (await db.selectFrom("school").select("name").where("id", "=", feed.owner_id).executeTakeFirst())?.name
      : (await db.selectFrom("ambassador").select("name").where("id", "=", feed.owner_id).executeTakeFirst())?.name;
  return calendarFeed(events, { uidDomain: uidDomain(), calendarName: t("visits:calendar.feedName", { owner: owner ?? "" }) });
}
