import type { DB } from "./db.server";

/** The active coordinators of a municipality: whom to tell about its ambassadors and schools. */
export function coordinatorsOf(db: DB, municipalityId: number) {
  return db
    .selectFrom("user_municipality")
    .innerJoin("app_user", "app_user.id", "user_municipality.user_id")
    .select(["app_user.name", "app_user.email", "app_user.locale"])
    .where("user_municipality.municipality_id", "=", municipalityId)
    .where("app_user.role", "=", "coordinator")
    .where("app_user.disabled_at", "is", null)
    .orderBy("app_user.name")
    .execute();
}
