import { sql, type Kysely } from "kysely";
import { nowDefault, withId } from "../adapter";

// Frozen in time: this migration never imports app code.
const oneOf = (column: string, values: string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

export async function up(db: Kysely<any>): Promise<void> {
  const now = nowDefault(db);

  // Languages are data: adding one needs no code (used by ambassadors now, guidance later).
  await db.schema
    .createTable("language")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("native_name", "text", (c) => c.notNull())
    .addColumn("swedish_name", "text", (c) => c.notNull())
    .addColumn("dir", "text", (c) => c.notNull().defaultTo("ltr").check(oneOf("dir", ["ltr", "rtl"])))
    .addColumn("sort_order", "integer", (c) => c.notNull().defaultTo(100))
    .execute();

  await withId(db, db.schema.createTable("company"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("org_number", "text", (c) => c.notNull().unique())
    .addColumn("municipality_id", "integer", (c) => c.notNull().references("municipality.id"))
    .addColumn("sector_id", "integer", (c) => c.references("sector.id"))
    .addColumn("contact_name", "text")
    .addColumn("contact_email", "text")
    .addColumn("contact_phone", "text")
    .addColumn("monthly_visit_cap", "integer", (c) => c.notNull().defaultTo(6))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();

  await withId(db, db.schema.createTable("ambassador"))
    .addColumn("user_id", "integer", (c) => c.unique().references("app_user.id").onDelete("set null"))
    .addColumn("municipality_id", "integer", (c) => c.notNull().references("municipality.id"))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("applied").check(oneOf("status", ["applied", "approved", "active", "paused", "alumni", "rejected"])),
    )
    // Personal data: every column from here to photo_key is emptied on erasure.
    .addColumn("name", "text")
    .addColumn("email", "text", (c) => c.unique())
    .addColumn("phone", "text")
    .addColumn("employer_name", "text")
    .addColumn("occupation", "text")
    .addColumn("education_path", "text")
    .addColumn("story", "text")
    .addColumn("gender", "text", (c) => c.check(sql`gender is null or ${oneOf("gender", ["female", "male", "other"])}`))
    .addColumn("photo_key", "text")
    .addColumn("photo_width", "integer")
    .addColumn("photo_height", "integer")
    // Not personal on their own: kept after erasure so reach figures stay right.
    .addColumn("company_id", "integer", (c) => c.references("company.id").onDelete("set null"))
    .addColumn("sector_id", "integer", (c) => c.references("sector.id"))
    .addColumn("languages_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("formats_json", "text", (c) => c.notNull().defaultTo('["on_site"]'))
    .addColumn("grades_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("max_visits_per_month", "integer", (c) => c.notNull().defaultTo(2))
    .addColumn("rejection_reason", "text")
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("sv"))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("erased_at", "text")
    .execute();
  await db.schema.createIndex("ambassador_municipality_status_idx").on("ambassador").columns(["municipality_id", "status"]).execute();

  // Registerutdrag: only that it was shown, when, and who checked it. Never the extract itself.
  await withId(db, db.schema.createTable("ambassador_vetting"))
    .addColumn("ambassador_id", "integer", (c) => c.notNull().references("ambassador.id").onDelete("cascade"))
    .addColumn("shown_on", "text", (c) => c.notNull())
    .addColumn("checked_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("checked_by_name", "text", (c) => c.notNull())
    .addColumn("recorded_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("reminder_sent_at", "text")
    .execute();
  await db.schema.createIndex("ambassador_vetting_ambassador_idx").on("ambassador_vetting").columns(["ambassador_id", "shown_on"]).execute();

  await withId(db, db.schema.createTable("training_module"))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("description", "text")
    .addColumn("required", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("sort_order", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("ambassador_training")
    .addColumn("ambassador_id", "integer", (c) => c.notNull().references("ambassador.id").onDelete("cascade"))
    .addColumn("module_id", "integer", (c) => c.notNull().references("training_module.id"))
    .addColumn("completed_on", "text", (c) => c.notNull())
    .addColumn("recorded_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addPrimaryKeyConstraint("ambassador_training_pk", ["ambassador_id", "module_id"])
    .execute();

  // Consent texts are versioned; the wording lives in the locales under consent.<kind>.v<version>.
  await withId(db, db.schema.createTable("consent_text"))
    .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["profile", "photo", "films"])))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("consent_text_kind_version", ["kind", "version"])
    .execute();

  await withId(db, db.schema.createTable("ambassador_consent"))
    .addColumn("ambassador_id", "integer", (c) => c.notNull().references("ambassador.id").onDelete("cascade"))
    .addColumn("consent_text_id", "integer", (c) => c.notNull().references("consent_text.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("given_at", "text", (c) => c.notNull())
    .addColumn("withdrawn_at", "text")
    .execute();
  await db.schema.createIndex("ambassador_consent_idx").on("ambassador_consent").columns(["ambassador_id", "kind"]).execute();

  await withId(db, db.schema.createTable("availability_slot"))
    .addColumn("ambassador_id", "integer", (c) => c.notNull().references("ambassador.id").onDelete("cascade"))
    .addColumn("weekday", "integer", (c) => c.notNull().check(sql`weekday between 1 and 7`))
    .addColumn("start_time", "text", (c) => c.notNull())
    .addColumn("end_time", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("availability_slot_ambassador_idx").on("availability_slot").column("ambassador_id").execute();

  await withId(db, db.schema.createTable("blackout"))
    .addColumn("ambassador_id", "integer", (c) => c.notNull().references("ambassador.id").onDelete("cascade"))
    .addColumn("from_date", "text", (c) => c.notNull())
    .addColumn("to_date", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .execute();
  await db.schema.createIndex("blackout_ambassador_idx").on("blackout").column("ambassador_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "blackout",
    "availability_slot",
    "ambassador_consent",
    "consent_text",
    "ambassador_training",
    "training_module",
    "ambassador_vetting",
    "ambassador",
    "company",
    "language",
  ])
    await db.schema.dropTable(table).execute();
}
