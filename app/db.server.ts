import type { Kysely } from "kysely";
import { openSqlite } from "#db/connection";
import type { Database } from "#db/schema";
import { getEnv } from "./env.server";

// One Kysely instance per process, kept across dev-server rebuilds.
const globalForDb = globalThis as unknown as { __vagvalDb?: Kysely<Database> };

export const db: Kysely<Database> = (globalForDb.__vagvalDb ??= openSqlite(getEnv().DATABASE_FILE));

export type DB = Kysely<Database>;
