import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/auth.server";
import { isPhotoPublic } from "~/ambassadors/pool.server";
import { db } from "~/db.server";
import { canSeeMunicipality, notFound } from "~/permissions.server";
import { serveObject } from "~/serve.server";
import { getStorage } from "~/storage.server";

/**
 * An ambassador photo variant. Public only while the ambassador is active and consents to a
 * public profile and photo; otherwise only she, her coordinators and admins see it. Browsers
 * revalidate every time (no-cache + ETag), so a withdrawn consent takes effect at once.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = Number(params.id);
  if (!Number.isInteger(id) || !/^[a-f0-9]{24}$/.test(params.token ?? "") || !/^(160|320|640)\.(webp|jpg)$/.test(params.file ?? "")) throw notFound();
  const key = `ambassadors/${id}/${params.token}`;
  const ambassador = await db.selectFrom("ambassador").select(["user_id", "municipality_id"]).where("id", "=", id).where("photo_key", "=", key).executeTakeFirst();
  if (!ambassador) throw notFound();
  const isPublic = await isPhotoPublic(db, key);
  if (!isPublic) {
    const user = await getUser(request);
    const allowed = !!user && (user.id === ambassador.user_id || canSeeMunicipality(user, ambassador.municipality_id));
    if (!allowed) throw notFound();
  }
  return serveObject(request, getStorage(), `${key}/${params.file}`, {
    contentType: params.file!.endsWith(".webp") ? "image/webp" : "image/jpeg",
    cacheControl: isPublic ? "public, no-cache" : "private, no-cache",
  });
}
