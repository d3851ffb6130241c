import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, Migrator, type Kysely, type MigrationResultSet } from "kysely";

const here = path.dirname(fileURLToPath(import.meta.url));

export function createMigrator(db: Kysely<any>) {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: path.join(here, "migrations") }),
  });
}

export async function migrateToLatest(db: Kysely<any>, log: (line: string) => void = () => {}) {
  const { error, results }: MigrationResultSet = await createMigrator(db).migrateToLatest();
  for (const r of results ?? []) log(`${r.status === "Success" ? "applied" : r.status}: ${r.migrationName}`);
  if (error) throw error;
  return results ?? [];
}
