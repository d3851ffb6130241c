import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { safeRedirect } from "~/auth.server";
import { supportedLngs } from "~/i18n/config";
import { localeCookie } from "~/i18n/i18n.server";

export const loader = () => redirect("/");

/** Remembers the chosen interface language in a cookie and returns to the page the reader was on. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lng = String(form.get("lng") ?? "");
  const to = safeRedirect(form.get("redirectTo"), "/");
  if (!supportedLngs.includes(lng)) throw redirect(to);
  throw redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(lng) } });
}
