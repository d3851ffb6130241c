import type { AppLoadContext } from "@remix-run/node";

/** The client's address as Express saw it (honouring TRUST_PROXY), for rate limits. */
export function clientIp(_request: Request, context: AppLoadContext | undefined) {
  return typeof context?.clientIp === "string" && context.clientIp ? context.clientIp : "unknown";
}
