/**
 * Who may see a film's bytes: everyone while the film is public (published, processed, in a
 * published campaign, everyone in it consenting); otherwise only communicators and admins, for the
 * preview. Public answers are revalidated on every use (no-cache + ETag), so a withdrawal takes
 * effect at once, also for cached copies.
 */
import { getUser } from "~/auth.server";
import { db } from "~/db.server";
import { getEnv } from "~/env.server";
import { hasRole, notFound } from "~/permissions.server";
import { idParam } from "~/request.server";
import { isFilmPublic } from "./films.server";

export const canManageFilms = (user: Awaited<ReturnType<typeof getUser>>) => !!user && hasRole(user, ["communicator", "admin"]);

/** The film of a media URL and the caching it may have; a 404 for anyone who may not see it. */
export async function filmForMedia(request: Request, param: string | undefined) {
  const id = idParam(param);
  const film = id ? await db.selectFrom("film").selectAll().where("id", "=", id).executeTakeFirst() : undefined;
  if (!film) throw notFound();
  const isPublic = await isFilmPublic(db, film.id);
  if (!isPublic && !canManageFilms(await getUser(request))) throw notFound();
  return { film, isPublic, cacheControl: isPublic ? "public, no-cache" : "private, no-cache" };
}

/** With S3 and S3_PUBLIC_ORIGIN set, public films may be played straight from S3 by a short-lived URL. */
export const presignedPlayback = () => {
  const env = getEnv();
  return env.STORAGE_DRIVER === "s3" && !!env.S3_PUBLIC_ORIGIN && env.FILM_PRESIGNED_REDIRECT;
};
