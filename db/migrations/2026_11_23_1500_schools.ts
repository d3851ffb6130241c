import { sql, type Kysely } from "kysely";
import { nowDefault, withId } from "../adapter";

// Frozen in time: this migration never imports app code.
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowDefault(db);
  // Schools registered by their staff wait for the coordinator; those that exist already are approved.
  await db.schema
    .alterTable("school")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("approved").check(sql`status in ('pending', 'approved', 'rejected')`))
    .execute();
  await db.schema.alterTable("school").addColumn("grades_json", "text", (c) => c.notNull().defaultTo("[]")).execute();
  await db.schema.alterTable("school").addColumn("registered_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null")).execute();

  // A class group is an aggregate: a label and a count, never a pupil. It keeps its identity over the
  // years through the year it leaves grade 9; its current grade is derived from that and the date.
  await withId(db, db.schema.createTable("class_group"))
    .addColumn("school_id", "integer", (c) => c.notNull().references("school.id").onDelete("cascade"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("leaves_grade9_year", "integer", (c) => c.notNull())
    .addColumn("pupils", "integer", (c) => c.notNull().check(sql`pupils between 1 and 40`))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("archived_at", "text")
    .addUniqueConstraint("class_group_school_label_year", ["school_id", "label", "leaves_grade9_year"])
    .execute();

  await withId(db, db.schema.createTable("school_holiday"))
    .addColumn("municipality_id", "integer", (c) => c.notNull().references("municipality.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("from_date", "text", (c) => c.notNull())
    .addColumn("to_date", "text", (c) => c.notNull())
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("school_holiday_municipality_idx").on("school_holiday").columns(["municipality_id", "from_date"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("school_holiday").execute();
  await db.schema.dropTable("class_group").execute();
  await db.schema.alterTable("school").dropColumn("registered_by_user_id").execute();
  await db.schema.alterTable("school").dropColumn("grades_json").execute();
  await db.schema.alterTable("school").dropColumn("status").execute();
}
