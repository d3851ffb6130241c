import { sql, type Kysely } from "kysely";
import { nowDefault, withId } from "../adapter";

// Frozen in time: this migration never imports app code.
const oneOf = (column: string, values: string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * School visits. Times are wall-clock times in Europe/Stockholm, "YYYY-MM-DDTHH:MM", as schools
 * write them (text compares as time does). A visit is the school's request and, once matched, the
 * booking; proposals keep the history of who was asked and what she answered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowDefault(db);
  await withId(db, db.schema.createTable("visit"))
    .addColumn("school_id", "integer", (c) => c.notNull().references("school.id").onDelete("cascade"))
    .addColumn("requested_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("format", "text", (c) => c.notNull().check(oneOf("format", ["on_site", "digital"])))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("requested").check(oneOf("status", ["requested", "proposed", "accepted", "confirmed", "completed", "cancelled", "no_show", "expired"])),
    )
    // wishes
    .addColumn("sector_id", "integer", (c) => c.references("sector.id"))
    .addColumn("occupation", "text")
    .addColumn("languages_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("prefer_female", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("message", "text")
    // the booking: who and when (set by a proposal, kept when confirmed)
    .addColumn("ambassador_id", "integer", (c) => c.references("ambassador.id").onDelete("set null"))
    .addColumn("start_at", "text")
    .addColumn("end_at", "text")
    .addColumn("sequence", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("confirmed_at", "text")
    .addColumn("reminder_sent_at", "text")
    .addColumn("cancel_reason", "text")
    .addColumn("cancelled_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("cancelled_at", "text")
    // after the visit
    .addColumn("rating", "integer", (c) => c.check(sql`rating is null or rating between 1 and 5`))
    .addColumn("rating_comment", "text")
    .addColumn("reported_at", "text")
    .addColumn("reflection", "text")
    .addColumn("reflection_at", "text")
    .addColumn("survey_token", "text", (c) => c.notNull().unique())
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("visit_school_idx").on("visit").columns(["school_id", "status"]).execute();
  // Matching reads an ambassador's visits by state and time: this index serves it without statistics
  // (see bench/README.md: with (ambassador_id, start_at) SQLite preferred the status index and read a year of visits).
  await db.schema.createIndex("visit_ambassador_idx").on("visit").columns(["ambassador_id", "status", "start_at"]).execute();
  await db.schema.createIndex("ambassador_company_idx").on("ambassador").column("company_id").execute();
  await db.schema.createIndex("visit_status_idx").on("visit").columns(["status", "start_at"]).execute();

  await withId(db, db.schema.createTable("visit_window"))
    .addColumn("visit_id", "integer", (c) => c.notNull().references("visit.id").onDelete("cascade"))
    .addColumn("start_at", "text", (c) => c.notNull())
    .addColumn("end_at", "text", (c) => c.notNull())
    .addCheckConstraint("visit_window_order", sql`end_at > start_at`)
    .execute();
  await db.schema.createIndex("visit_window_visit_idx").on("visit_window").column("visit_id").execute();

  // Counts only: how many pupils of the group were reached, never who.
  await db.schema
    .createTable("visit_class_group")
    .addColumn("visit_id", "integer", (c) => c.notNull().references("visit.id").onDelete("cascade"))
    .addColumn("class_group_id", "integer", (c) => c.notNull().references("class_group.id").onDelete("cascade"))
    .addColumn("pupils_reached", "integer", (c) => c.check(sql`pupils_reached is null or pupils_reached >= 0`))
    .addPrimaryKeyConstraint("visit_class_group_pk", ["visit_id", "class_group_id"])
    .execute();
  await db.schema.createIndex("visit_class_group_group_idx").on("visit_class_group").column("class_group_id").execute();

  await withId(db, db.schema.createTable("visit_proposal"))
    .addColumn("visit_id", "integer", (c) => c.notNull().references("visit.id").onDelete("cascade"))
    .addColumn("ambassador_id", "integer", (c) => c.notNull().references("ambassador.id").onDelete("cascade"))
    .addColumn("start_at", "text", (c) => c.notNull())
    .addColumn("end_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("proposed").check(oneOf("status", ["proposed", "accepted", "declined", "withdrawn", "confirmed", "lapsed", "cancelled"])),
    )
    .addColumn("reasons_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("note", "text")
    .addColumn("proposed_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("decided_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("visit_proposal_visit_idx").on("visit_proposal").columns(["visit_id", "status"]).execute();
  await db.schema.createIndex("visit_proposal_ambassador_idx").on("visit_proposal").columns(["ambassador_id", "status"]).execute();

  // The database-level guarantee against double booking: a confirmed visit holds every quarter
  // hour it occupies (with travel time around on-site visits) for its ambassador; the primary key
  // lets only one visit hold a quarter, whatever the application does.
  await db.schema
    .createTable("booking_slot")
    .addColumn("ambassador_id", "integer", (c) => c.notNull().references("ambassador.id").onDelete("cascade"))
    .addColumn("quarter", "text", (c) => c.notNull())
    .addColumn("visit_id", "integer", (c) => c.notNull().references("visit.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("booking_slot_pk", ["ambassador_id", "quarter"])
    .execute();
  await db.schema.createIndex("booking_slot_visit_idx").on("booking_slot").column("visit_id").execute();

  // Private calendar subscriptions: the link is the secret, stored hashed, revocable.
  await withId(db, db.schema.createTable("calendar_feed"))
    .addColumn("owner_type", "text", (c) => c.notNull().check(oneOf("owner_type", ["ambassador", "school"])))
    .addColumn("owner_id", "integer", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("calendar_feed_owner_idx").on("calendar_feed").columns(["owner_type", "owner_id"]).execute();

  // The pupils' anonymous answers: no login, no address, no device id; the day only.
  await withId(db, db.schema.createTable("survey_response"))
    .addColumn("visit_id", "integer", (c) => c.notNull().references("visit.id").onDelete("cascade"))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("knows_more", "text", (c) => c.notNull().check(oneOf("knows_more", ["yes", "maybe", "no"])))
    .addColumn("could_work", "text", (c) => c.notNull().check(oneOf("could_work", ["yes", "maybe", "no"])))
    .addColumn("vocational_programme", "text", (c) => c.notNull().check(oneOf("vocational_programme", ["yes", "maybe", "no"])))
    .addColumn("answered_on", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("survey_response_visit_idx").on("survey_response").column("visit_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["survey_response", "calendar_feed", "booking_slot", "visit_proposal", "visit_class_group", "visit_window", "visit"])
    await db.schema.dropTable(table).execute();
  await db.schema.dropIndex("ambassador_company_idx").execute();
}
