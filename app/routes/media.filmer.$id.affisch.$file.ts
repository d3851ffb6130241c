import type { LoaderFunctionArgs } from "@remix-run/node";
import { filmForMedia } from "~/films/access.server";
import { notFound } from "~/permissions.server";
import { serveObject } from "~/serve.server";
import { getStorage } from "~/storage.server";

/** A film's poster, as WebP or JPEG at 320, 640 or 1280 pixels wide. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const match = /^(320|640|1280)\.(webp|jpg)$/.exec(params.file ?? "");
  if (!match) throw notFound();
  const { film, cacheControl } = await filmForMedia(request, params.id);
  if (!film.poster_key) throw notFound();
  return serveObject(request, getStorage(), `${film.poster_key}/${params.file}`, { contentType: match[2] === "webp" ? "image/webp" : "image/jpeg", cacheControl });
}
