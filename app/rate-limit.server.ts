import { nowIso } from "#db/adapter";
import type { DB } from "./db.server";

/**
 * Counts an attempt under `key` and says whether it is still within `limit` per window. Kept in
 * the database (the login_attempt table), so limits hold across restarts and processes.
 */
export async function takeAttempt(db: DB, key: string, limit: number, windowMinutes: number): Promise<boolean> {
  const since = new Date(Date.now() - windowMinutes * 60_000).toISOString();
  // written first, counted after: parallel requests cannot all read the same old count
  await db.insertInto("login_attempt").values({ key, attempted_at: nowIso() }).execute();
  const row = await db
    .selectFrom("login_attempt")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("key", "=", key)
    .where("attempted_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n) <= limit;
}
