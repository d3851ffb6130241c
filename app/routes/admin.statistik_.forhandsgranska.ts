import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/permissions.server";
import { previewUpload } from "~/reach/imports.server";

/** Nothing to show by GET: the admins' import page posts files here. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: ["admin"] });
  return Response.json({ post: "multipart/form-data: kind (pupils | applicants), file" });
}

/** The import preview as JSON, for the upload form's progress bar (the same answer the page gives without JavaScript). */
export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, { role: ["admin"] });
  const { status, result } = await previewUpload(request);
  return Response.json(result, { status });
}
