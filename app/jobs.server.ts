import { sendVettingReminders } from "./ambassadors/pool.server";
import type { DB } from "./db.server";
import { startMailWorker } from "./mail.server";
import { expireRequests, sendVisitReminders } from "./visits/visits.server";
import { filmProcessor, markFailedJobs } from "./films/process.server";
import { sweepUploads } from "./films/tus.server";
import { runDueJobs } from "./jobs/queue.server";

/**
 * Background work in the server process: the mail outbox every few seconds, and the check for
 * criminal-record extracts about to run out every hour (each check is reminded about once); every
 * quarter hour, reminders 48 hours before confirmed visits and the expiry of requests nobody took;
 * every hour, the sweeper of abandoned uploads; every few seconds, the job queue (film processing),
 * one job at a time.
 */
export function startBackgroundJobs(db: DB) {
  const g = globalThis as unknown as { __vagvalJobs?: boolean };
  if (g.__vagvalJobs) return;
  g.__vagvalJobs = true;
  startMailWorker(db);
  const remind = () => sendVettingReminders(db).catch((error) => console.error("[jobs] vetting reminders failed", error));
  setTimeout(remind, 10_000).unref();
  setInterval(remind, 3600_000).unref();
  const visits = () =>
    Promise.all([sendVisitReminders(db), expireRequests(db)]).catch((error) => console.error("[jobs] visit reminders or expiry failed", error));
  setTimeout(visits, 15_000).unref();
  const sweep = () => sweepUploads().catch((error) => console.error("[jobs] upload sweeper failed", error));
  setInterval(sweep, 3600_000).unref();
  setInterval(visits, 15 * 60_000).unref();
  startJobWorker(db);
}

/** Runs due jobs every two seconds, never two rounds at once (a film may take minutes). */
export function startJobWorker(db: DB, pollMs = 2000) {
  const handlers = { "film.process": filmProcessor(db) };
  let busy = false;
  const round = async () => {
    if (busy) return;
    busy = true;
    try {
      for (;;) {
        const { done, failed } = await runDueJobs(db, handlers, { limit: 1 });
        if (done + failed === 0) break;
      }
      await markFailedJobs(db);
    } catch (error) {
      console.error("[jobs] job queue round failed", error);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(round, pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
