import type { MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/ui";
import { errorTitleKey, titleFor } from "~/meta";
import type { ResolvedSection } from "./guidance.server";

/** A section as the reader sees it (resolved along the language's fallback chain on the server). */
export type SectionView = ResolvedSection;

/** Notes in the reader's language when a section is not (or not freshly) in it. */
export function SectionNotes({ section }: { section: SectionView }) {
  const { t } = useTranslation();
  if (section.fallback)
    return (
      <p className="section-note section-note--fallback">
        {t("guidance:guide.fallback", { shownIn: section.shownIn.nativeName })}
      </p>
    );
  if (section.outdated) return <p className="section-note">{t("guidance:guide.outdated")}</p>;
  return null;
}

/** A section's heading and sanitised text, marked with the language it is actually in. */
export function GuideSection({ section, level = 2 }: { section: SectionView; level?: 1 | 2 | 3 }) {
  const H = level === 1 ? "h1" : level === 2 ? "h2" : "h3";
  return (
    <section className={`guide-section guide-section--${section.kind}`} aria-labelledby={`avsnitt-${section.key}`}>
      <SectionNotes section={section} />
      <div lang={section.fallback ? section.shownIn.htmlLang : undefined} dir={section.fallback ? section.shownIn.dir : undefined}>
        <H id={`avsnitt-${section.key}`}>{section.heading}</H>
        {/* sanitised on the server (text.server.ts) */}
        <div className="prose" dangerouslySetInnerHTML={{ __html: section.html }} />
      </div>
    </section>
  );
}

/** Figures with what they mean and where they come from. */
export function Facts({ facts }: { facts: SectionView[] }) {
  const { t } = useTranslation();
  if (!facts.length) return null;
  return (
    <section className="guide-facts" aria-labelledby="avsnitt-fakta">
      <h2 id="avsnitt-fakta">{t("guidance:guide.facts")}</h2>
      <ul>
        {facts.map((f) => (
          <li key={f.key} className="fact">
            <SectionNotes section={f} />
            <p className="fact__figure" dir="ltr">
              {f.figure}
            </p>
            <div lang={f.fallback ? f.shownIn.htmlLang : undefined} dir={f.fallback ? f.shownIn.dir : undefined}>
              <p className="fact__label">{f.heading}</p>
              <div className="prose" dangerouslySetInnerHTML={{ __html: f.html }} />
            </div>
            {f.source ? (
              <p className="fact__source">
                {t("guidance:guide.source")}{" "}
                <span lang="sv" dir="ltr">
                  {f.source}
                </span>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

type UnknownLanguage = { unknownLanguage: string; languages: { code: string; nativeName: string; htmlLang: string; dir: "ltr" | "rtl" }[] };

/** The 400 page for an unknown language code: says so and offers the languages there are. */
export function GuidanceErrorBoundary() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 400 && (error.data as UnknownLanguage)?.unknownLanguage !== undefined) {
    const { unknownLanguage, languages } = error.data as UnknownLanguage;
    return (
      <>
        <PageHeader title={t("guidance:errors.unknownLanguageTitle")} lead={t("guidance:errors.unknownLanguage", { code: unknownLanguage })} />
        <ul className="language-list">
          {languages.map((l) => (
            <li key={l.code}>
              <a href={`/${l.code}/vagledning`} lang={l.htmlLang} dir={l.dir}>
                {l.nativeName}
              </a>
            </li>
          ))}
        </ul>
      </>
    );
  }
  return <GeneralErrorBoundary />;
}

type RootResources = { resources?: Record<string, unknown> };
type Alternates = { alternates?: { hreflang: string; href: string }[]; title?: string } | undefined;

/** Title (the page's own, or an i18n key) and hreflang alternates. */
export const guidanceMeta =
  (key: string): MetaFunction =>
  ({ matches, data, error }) => {
    const root = matches.find((m) => m.id === "root")?.data as RootResources | undefined;
    const own = data as Alternates;
    if (error) {
      const is400 = isRouteErrorResponse(error) && error.status === 400;
      return [{ title: titleFor(root?.resources, is400 ? "guidance:errors.unknownLanguageTitle" : errorTitleKey(error)) }];
    }
    return [
      { title: own?.title ? `${own.title} – Vägval` : titleFor(root?.resources, key) },
      ...(own?.alternates ?? []).map((a) => ({ tagName: "link", rel: "alternate", hrefLang: a.hreflang, href: a.href })),
    ];
  };
