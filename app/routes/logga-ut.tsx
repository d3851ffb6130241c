import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "~/auth.server";

// Signing out changes state, so it is a POST only; a GET just goes home.
export const loader = () => redirect("/");

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const cookie = await destroySession(request, { everywhere: form.get("everywhere") === "1" });
  throw redirect("/", { headers: { "Set-Cookie": cookie } });
}
