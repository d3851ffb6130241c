import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/meta";

export const meta = pageTitle("errorPage.notFound.title");

// Every unknown address gets a real 404 with the translated page.
export const loader = () => {
  throw new Response("Not Found", { status: 404 });
};
export const action = loader;

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
