import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { createUserSession } from "~/auth.server";
import { db } from "~/db.server";

export const BASE = "http://localhost:3000";

let handler: ((request: Request) => Promise<Response>) | undefined;
let build: ServerBuild | undefined;

/** The real Remix build, imported the way the server does. */
export async function getBuild(): Promise<ServerBuild> {
  build ??= (await import(/* @vite-ignore */ path.resolve("build/index.js"))) as ServerBuild;
  return build;
}

/** Sends a request through the built app, as the server would, without opening a port. */
export async function request(pathname: string, init: RequestInit & { cookie?: string } = {}) {
  handler ??= createRequestHandler(await getBuild(), "production");
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  return handler(new Request(BASE + pathname, { ...init, headers, redirect: "manual" }));
}

export function form(values: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) for (const item of ([] as string[]).concat(v)) body.append(k, item);
  return { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } };
}

/** A session cookie for a demo account. */
export async function cookieFor(email: string) {
  const user = await db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const setCookie = await createUserSession(new Request(BASE), user.id);
  return setCookie.split(";")[0];
}

export const demo = {
  admin: "admin@demo.example",
  coordinator: "samordnare@demo.example",
  school_staff: "skola@demo.example",
  ambassador: "ambassador@demo.example",
  communicator: "kommunikator@demo.example",
  translator: "oversattare@demo.example",
} as const;

/** What a reader sees: the page without scripts, tags or React's text separators. */
export async function visibleText(res: Response) {
  return (await res.text())
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
