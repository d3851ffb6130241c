import { sql, type Kysely } from "kysely";
import { nowDefault, withId } from "../adapter";

// Frozen in time: this migration never imports app code.

/**
 * A job queue in the database (for film processing: probing, poster frames, image variants,
 * subtitle conversion, checksums). A job survives a restart: one claimed by a process that died is
 * taken again when its lock runs out; a failed job keeps its reason and can be retried.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowDefault(db);
  await withId(db, db.schema.createTable("job"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload_json", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("queued").check(sql`status in ('queued', 'running', 'done', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull().defaultTo(3))
    .addColumn("run_after", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("job_due_idx").on("job").columns(["status", "run_after"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("job").execute();
}
