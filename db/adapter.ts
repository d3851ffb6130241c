/**
 * The one place that knows which SQL dialect is underneath. Migrations and repositories ask this
 * module instead of writing SQLite-only SQL, so that PostgreSQL can be added as a second dialect.
 */
import type { CreateTableBuilder, Kysely } from "kysely";
import { SqliteAdapter, sql } from "kysely";

export type DialectName = "sqlite" | "postgres";

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof SqliteAdapter ? "sqlite" : "postgres";
}

/** An auto-numbered integer primary key: INTEGER PRIMARY KEY AUTOINCREMENT in SQLite, SERIAL in PostgreSQL. */
export function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  return dialectOf(db) === "sqlite"
    ? table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    : table.addColumn("id", "serial", (c) => c.primaryKey());
}

/** Current time as an ISO-8601 string, the format every timestamp column uses. */
export const nowIso = () => new Date().toISOString();

/** Default for created_at columns: the database's own clock in ISO-8601 UTC. */
export function nowDefault(db: Kysely<any>) {
  return dialectOf(db) === "sqlite"
    ? sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`
    : sql`(to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
}


/** True when a JSON array stored as text in `column` contains `value` (ambassadors' languages). */
export function jsonArrayContains(db: Kysely<any>, column: string, value: string) {
  return dialectOf(db) === "sqlite"
    ? sql<boolean>`exists (select 1 from json_each(${sql.ref(column)}) where json_each.value = ${value})`
    : sql<boolean>`(${sql.ref(column)})::jsonb ? ${value}`;
}

/** Whether an error is a unique-constraint violation, in either database. */
export function isUniqueViolation(error: unknown) {
  const e = error as { code?: string; message?: string };
  return e?.code === "SQLITE_CONSTRAINT_UNIQUE" || e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY" || e?.code === "23505";
}

/** The values of a column joined with ", " (an aggregate): group_concat in SQLite, string_agg in PostgreSQL. */
export function joinedValues(db: Kysely<any>, column: string) {
  return dialectOf(db) === "sqlite" ? sql<string>`group_concat(${sql.ref(column)}, ', ')` : sql<string>`string_agg(${sql.ref(column)}, ', ')`;
}
