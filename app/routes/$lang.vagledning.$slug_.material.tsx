import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server";
import { GuidanceErrorBoundary, GuideSection, guidanceMeta } from "~/guidance/components";
import { readGuide } from "~/guidance/guidance.server";
import { alternateLinks, requireReadingLanguage } from "~/guidance/page.server";
import { absoluteUrl } from "~/links.server";
import { notFound } from "~/permissions.server";

export const meta = guidanceMeta("guidance:material.title");
export const handle = { hydrate: false };

/** The working material of a guide, laid out for A4 (see @media print in app.css). */
export async function loader({ params }: LoaderFunctionArgs) {
  const { language, languages } = await requireReadingLanguage(db, params.lang);
  const read = await readGuide(db, String(params.slug), language, languages);
  if (!read) throw notFound();
  const material = read.sections.filter((s) => s.kind === "material");
  if (!material.length) throw notFound();
  const intro = read.sections.find((s) => s.key === "intro");
  const path = `/${language.code}/vagledning/${read.guide.slug}`;
  return {
    guideTitle: intro?.heading ?? read.guide.slug,
    title: `${material[0].heading} – ${intro?.heading ?? read.guide.slug}`,
    guidePath: path,
    guideUrl: absoluteUrl(path),
    material,
    facts: read.sections.filter((s) => s.kind === "fact"),
    alternates: alternateLinks(languages, `/vagledning/${read.guide.slug}/material`),
  };
}

export default function MaterialPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <article className="guide guide--print">
      <p className="breadcrumb no-print">
        <a href={data.guidePath}>{t("guidance:material.back", { guide: data.guideTitle })}</a>
      </p>
      <p className="print-hint no-print">{t("guidance:material.printHint")}</p>
      <p className="material-guide">{data.guideTitle}</p>
      {data.material.map((s, i) => (
        <div key={s.key} className={i === 0 ? "material-first" : undefined}>
          <GuideSection section={s} level={i === 0 ? 1 : 2} />
        </div>
      ))}
      <footer className="material-footer">
        <p>
          {t("guidance:material.from")} <span dir="ltr">{data.guideUrl}</span>
        </p>
      </footer>
    </article>
  );
}

export const ErrorBoundary = GuidanceErrorBoundary;
