import { Migrator, type Kysely, type MigrationResultSet } from "kysely";
import { migrations } from "./migrations/index";

export function createMigrator(db: Kysely<any>) {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

export async function migrateToLatest(db: Kysely<any>, log: (line: string) => void = () => {}) {
  const { error, results }: MigrationResultSet = await createMigrator(db).migrateToLatest();
  for (const r of results ?? []) log(`${r.status === "Success" ? "applied" : r.status}: ${r.migrationName}`);
  if (error) throw error;
  return results ?? [];
}
