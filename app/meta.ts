import type { MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";

type Resources = Record<string, unknown> | undefined;

/** "<page> – Vägval", the page translated from the resources the root loader sent. */
export function titleFor(resources: Resources, key: string | null): string {
  if (!key || !resources) return "Vägval";
  const [ns, path] = key.includes(":") ? key.split(":") : ["common", key];
  let node: unknown = resources[ns];
  for (const part of path.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === "string" ? `${node} – Vägval` : "Vägval";
}

/** A route's meta export: its title as an i18n key, so the title follows the reader's language (WCAG 2.4.2). */
export const pageTitle =
  (key: string): MetaFunction =>
  ({ matches, error }) => {
    const root = matches.find((m) => m.id === "root")?.data as { resources?: Resources } | undefined;
    return [{ title: titleFor(root?.resources, error ? errorTitleKey(error) : key) }];
  };

export const errorKind = (status: number) =>
  status === 403 ? "forbidden" : status === 404 ? "notFound" : status === 410 ? "gone" : status === 429 ? "tooMany" : "server";

/** The title of the error page a thrown response or error shows. */
export const errorTitleKey = (error: unknown) => `errorPage.${errorKind(isRouteErrorResponse(error) ? error.status : 500)}.title`;
