import { sql, type Kysely } from "kysely";
import { nowDefault, withId } from "../adapter";

// Frozen in time: this migration never imports app code.
const oneOf = (column: string, values: string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * Campaign films (issue 5): a film belongs to a campaign; its bytes arrive by a resumable upload
 * and are processed by the job queue (checked by content, probed, given a poster, hashed); it has
 * subtitles per language, documents (PDF working material), the ambassadors who appear in it (whose
 * film consent it needs), and view counts per day (no cookies, no addresses).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowDefault(db);
  await withId(db, db.schema.createTable("film"))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(oneOf("status", ["draft", "published", "withdrawn"])))
    .addColumn("withdrawn_reason", "text")
    // the bytes: none → processing → ready | failed
    .addColumn("processing", "text", (c) => c.notNull().defaultTo("none").check(oneOf("processing", ["none", "processing", "ready", "failed"])))
    .addColumn("error_key", "text")
    .addColumn("error_detail", "text")
    .addColumn("upload_id", "text", (c) => c.references("upload.id").onDelete("set null"))
    .addColumn("job_id", "integer", (c) => c.references("job.id").onDelete("set null"))
    .addColumn("original_name", "text")
    .addColumn("key", "text")
    .addColumn("content_type", "text")
    .addColumn("size_bytes", "integer")
    .addColumn("sha256", "text")
    .addColumn("duration_seconds", "real")
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    .addColumn("video_codec", "text")
    .addColumn("audio_codec", "text")
    .addColumn("poster_key", "text")
    .addColumn("poster_width", "integer")
    .addColumn("poster_source", "text", (c) => c.check(sql`poster_source is null or poster_source in ('frame', 'upload')`))
    .addColumn("created_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("published_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("film_campaign_idx").on("film").columns(["campaign_id", "status"]).execute();

  await withId(db, db.schema.createTable("film_subtitle"))
    .addColumn("film_id", "integer", (c) => c.notNull().references("film.id").onDelete("cascade"))
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("source_format", "text", (c) => c.notNull().check(oneOf("source_format", ["vtt", "srt"])))
    .addColumn("cues", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("film_subtitle_language", ["film_id", "language"])
    .execute();

  await withId(db, db.schema.createTable("film_document"))
    .addColumn("film_id", "integer", (c) => c.notNull().references("film.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("film_document_film_idx").on("film_document").column("film_id").execute();

  await db.schema
    .createTable("film_ambassador")
    .addColumn("film_id", "integer", (c) => c.notNull().references("film.id").onDelete("cascade"))
    .addColumn("ambassador_id", "integer", (c) => c.notNull().references("ambassador.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("film_ambassador_pk", ["film_id", "ambassador_id"])
    .execute();
  await db.schema.createIndex("film_ambassador_ambassador_idx").on("film_ambassador").column("ambassador_id").execute();

  await db.schema
    .createTable("film_view_daily")
    .addColumn("film_id", "integer", (c) => c.notNull().references("film.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("views", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("film_view_daily_pk", ["film_id", "day"])
    .execute();

  await db.schema.alterTable("upload").addColumn("film_id", "integer", (c) => c.references("film.id").onDelete("set null")).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("upload").dropColumn("film_id").execute();
  for (const table of ["film_view_daily", "film_ambassador", "film_document", "film_subtitle", "film"]) await db.schema.dropTable(table).execute();
}
