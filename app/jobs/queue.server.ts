/**
 * A restart-safe job queue in the database, for work that must not be lost and may take a while
 * (film processing). Enqueue inside the caller's transaction; a worker claims due jobs one by one
 * with a lock that runs out, so a job whose process died is taken again after a restart. A job that
 * throws is tried again with backoff and, after its last attempt, stays "failed" with the reason
 * until someone retries it.
 */
import { nowIso } from "#db/adapter";
import type { DB } from "~/db.server";

export type JobHandler = (payload: Record<string, unknown>, job: { id: number; attempts: number }) => Promise<void>;

/** How long a claimed job may run before another worker assumes its process died. */
export const JOB_LOCK_MS = 15 * 60_000;
const backoff = (attempts: number) => Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3600_000);

export async function enqueueJob(db: DB, kind: string, payload: Record<string, unknown> = {}, options: { maxAttempts?: number; runAfter?: Date } = {}) {
  const row = await db
    .insertInto("job")
    .values({ kind, payload_json: JSON.stringify(payload), max_attempts: options.maxAttempts ?? 3, ...(options.runAfter ? { run_after: options.runAfter.toISOString() } : {}) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Runs due jobs of the kinds given; returns how many finished and failed. */
export async function runDueJobs(db: DB, handlers: Record<string, JobHandler>, { limit = 10, now = new Date() } = {}) {
  const at = now.toISOString();
  const due = await db
    .selectFrom("job")
    .selectAll()
    .where("kind", "in", Object.keys(handlers).length ? Object.keys(handlers) : ["-"])
    .where((eb) => eb.or([eb.and([eb("status", "=", "queued"), eb("run_after", "<=", at)]), eb.and([eb("status", "=", "running"), eb("locked_until", "<", at)])]))
    .orderBy("id")
    .limit(limit)
    .execute();
  let done = 0;
  let failed = 0;
  for (const job of due) {
    // claim it: only if nobody else did in the meantime
    const claimed = await db
      .updateTable("job")
      .set({ status: "running", attempts: job.attempts + 1, locked_until: new Date(now.getTime() + JOB_LOCK_MS).toISOString() })
      .where("id", "=", job.id)
      .where("status", "=", job.status)
      .where("attempts", "=", job.attempts)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const attempts = job.attempts + 1;
    try {
      await handlers[job.kind](JSON.parse(job.payload_json), { id: job.id, attempts });
      await db.updateTable("job").set({ status: "done", locked_until: null, last_error: null, finished_at: nowIso() }).where("id", "=", job.id).execute();
      done++;
    } catch (error) {
      failed++;
      const last = attempts >= job.max_attempts;
      await db
        .updateTable("job")
        .set({
          status: last ? "failed" : "queued",
          locked_until: null,
          last_error: String((error as Error)?.message ?? error).slice(0, 1000),
          run_after: new Date(now.getTime() + backoff(attempts)).toISOString(),
          finished_at: last ? nowIso() : null,
        })
        .where("id", "=", job.id)
        .execute();
    }
  }
  return { done, failed };
}

/** Someone pressed "try again" on a failed job. */
export async function retryJob(db: DB, id: number) {
  const result = await db
    .updateTable("job")
    .set({ status: "queued", attempts: 0, run_after: nowIso(), locked_until: null, finished_at: null })
    .where("id", "=", id)
    .where("status", "=", "failed")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
