import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getLocale } from "~/i18n/i18n.server";

/** /vagledning (printed on posters) leads to the guides in the reader's interface language. */
export async function loader({ request }: LoaderFunctionArgs) {
  return redirect(`/${await getLocale(request)}/vagledning`);
}
