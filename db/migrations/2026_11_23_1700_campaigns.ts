import { sql, type Kysely } from "kysely";
import { nowDefault, withId } from "../adapter";

// Frozen in time: this migration never imports app code.
const oneOf = (column: string, values: string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * Campaigns (first part of issue 5): a campaign is the common thread ("röd tråd") that short films
 * share — its title, its thread, its period, target grades and sectors. Films, subtitles and
 * documents will hang off it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowDefault(db);
  await withId(db, db.schema.createTable("campaign"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("thread", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("starts_on", "text", (c) => c.notNull())
    .addColumn("ends_on", "text", (c) => c.notNull())
    .addColumn("grades_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("sectors_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(oneOf("status", ["draft", "published", "withdrawn"])))
    .addColumn("created_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addCheckConstraint("campaign_period", sql`ends_on >= starts_on`)
    .execute();
  await db.schema.createIndex("campaign_status_idx").on("campaign").columns(["status", "starts_on"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("campaign").execute();
}
