import type { DB } from "~/db.server";
import { listGuideLanguages } from "./guidance.server";

/** A guidance address: /{language}/vagledning, optionally followed by the guide and its material. */
const READING_PATH = /^\/([^/]+)(\/vagledning(?:\/.*)?)$/;

export interface ReadingLanguageLink {
  code: string;
  nativeName: string;
  htmlLang: string;
  hreflang: string | null;
  dir: "ltr" | "rtl";
  href: string;
  current: boolean;
}

/**
 * For a guidance page: its reading language (html lang and dir, the interface language) and the
 * same page in every other reading language, for the switcher and the hreflang alternates.
 */
export async function readingPage(db: DB, request: Request) {
  const url = new URL(request.url);
  const match = READING_PATH.exec(url.pathname);
  if (!match) return null;
  const languages = await listGuideLanguages(db);
  const language = languages.find((l) => l.code === match[1]);
  if (!language) return null;
  const rest = match[2] + (url.searchParams.get("q") ? `?q=${encodeURIComponent(url.searchParams.get("q")!)}` : "");
  const alternates: ReadingLanguageLink[] = languages.map((l) => ({
    code: l.code,
    nativeName: l.nativeName,
    htmlLang: l.htmlLang,
    hreflang: l.hreflang,
    dir: l.dir,
    href: `/${l.code}${rest}`,
    current: l.code === language.code,
  }));
  return { code: language.code, htmlLang: language.htmlLang, dir: language.dir, interfaceLanguage: language.interfaceLanguage, nativeName: language.nativeName, alternates };
}

export type ReadingPage = NonNullable<Awaited<ReturnType<typeof readingPage>>>;
