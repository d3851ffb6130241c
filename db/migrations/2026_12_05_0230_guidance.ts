import { sql, type Kysely } from "kysely";
import { dialectOf, nowDefault, withId } from "../adapter";

// Frozen in time: this migration never imports app code.
const oneOf = (column: string, values: string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * Guidance in the newcomer's own language (issue 6). Swedish is the source: its text lives on the
 * section with a revision number that grows with every change; every translation records the
 * revision it was made from, so "outdated" is a comparison, never a flag someone must remember to
 * set. Reading languages are rows (adding one needs no code), each with the language it falls back
 * to. The search index holds, per guide and language, the folded text the reader is shown.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowDefault(db);
  await db.schema
    .createTable("guide_language")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("native_name", "text", (c) => c.notNull())
    .addColumn("swedish_name", "text", (c) => c.notNull())
    // the language of the people who read it: which ambassadors and subtitles match (lättläst → sv)
    .addColumn("language_code", "text", (c) => c.notNull())
    .addColumn("html_lang", "text", (c) => c.notNull())
    .addColumn("hreflang", "text")
    .addColumn("dir", "text", (c) => c.notNull().defaultTo("ltr").check(oneOf("dir", ["ltr", "rtl"])))
    .addColumn("interface_language", "text", (c) => c.notNull().defaultTo("sv"))
    .addColumn("fallback_code", "text", (c) => c.references("guide_language.code"))
    .addColumn("is_source", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("sort_order", "integer", (c) => c.notNull().defaultTo(100))
    .execute();

  await withId(db, db.schema.createTable("guide"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("sector_id", "integer", (c) => c.references("sector.id").onDelete("set null"))
    .addColumn("film_id", "integer", (c) => c.references("film.id").onDelete("set null"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(oneOf("status", ["draft", "published"])))
    .addColumn("sort_order", "integer", (c) => c.notNull().defaultTo(100))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();

  await withId(db, db.schema.createTable("guide_section"))
    .addColumn("guide_id", "integer", (c) => c.notNull().references("guide.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().defaultTo("text").check(oneOf("kind", ["text", "fact", "material"])))
    .addColumn("figure", "text")
    .addColumn("source", "text")
    .addColumn("sort_order", "integer", (c) => c.notNull())
    .addColumn("heading", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("guide_section_key", ["guide_id", "key"])
    .execute();

  await withId(db, db.schema.createTable("guide_translation"))
    .addColumn("section_id", "integer", (c) => c.notNull().references("guide_section.id").onDelete("cascade"))
    .addColumn("language", "text", (c) => c.notNull().references("guide_language.code"))
    .addColumn("heading", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("source_revision", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(oneOf("status", ["draft", "published"])))
    // optimistic concurrency: a save names the version it was based on
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("native_reviewed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("translated_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("reviewed_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("reviewed_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("guide_translation_language", ["section_id", "language"])
    .execute();

  if (dialectOf(db) === "sqlite") {
    // FTS5 over text folded by the app (case, diacritics, Arabic vowel marks and letter forms)
    await sql`create virtual table guide_search using fts5(language unindexed, guide_id unindexed, content, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  } else {
    await db.schema
      .createTable("guide_search")
      .addColumn("language", "text", (c) => c.notNull())
      .addColumn("guide_id", "integer", (c) => c.notNull())
      .addColumn("content", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("guide_search_language_idx").on("guide_search").columns(["language", "guide_id"]).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["guide_search", "guide_translation", "guide_section", "guide", "guide_language"]) await db.schema.dropTable(table).execute();
}
