// CLI: npm run db:migrate — applies every pending migration, printing each step; exits non-zero on failure.
import { getEnv } from "../app/env.server";
import { openSqlite } from "./connection";
import { migrateToLatest } from "./migrator";

const env = getEnv();
const db = openSqlite(env.DATABASE_FILE);
try {
  const results = await migrateToLatest(db, (line) => console.log(line));
  if (results.length === 0) console.log("database is up to date");
  console.log(`database: ${env.DATABASE_FILE}`);
} catch (error) {
  console.error("migration failed:", error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
