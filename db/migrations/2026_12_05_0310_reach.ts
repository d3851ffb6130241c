import { sql, type Kysely } from "kysely";
import { nowDefault, withId } from "../adapter";

// Frozen in time: this migration never imports app code.
const oneOf = (column: string, values: string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * Reach from grade 5 to the gymnasium choice (issue 7): imported official counts (pupils per
 * municipality, school year and grade; first-choice applicants per municipality, year and
 * national programme), each import recorded, and the schools' own grade-9 reports (first choices
 * per class group and programme, counts only). No row here is about a person.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowDefault(db);
  await withId(db, db.schema.createTable("statistics_import"))
    .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["pupils", "applicants"])))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("encoding", "text", (c) => c.notNull())
    .addColumn("row_count", "integer", (c) => c.notNull())
    .addColumn("inserted", "integer", (c) => c.notNull())
    .addColumn("updated", "integer", (c) => c.notNull())
    .addColumn("unchanged", "integer", (c) => c.notNull())
    .addColumn("imported_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();

  await withId(db, db.schema.createTable("pupil_count"))
    .addColumn("municipality_id", "integer", (c) => c.notNull().references("municipality.id"))
    // the calendar year in which the school year ends (2025/26 → 2026)
    .addColumn("school_year", "integer", (c) => c.notNull())
    .addColumn("grade", "integer", (c) => c.notNull().check(sql`grade between 0 and 9`))
    .addColumn("pupils", "integer", (c) => c.notNull().check(sql`pupils >= 0`))
    .addColumn("import_id", "integer", (c) => c.references("statistics_import.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("pupil_count_key", ["municipality_id", "school_year", "grade"])
    .execute();

  await withId(db, db.schema.createTable("applicant_count"))
    .addColumn("municipality_id", "integer", (c) => c.notNull().references("municipality.id"))
    // the spring of the application, = the year the cohort leaves grade 9
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("programme_id", "integer", (c) => c.notNull().references("gymnasium_programme.id"))
    .addColumn("applicants", "integer", (c) => c.notNull().check(sql`applicants >= 0`))
    .addColumn("import_id", "integer", (c) => c.references("statistics_import.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("applicant_count_key", ["municipality_id", "year", "programme_id"])
    .execute();

  await db.schema
    .createTable("class_group_choice")
    .addColumn("class_group_id", "integer", (c) => c.notNull().references("class_group.id").onDelete("cascade"))
    .addColumn("programme_id", "integer", (c) => c.notNull().references("gymnasium_programme.id"))
    .addColumn("first_choice", "integer", (c) => c.notNull().check(sql`first_choice >= 0`))
    .addColumn("reported_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("reported_at", "text", (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint("class_group_choice_pk", ["class_group_id", "programme_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["class_group_choice", "applicant_count", "pupil_count", "statistics_import"]) await db.schema.dropTable(table).execute();
}
