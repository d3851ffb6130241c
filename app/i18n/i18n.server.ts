import fs from "node:fs";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import { createInstance, type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { defaultNS, fallbackLng, supportedLngs } from "./config";

export const localeCookie = createCookie("vagval_lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Reads locales/<lng>/<namespace>.json once per process. */
function loadResources(): Resources {
  const root = path.resolve("locales");
  const resources: Resources = {};
  for (const lng of supportedLngs) {
    resources[lng] = {};
    const dir = path.join(root, lng);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json")))
      resources[lng][file.replace(/\.json$/, "")] = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  }
  return resources;
}

const g = globalThis as unknown as { __vagvalResources?: Resources };
export const resources: Resources = (g.__vagvalResources ??= loadResources());

type Tree = { [key: string]: string | Tree };
function fillFrom(base: Tree, own: Tree | undefined): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(base))
    out[key] = typeof value === "object" ? fillFrom(value, own?.[key] as Tree | undefined) : ((own?.[key] as string | undefined) ?? value);
  for (const [key, value] of Object.entries(own ?? {})) if (!(key in out)) out[key] = value;
  return out;
}

/**
 * What the browser gets for a language: its own texts, with Swedish filling any gap, so a key
 * that a translation lacks shows Swedish rather than the key itself.
 */
const clientCache = new Map<string, Record<string, Tree>>();
export function clientResources(lng: string): Record<string, Tree> {
  let cached = clientCache.get(lng);
  if (!cached) {
    cached = {};
    const sv = resources[fallbackLng] as Record<string, Tree>;
    for (const ns of Object.keys(sv)) cached[ns] = lng === fallbackLng ? sv[ns] : fillFrom(sv[ns], resources[lng]?.[ns] as Tree | undefined);
    clientCache.set(lng, cached);
  }
  return cached;
}

export const i18nServer = new RemixI18Next({
  detection: { supportedLanguages: supportedLngs, fallbackLanguage: fallbackLng, cookie: localeCookie, order: ["searchParams", "cookie", "header"] },
  i18next: { resources, defaultNS, fallbackLng, interpolation: { escapeValue: false } },
});

export const getLocale = (request: Request) => i18nServer.getLocale(request);

/** A t function in the request's language, for loaders, actions and e-mails. */
export async function getT(request: Request, ns = defaultNS): Promise<TFunction> {
  return i18nServer.getFixedT(request, ns);
}

/** A t function for a given language (e-mails to someone else); one i18next instance per language, made once. */
const tByLanguage = new Map<string, Promise<TFunction>>();
export function tFor(lng: string): Promise<TFunction> {
  const key = supportedLngs.includes(lng) ? lng : fallbackLng;
  let t = tByLanguage.get(key);
  if (!t) {
    const instance = createInstance();
    t = instance.init({ lng: key, resources, defaultNS, fallbackLng, interpolation: { escapeValue: false } }).then(() => instance.t);
    tByLanguage.set(key, t);
  }
  return t;
}
