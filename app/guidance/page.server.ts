import { data } from "@remix-run/node";
import type { DB } from "~/db.server";
import { absoluteUrl } from "~/links.server";
import { findGuideLanguage, listGuideLanguages, type GuideLanguage } from "./guidance.server";

/**
 * The reading language named in the address, with all languages; an unknown code is answered with
 * 400 and a page that offers the languages there are.
 */
export async function requireReadingLanguage(db: DB, code: string | undefined) {
  const languages = await listGuideLanguages(db);
  const language = await findGuideLanguage(db, code);
  if (!language)
    throw data(
      { unknownLanguage: String(code ?? "").slice(0, 20), languages: languages.map((l) => ({ code: l.code, nativeName: l.nativeName, htmlLang: l.htmlLang, dir: l.dir })) },
      { status: 400 },
    );
  return { language, languages };
}

/** hreflang alternates for the same page in every reading language that has its own tag. */
export function alternateLinks(languages: GuideLanguage[], rest: string) {
  return languages
    .filter((l) => l.hreflang)
    .map((l) => ({ hreflang: l.hreflang!, href: absoluteUrl(`/${l.code}${rest}`) }))
    .concat([{ hreflang: "x-default", href: absoluteUrl(`/sv${rest}`) }]);
}
