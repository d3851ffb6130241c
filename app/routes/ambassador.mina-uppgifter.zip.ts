import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { exportAmbassadorZip } from "~/ambassadors/gdpr.server";
import { getAmbassadorForUser } from "~/ambassadors/pool.server";
import { audit } from "~/audit.server";
import { db } from "~/db.server";
import { notFound, requireUser } from "~/permissions.server";
import { getStorage } from "~/storage.server";

/** Her own data as a zip (data.json and her photos), streamed, never cached. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "ambassador" });
  const a = await getAmbassadorForUser(db, user.id);
  if (!a) throw notFound();
  const zip = await exportAmbassadorZip(db, getStorage(), a.id);
  if (!zip) throw notFound();
  await audit(db, { actorUserId: user.id, action: "ambassador.export", entityType: "ambassador", entityId: a.id });
  return new Response(createReadableStreamFromReadable(zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": 'attachment; filename="vagval-mina-uppgifter.zip"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
