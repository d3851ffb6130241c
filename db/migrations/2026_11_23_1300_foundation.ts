import { sql, type Kysely } from "kysely";
import { nowDefault, withId } from "../adapter";

// Frozen in time: this migration never imports app code.
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowDefault(db);

  await withId(db, db.schema.createTable("municipality"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("county", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();

  await withId(db, db.schema.createTable("sector"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("sort_order", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, db.schema.createTable("gymnasium_programme"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sqlIn(["vocational", "preparatory"], "kind")))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(db, db.schema.createTable("school"))
    .addColumn("municipality_id", "integer", (c) => c.notNull().references("municipality.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("unit_code", "text", (c) => c.unique())
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("school_municipality_idx").on("school").column("municipality_id").execute();

  await withId(db, db.schema.createTable("app_user"))
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) =>
      c.notNull().check(sqlIn(["admin", "coordinator", "school_staff", "ambassador", "communicator", "translator"], "role")),
    )
    .addColumn("password_hash", "text")
    .addColumn("school_id", "integer", (c) => c.references("school.id"))
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("sv"))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("disabled_at", "text")
    .execute();

  await db.schema
    .createTable("user_municipality")
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("municipality_id", "integer", (c) => c.notNull().references("municipality.id"))
    .addPrimaryKeyConstraint("user_municipality_pk", ["user_id", "municipality_id"])
    .execute();

  await db.schema
    .createTable("session")
    .addColumn("id", "text", (c) => c.primaryKey()) // SHA-256 of the cookie token, never the token itself
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("session_user_idx").on("session").column("user_id").execute();

  await withId(db, db.schema.createTable("auth_token"))
    .addColumn("purpose", "text", (c) => c.notNull().check(sqlIn(["invitation", "password_reset"], "purpose")))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("created_by", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();

  await withId(db, db.schema.createTable("login_attempt"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("attempted_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_attempt_key_idx").on("login_attempt").columns(["key", "attempted_at"]).execute();

  await withId(db, db.schema.createTable("mail_outbox"))
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text")
    .addColumn("attachments_json", "text")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sqlIn(["pending", "sending", "sent", "failed"], "status")),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("message_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("mail_outbox_due_idx").on("mail_outbox").columns(["status", "next_attempt_at"]).execute();

  await withId(db, db.schema.createTable("audit_log"))
    .addColumn("actor_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "text")
    .addColumn("before_json", "text")
    .addColumn("after_json", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("audit_log_entity_idx").on("audit_log").columns(["entity_type", "entity_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "audit_log",
    "mail_outbox",
    "login_attempt",
    "auth_token",
    "session",
    "user_municipality",
    "app_user",
    "school",
    "gymnasium_programme",
    "sector",
    "municipality",
  ])
    await db.schema.dropTable(table).execute();
}

function sqlIn(values: string[], column: string) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
