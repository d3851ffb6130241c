import type { LoaderFunctionArgs } from "@remix-run/node";
import { slugify } from "~/campaigns/schemas";
import { db } from "~/db.server";
import { filmForMedia } from "~/films/access.server";
import { notFound } from "~/permissions.server";
import { idParam } from "~/request.server";
import { serveObject } from "~/serve.server";
import { getStorage } from "~/storage.server";

/** A film's working material (PDF), downloaded under its title. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const docId = idParam(params.docId);
  if (!docId) throw notFound();
  const { film, cacheControl } = await filmForMedia(request, params.id);
  const document = await db.selectFrom("film_document").select(["key", "title"]).where("film_id", "=", film.id).where("id", "=", docId).executeTakeFirst();
  if (!document) throw notFound();
  return serveObject(request, getStorage(), document.key, { contentType: "application/pdf", cacheControl, downloadName: `${slugify(document.title)}.pdf` });
}
