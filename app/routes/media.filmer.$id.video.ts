import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { S3Storage } from "#media/index";
import { slugify } from "~/campaigns/schemas";
import { getEnv } from "~/env.server";
import { filmForMedia, presignedPlayback } from "~/films/access.server";
import { notFound } from "~/permissions.server";
import { serveObject } from "~/serve.server";
import { getStorage } from "~/storage.server";

/**
 * A film's bytes for the player (byte ranges, so it can seek) and, with ?ladda-ner, as a download
 * named after the film. With S3 and FILM_PRESIGNED_REDIRECT a public film is a redirect to a
 * presigned URL valid for ten minutes.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { film, isPublic, cacheControl } = await filmForMedia(request, params.id);
  if (film.processing !== "ready" || !film.key || !film.content_type) throw notFound();
  const download = new URL(request.url).searchParams.has("ladda-ner");
  const downloadName = download ? `${slugify(film.title)}.${film.content_type === "video/webm" ? "webm" : "mp4"}` : undefined;
  const storage = getStorage();
  if (isPublic && presignedPlayback() && storage instanceof S3Storage) {
    const url = await storage.presign(film.key, {
      expiresIn: 600,
      contentType: film.content_type,
      disposition: downloadName ? `attachment; filename="${downloadName}"` : undefined,
      publicOrigin: getEnv().S3_PUBLIC_ORIGIN,
    });
    return redirect(url, { headers: { "Cache-Control": "no-store" } });
  }
  return serveObject(request, storage, film.key, { contentType: film.content_type, cacheControl, downloadName });
}
