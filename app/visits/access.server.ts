/**
 * Who may open a visit: the school's staff (and its municipality's coordinators and admins) through
 * the school's pages, coordinators of the school's municipality through the board, and an
 * ambassador only for visits booked with or proposed to her. Anything else is 404.
 */
import { data, redirect } from "@remix-run/node";
import type { Role } from "#db/schema";
import type { SessionUser } from "~/auth.server";
import { db } from "~/db.server";
import { PoolError } from "~/errors";
import { canSeeMunicipality, notFound, requireUser } from "~/permissions.server";
import { badRequest, parseForm } from "~/forms.server";
import { cancelSchema } from "./schemas";
import { ambassadorIdOf, cancel, getVisit, visitConcernsAmbassador, VisitError } from "./visits.server";
import { idParam } from "~/request.server";

export async function visitForSchool(request: Request, params: { id?: string; visitId?: string }, roles: readonly Role[]) {
  const schoolId = idParam(params.id);
  const user = await requireUser(request, { role: roles, school: schoolId });
  const visitId = idParam(params.visitId);
  const visit = visitId ? await getVisit(db, visitId) : null;
  if (!visit || visit.school_id !== schoolId) throw notFound();
  return { user, visit };
}

export async function visitForCoordinator(request: Request, params: { visitId?: string }) {
  const user = await requireUser(request, { role: ["coordinator", "admin"] });
  const visitId = idParam(params.visitId);
  const visit = visitId ? await getVisit(db, visitId) : null;
  if (!visit || !canSeeMunicipality(user, visit.municipality_id)) throw notFound();
  return { user, visit };
}

export async function visitForAmbassador(request: Request, params: { visitId?: string }) {
  const user: SessionUser = await requireUser(request, { role: "ambassador" });
  const ambassadorId = await ambassadorIdOf(db, user.id);
  const visitId = idParam(params.visitId);
  if (!ambassadorId || !visitId || !(await visitConcernsAmbassador(db, visitId, ambassadorId))) throw notFound();
  return { user, ambassadorId, visit: (await getVisit(db, visitId))! };
}

export async function languageNames() {
  const rows = await db.selectFrom("language").select(["code", "native_name"]).execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.native_name]));
}

/** The cancel form of any visit page: a reason is required; every party is told (visits.server cancel()). */
export async function cancelFromForm(form: FormData, visitId: number, actor: SessionUser, back: string) {
  const parsed = parseForm(form, cancelSchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  await cancel(db, { visitId, reason: parsed.data.reason, actor });
  throw redirect(`${back}?avbokad=1`);
}

/** An expected refusal as the page's error answer: 400 for bad input, 409 when the state moved on. */
export function refusal(error: unknown, values: Record<string, string> = {}) {
  if (error instanceof Response) throw error; // a redirect after success
  if (error instanceof VisitError) return data({ errors: { [error.field]: error.key }, values }, { status: error.status });
  if (error instanceof PoolError) return data({ errors: { [error.field]: error.key }, values }, { status: 400 });
  throw error;
}
