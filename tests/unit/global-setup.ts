import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openSqlite } from "#db/connection";
import { migrateToLatest } from "#db/migrator";
import { seedDemoData, seedReferenceData } from "#db/seed-data";

import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    unitRoot: string;
  }
}

/**
 * Runs once: migrates and seeds one template database that every test file copies (a real SQLite
 * file per test file), and builds the app so the route-table test walks the real build.
 */
export default async function setup(project: TestProject) {
  // One folder per run, so two runs at once (a developer's and a helper's) never share files.
  fs.mkdirSync(path.resolve("tmp/unit"), { recursive: true });
  const root = fs.mkdtempSync(path.join(path.resolve("tmp/unit"), "run-"));
  project.provide("unitRoot", root);
  const db = openSqlite(path.join(root, "template.sqlite"));
  await migrateToLatest(db);
  await seedReferenceData(db);
  await seedDemoData(db);
  await db.destroy();
  // A production build, as the server runs it (vitest sets NODE_ENV=test, which would make a development build).
  if (process.env.SKIP_BUILD !== "1") execFileSync("npx", ["remix", "build"], { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
  return () => fs.rmSync(root, { recursive: true, force: true });
}
