import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openSqlite } from "#db/connection";
import { migrateToLatest } from "#db/migrator";
import { seedDemoData, seedReferenceData } from "#db/seed-data";

export const TEST_ROOT = path.resolve("tmp/unit");
export const TEMPLATE = path.join(TEST_ROOT, "template.sqlite");

/**
 * Runs once: migrates and seeds one template database that every test file copies (a real SQLite
 * file per test file), and builds the app so the route-table test walks the real build.
 */
export default async function setup() {
  fs.rmSync(TEST_ROOT, { recursive: true, force: true });
  fs.mkdirSync(TEST_ROOT, { recursive: true });
  const db = openSqlite(TEMPLATE);
  await migrateToLatest(db);
  await seedReferenceData(db);
  await seedDemoData(db);
  await db.destroy();
  if (process.env.SKIP_BUILD !== "1") execFileSync("npx", ["remix", "build"], { stdio: "ignore" });
}
