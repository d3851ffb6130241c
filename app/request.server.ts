import type { AppLoadContext } from "@remix-run/node";

/** The client's address as Express saw it (honouring TRUST_PROXY), for rate limits. */
export function clientIp(_request: Request, context: AppLoadContext | undefined) {
  return typeof context?.clientIp === "string" && context.clientIp ? context.clientIp : "unknown";
}

/** A record id from the URL ("12"), or null for anything else ("12a", "../", 10 digits and more). */
export const idParam = (param: string | undefined) => (/^\d{1,9}$/.test(param ?? "") ? Number(param) : null);
