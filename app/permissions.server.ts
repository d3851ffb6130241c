/**
 * Who may see and change what. Every loader and action goes through requireUser:
 *  - nobody signed in          → redirect to /logga-in (with redirectTo)
 *  - signed in, wrong role     → 403
 *  - right role, record outside the user's municipalities or school → 404, so that the
 *    existence of other municipalities' records is not revealed.
 * Admins pass every scope check. Coordinators pass for their municipalities and the schools in
 * them; school staff for their own school only.
 */
import type { Role } from "#db/schema";
import { requireSignedIn, type SessionUser } from "./auth.server";
import { db, type DB } from "./db.server";

export type Scope = {
  role?: Role | readonly Role[];
  /** municipality id of the record being read or changed */
  municipality?: number | null;
  /** school id of the record being read or changed */
  school?: number | null;
};

export const forbidden = () => new Response("Forbidden", { status: 403, statusText: "Forbidden" });
export const notFound = () => new Response("Not Found", { status: 404, statusText: "Not Found" });

export function hasRole(user: SessionUser, role: Scope["role"]) {
  if (!role) return true;
  const roles = typeof role === "string" ? [role] : role;
  return roles.includes(user.role);
}

export function canSeeMunicipality(user: SessionUser, municipalityId: number) {
  return user.role === "admin" || (user.role === "coordinator" && user.municipalityIds.includes(municipalityId));
}

export async function canSeeSchool(user: SessionUser, schoolId: number, database: DB = db) {
  if (user.role === "admin") return true;
  if (user.role === "school_staff") return user.schoolId === schoolId;
  if (user.role === "coordinator") {
    const school = await database.selectFrom("school").select("municipality_id").where("id", "=", schoolId).executeTakeFirst();
    return !!school && user.municipalityIds.includes(school.municipality_id);
  }
  return false;
}

export async function requireUser(request: Request, scope: Scope = {}, database: DB = db): Promise<SessionUser> {
  const user = await requireSignedIn(request, database);
  if (!hasRole(user, scope.role)) throw forbidden();
  if (scope.municipality !== undefined && (scope.municipality === null || !canSeeMunicipality(user, scope.municipality)))
    throw notFound();
  if (scope.school !== undefined && (scope.school === null || !(await canSeeSchool(user, scope.school, database))))
    throw notFound();
  return user;
}

/** For lists: the municipality ids a user may see, or "all". */
export function municipalityScope(user: SessionUser): number[] | "all" {
  if (user.role === "admin") return "all";
  return user.role === "coordinator" ? user.municipalityIds : [];
}
