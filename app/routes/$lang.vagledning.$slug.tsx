import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server";
import { Player } from "~/films/components";
import { getFilm, isFilmPublic } from "~/films/films.server";
import { Facts, GuidanceErrorBoundary, GuideSection, guidanceMeta, SectionNotes } from "~/guidance/components";
import { readGuide } from "~/guidance/guidance.server";
import { alternateLinks, requireReadingLanguage } from "~/guidance/page.server";
import { notFound } from "~/permissions.server";

export const meta = guidanceMeta("guidance:list.title");
/** Plain HTML: the guide works without JavaScript and stays light on a slow connection. */
export const handle = { hydrate: false };

export async function loader({ params }: LoaderFunctionArgs) {
  const { language, languages } = await requireReadingLanguage(db, params.lang);
  const read = await readGuide(db, String(params.slug), language, languages);
  if (!read) throw notFound();
  const film = read.guide.film_id && (await isFilmPublic(db, read.guide.film_id)) ? await getFilm(db, read.guide.film_id) : null;
  const intro = read.sections.find((s) => s.key === "intro");
  return {
    language: { code: language.code, nativeName: language.nativeName, languageCode: language.languageCode },
    slug: read.guide.slug,
    title: intro?.heading ?? read.guide.slug,
    intro,
    sector: read.guide.sector,
    facts: read.sections.filter((s) => s.kind === "fact"),
    sections: read.sections.filter((s) => s.kind === "text" && s.key !== "intro"),
    material: read.sections.filter((s) => s.kind === "material"),
    unreviewed: read.sections.some((s) => !s.fallback && !s.nativeReviewed),
    ambassadors: read.ambassadors.map((a) => ({ id: a.id, name: a.name, occupation: a.occupation, municipality: a.municipality, languages: a.languages })),
    film: film
      ? {
          id: film.id,
          title: film.title,
          content_type: film.content_type,
          poster_key: film.poster_key,
          poster_width: film.poster_width,
          width: film.width,
          height: film.height,
          subtitles: film.subtitles.map((s) => s.language),
        }
      : null,
    alternates: alternateLinks(languages, `/vagledning/${read.guide.slug}`),
  };
}

export default function GuidePage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { intro } = data;
  return (
    <article className="guide">
      <p className="breadcrumb">
        <a href={`/${data.language.code}/vagledning`}>{t("guidance:guide.back")}</a>
      </p>
      <header className="page-header">
        {intro ? <SectionNotes section={intro} /> : null}
        <div lang={intro?.fallback ? intro.shownIn.htmlLang : undefined} dir={intro?.fallback ? intro.shownIn.dir : undefined}>
          <h1>{data.title}</h1>
          {intro ? <div className="lead prose" dangerouslySetInnerHTML={{ __html: intro.html }} /> : null}
        </div>
        {data.sector ? <p className="guide-card__sector">{t("guidance:list.sector", { sector: data.sector })}</p> : null}
      </header>
      {data.unreviewed ? <p className="translation-note">{t("guidance:guide.notReviewed")}</p> : null}
      <nav aria-labelledby="innehall" className="guide-toc">
        <h2 id="innehall">{t("guidance:guide.contents")}</h2>
        <ul>
          {data.facts.length ? (
            <li>
              <a href="#avsnitt-fakta">{t("guidance:guide.facts")}</a>
            </li>
          ) : null}
          {data.sections.map((s) => (
            <li key={s.key} lang={s.fallback ? s.shownIn.htmlLang : undefined} dir={s.fallback ? s.shownIn.dir : undefined}>
              <a href={`#avsnitt-${s.key}`}>{s.heading}</a>
            </li>
          ))}
          {data.film ? (
            <li>
              <a href="#avsnitt-film">{t("guidance:guide.film")}</a>
            </li>
          ) : null}
          <li>
            <a href="#avsnitt-ambassadorer">{t("guidance:guide.ambassadors")}</a>
          </li>
          {data.material.length ? (
            <li>
              <a href="#avsnitt-material">{t("guidance:guide.material")}</a>
            </li>
          ) : null}
        </ul>
      </nav>
      <Facts facts={data.facts} />
      {data.sections.map((s) => (
        <GuideSection key={s.key} section={s} />
      ))}
      {data.film ? (
        <section aria-labelledby="avsnitt-film" className="guide-film">
          <h2 id="avsnitt-film">{t("guidance:guide.film")}</h2>
          <Player film={data.film} subtitles={data.film.subtitles} preload="none" chooser={false} />
          <p>
            <a href={`/filmer/${data.film.id}`}>{t("guidance:guide.filmPage", { title: data.film.title })}</a>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="avsnitt-ambassadorer" className="guide-ambassadors">
        <h2 id="avsnitt-ambassadorer">{t("guidance:guide.ambassadors")}</h2>
        {data.ambassadors.length ? (
          <>
            <p>{t("guidance:guide.ambassadorsLead", { language: data.language.nativeName })}</p>
            <ul>
              {data.ambassadors.map((a) => (
                <li key={a.id}>
                  <a href={`/ambassadorer/${a.id}`}>{a.name}</a> – {a.occupation}, {a.municipality}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t("guidance:guide.noAmbassadors", { language: data.language.nativeName })}</p>
        )}
        <p>
          <a href={`/ambassadorer?sprak=${data.language.languageCode}`}>{t("guidance:guide.allAmbassadors")}</a>
        </p>
      </section>
      {data.material.length ? (
        <section aria-labelledby="avsnitt-material" className="guide-material-link">
          <h2 id="avsnitt-material">{t("guidance:guide.material")}</h2>
          <p>{t("guidance:guide.materialLead")}</p>
          <p>
            <a className="button button--secondary" href={`/${data.language.code}/vagledning/${data.slug}/material`}>
              {t("guidance:guide.materialLink")}
            </a>
          </p>
        </section>
      ) : null}
    </article>
  );
}

export const ErrorBoundary = GuidanceErrorBoundary;
