import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Database as Schema } from "./schema";

/** Opens the SQLite file with the settings every connection needs. */
export function openSqlite(file: string): Kysely<Schema> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // WAL: readers never wait for the writer, so pages stay fast while the mail worker or an import writes.
  sqlite.pragma("journal_mode = WAL");
  // SQLite leaves foreign keys off by default; we rely on them for cascades and integrity.
  sqlite.pragma("foreign_keys = ON");
  // Two processes (the app and a CLI, or test workers) may write at once: wait up to 5 s for the
  // lock instead of failing at once with SQLITE_BUSY.
  sqlite.pragma("busy_timeout = 5000");
  // Safe with WAL and much faster than FULL: a power cut can lose the last commit, never corrupt the file.
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * PostgreSQL, for the portability tests today and for a later move. Integer columns come back as
 * numbers (pg returns 64-bit counts as strings by default; ours are far below 2^53).
 */
export function openPostgres(connectionString: string): Kysely<Schema> {
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 5 }) }) });
}
