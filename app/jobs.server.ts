import { sendVettingReminders } from "./ambassadors/pool.server";
import type { DB } from "./db.server";
import { startMailWorker } from "./mail.server";

/**
 * Background work in the server process: the mail outbox every few seconds, and the check for
 * criminal-record extracts about to run out every hour (each check is reminded about once).
 */
export function startBackgroundJobs(db: DB) {
  const g = globalThis as unknown as { __vagvalJobs?: boolean };
  if (g.__vagvalJobs) return;
  g.__vagvalJobs = true;
  startMailWorker(db);
  const remind = () => sendVettingReminders(db).catch((error) => console.error("[jobs] vetting reminders failed", error));
  setTimeout(remind, 10_000).unref();
  setInterval(remind, 3600_000).unref();
}
