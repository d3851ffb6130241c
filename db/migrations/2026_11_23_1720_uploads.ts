import { sql, type Kysely } from "kysely";
import { nowDefault } from "../adapter";

// Frozen in time: this migration never imports app code.

/**
 * Resumable uploads (tus): who started each one, so that only she can continue it, and what
 * became of it. The id is the tus upload id (random, never a file name); the original name is kept
 * for display only, cleaned of path parts and direction controls.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowDefault(db);
  await db.schema
    .createTable("upload")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("original_name", "text")
    .addColumn("declared_size", "integer")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("uploading").check(sql`status in ('uploading', 'received', 'rejected', 'expired')`))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("upload_user_idx").on("upload").columns(["user_id", "status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("upload").execute();
}
