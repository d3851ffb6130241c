/**
 * The job queue in the database: jobs run once, a job whose process died is taken again after its
 * lock runs out (a restart), failures are retried with backoff and then kept with their reason,
 * and a failed job can be retried by hand.
 */
import { db } from "~/db.server";
import { enqueueJob, JOB_LOCK_MS, retryJob, runDueJobs } from "~/jobs/queue.server";

const job = (id: number) => db.selectFrom("job").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

test("a job runs once with its payload", async () => {
  const seen: unknown[] = [];
  const id = await enqueueJob(db, "test.once", { film: 7 });
  expect(await runDueJobs(db, { "test.once": async (p) => void seen.push(p) })).toEqual({ done: 1, failed: 0 });
  expect(await runDueJobs(db, { "test.once": async (p) => void seen.push(p) })).toEqual({ done: 0, failed: 0 });
  expect(seen).toEqual([{ film: 7 }]);
  expect((await job(id)).status).toBe("done");
});

test("a job whose process died is taken again after a restart, once its lock has run out", async () => {
  const id = await enqueueJob(db, "test.crash");
  // a worker claims it and dies: simulate by claiming with a handler that never finishes
  const never = runDueJobs(db, { "test.crash": () => new Promise<void>(() => {}) });
  await new Promise((r) => setTimeout(r, 50));
  expect((await job(id)).status).toBe("running");
  void never;
  // a new process right away does not take it; one after the lock does
  const ran: number[] = [];
  expect(await runDueJobs(db, { "test.crash": async (_p, j) => void ran.push(j.attempts) })).toEqual({ done: 0, failed: 0 });
  expect(await runDueJobs(db, { "test.crash": async (_p, j) => void ran.push(j.attempts) }, { now: new Date(Date.now() + JOB_LOCK_MS + 1000) })).toEqual({ done: 1, failed: 0 });
  expect(ran).toEqual([2]);
  expect((await job(id)).status).toBe("done");
});

test("a failing job is retried with backoff, then kept as failed with its reason, and can be retried", async () => {
  const id = await enqueueJob(db, "test.fail", {}, { maxAttempts: 2 });
  const failing = { "test.fail": async () => Promise.reject(new Error("ffprobe: Invalid data found when processing input")) };
  expect(await runDueJobs(db, failing)).toEqual({ done: 0, failed: 1 });
  let row = await job(id);
  expect(row.status).toBe("queued");
  expect(row.run_after > new Date().toISOString()).toBe(true);
  expect(await runDueJobs(db, failing)).toEqual({ done: 0, failed: 0 }); // not due yet
  expect(await runDueJobs(db, failing, { now: new Date(Date.now() + 3600_000) })).toEqual({ done: 0, failed: 1 });
  row = await job(id);
  expect(row.status).toBe("failed");
  expect(row.last_error).toContain("Invalid data");
  expect(await retryJob(db, id)).toBe(true);
  expect(await retryJob(db, id)).toBe(false);
  expect(await runDueJobs(db, { "test.fail": async () => {} })).toEqual({ done: 1, failed: 0 });
});

test("only the kinds a worker knows are taken", async () => {
  const id = await enqueueJob(db, "test.other");
  expect(await runDueJobs(db, { "test.once": async () => {} })).toEqual({ done: 0, failed: 0 });
  expect((await job(id)).status).toBe("queued");
});
