import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { GuidanceErrorBoundary, guidanceMeta } from "~/guidance/components";
import { listGuides, searchGuides } from "~/guidance/guidance.server";
import { alternateLinks, requireReadingLanguage } from "~/guidance/page.server";

export const meta = guidanceMeta("guidance:list.title");
/** Plain HTML: newcomers on cheap phones get no JavaScript here. */
export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, languages } = await requireReadingLanguage(db, params.lang);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 200);
  const ids = q ? await searchGuides(db, language.code, q) : undefined;
  const guides = await listGuides(db, language, languages, ids);
  if (ids) guides.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
  return { language: { code: language.code }, q, guides, alternates: alternateLinks(languages, "/vagledning") };
}

export default function GuideList() {
  const { t } = useTranslation();
  const { language, q, guides } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("guidance:list.title")} lead={t("guidance:list.lead")} />
      <Form method="get" action={`/${language.code}/vagledning`} role="search" className="guide-search" reloadDocument>
        <label htmlFor="q">{t("guidance:list.searchLabel")}</label>
        <div className="guide-search__row">
          <input id="q" name="q" type="search" defaultValue={q} maxLength={200} dir="auto" />
          <button type="submit" className="button">
            {t("guidance:list.search")}
          </button>
        </div>
      </Form>
      {q ? (
        <p role="status" className="guide-search__result">
          {t("guidance:list.results", { count: guides.length, query: q })}{" "}
          <a href={`/${language.code}/vagledning`}>{t("guidance:list.all")}</a>
        </p>
      ) : null}
      <ul className="guide-list">
        {guides.map((g) => (
          <li key={g.id} className="guide-card">
            <h2 lang={g.fallback ? g.titleIn.htmlLang : undefined} dir={g.fallback ? g.titleIn.dir : undefined}>
              <a href={`/${language.code}/vagledning/${g.slug}`}>{g.title}</a>
            </h2>
            <p lang={g.fallback ? g.titleIn.htmlLang : undefined} dir={g.fallback ? g.titleIn.dir : undefined}>
              {g.lead}
            </p>
            {g.sector ? <p className="guide-card__sector">{t("guidance:list.sector", { sector: g.sector })}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export const ErrorBoundary = GuidanceErrorBoundary;
