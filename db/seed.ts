// CLI: npm run db:seed — reference data always; invented demo data when DEMO_MODE is on. Idempotent.
import { getEnv } from "../app/env.server";
import { openSqlite } from "./connection";
import { seedDemoData, seedReferenceData } from "./seed-data";

const env = getEnv();
const db = openSqlite(env.DATABASE_FILE);
try {
  await db.transaction().execute(async (trx) => {
    await seedReferenceData(trx);
    if (env.DEMO_MODE) await seedDemoData(trx);
  });
  console.log(env.DEMO_MODE ? "seeded reference data and demo data" : "seeded reference data (DEMO_MODE is off: no demo accounts)");
} catch (error) {
  console.error("seeding failed:", error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
