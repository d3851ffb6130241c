import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { recordView } from "~/films/films.server";
import { notFound } from "~/permissions.server";
import { idParam } from "~/request.server";

/** The player's "played ten seconds" beacon: one more view today. No cookie is read or set, no address kept. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") throw new Response(null, { status: 405 });
  const id = idParam(params.id);
  if (!id || !(await recordView(db, id))) throw notFound();
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  throw notFound();
}
