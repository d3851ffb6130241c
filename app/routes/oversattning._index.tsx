import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { translationOverview } from "~/guidance/guidance.server";
import { pageTitle } from "~/meta";
import { requireUser } from "~/permissions.server";

export const meta = pageTitle("guidance:overview.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["translator", "admin"] });
  return { ...(await translationOverview(db)), isAdmin: user.role === "admin" };
}

/** Completeness per guide and language: where translators are needed. */
export default function TranslationOverview() {
  const { t } = useTranslation();
  const { languages, rows, totals, isAdmin } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("guidance:overview.title")} lead={t("guidance:overview.lead")} />
      {isAdmin ? (
        <p>
          <Link to="/oversattning/ny" className="button">
            {t("guidance:new.title")}
          </Link>
        </p>
      ) : null}
      <div className="table-scroll" role="region" aria-labelledby="oversikt-caption" tabIndex={0}>
        <table className="table translation-matrix">
          <caption id="oversikt-caption">{t("guidance:overview.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("guidance:overview.guide")}</th>
              {languages.map((l) => (
                <th scope="col" key={l.code}>
                  <span lang={l.htmlLang} dir={l.dir}>
                    {l.nativeName}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {isAdmin ? <Link to={`/oversattning/${r.slug}/sv`}>{r.title}</Link> : r.title}
                  {r.status === "draft" ? <span className="tag"> {t("guidance:overview.draftGuide")}</span> : null}
                </th>
                {r.cells.map((c) => (
                  <td key={c.language}>
                    <Link to={`/oversattning/${r.slug}/${c.language}`}>
                      <strong>{t("guidance:overview.percent", { percent: c.percent })}</strong>
                      <span className="visually-hidden"> {t("guidance:overview.cellFor", { guide: r.title, language: c.language })}</span>
                    </Link>
                    <ul className="status-counts">
                      {(["published", "draft", "outdated", "missing"] as const)
                        .filter((status) => c[status] > 0)
                        .map((status) => (
                          <li key={status} className={`status status--${status}`}>
                            {t(`guidance:status.${status}Count`, { count: c[status] })}
                          </li>
                        ))}
                    </ul>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("guidance:overview.total")}</th>
              {totals.map((c) => (
                <td key={c.language}>{t("guidance:overview.percent", { percent: c.percent })}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
