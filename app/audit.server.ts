import type { DB } from "./db.server";

/** Appends one entry to the audit log: who did what to which record, with before and after. */
export async function audit(
  database: DB,
  entry: { actorUserId: number | null; action: string; entityType: string; entityId?: string | number | null; before?: unknown; after?: unknown },
) {
  await database
    .insertInto("audit_log")
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
