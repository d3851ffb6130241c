import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { filmForMedia } from "~/films/access.server";
import { notFound } from "~/permissions.server";
import { serveObject } from "~/serve.server";
import { getStorage } from "~/storage.server";

/** A film's subtitles in one language, as WebVTT (e.g. ar.vtt). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const match = /^([a-z]{2,3})\.vtt$/.exec(params.file ?? "");
  if (!match) throw notFound();
  const { film, cacheControl } = await filmForMedia(request, params.id);
  const subtitle = await db.selectFrom("film_subtitle").select("key").where("film_id", "=", film.id).where("language", "=", match[1]).executeTakeFirst();
  if (!subtitle) throw notFound();
  return serveObject(request, getStorage(), subtitle.key, { contentType: "text/vtt; charset=utf-8", cacheControl });
}
