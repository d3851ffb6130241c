import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listCampaigns } from "~/campaigns/campaigns.server";
import { campaignStatuses } from "~/campaigns/schemas";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { listFilms, SUBTITLE_LANGUAGES } from "~/films/films.server";
import { languageOf } from "~/i18n/config";
import { pageTitle } from "~/meta";
import { requireUser } from "~/permissions.server";

export const meta = pageTitle("campaigns:library.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: ["communicator", "admin"] });
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const status = campaignStatuses.find((s) => s === url.searchParams.get("status")) ?? null;
  const missing = SUBTITLE_LANGUAGES.find((l) => l === url.searchParams.get("saknar")) ?? null;
  const campaigns = await listCampaigns(db, { q, status });
  const titles = new Map(campaigns.map((c) => [c.id, c.title]));
  const films = (await listFilms(db, campaigns.map((c) => c.id)))
    .filter((f) => !missing || f.missingLanguages.includes(missing))
    .map((f) => ({ ...f, campaign: titles.get(f.campaign_id) ?? "" }));
  const filmCount = new Map<number, number>();
  for (const f of films) filmCount.set(f.campaign_id, (filmCount.get(f.campaign_id) ?? 0) + 1);
  return {
    campaigns: campaigns.filter((c) => !missing || filmCount.has(c.id)).map((c) => ({ ...c, films: filmCount.get(c.id) ?? 0 })),
    films,
    q,
    status,
    missing,
    languages: SUBTITLE_LANGUAGES.map((code) => ({ code, name: languageOf(code).nativeName })),
  };
}

export default function CampaignLibrary() {
  const { t } = useTranslation();
  const { campaigns, films, q, status, missing, languages } = useLoaderData<typeof loader>();
  const nameOf = new Map(languages.map((l) => [l.code, l.name]));
  return (
    <>
      <PageHeader title={t("campaigns:library.title")} lead={t("campaigns:library.lead")} />
      <p className="actions">
        <Link className="button" to="/kommunikator/kampanjer/ny">
          {t("campaigns:library.new")}
        </Link>
      </p>
      <Form method="get" className="filters" role="search" aria-label={t("campaigns:library.search")}>
        <div className="field">
          <label htmlFor="q">{t("campaigns:library.search")}</label>
          <input id="q" name="q" type="text" defaultValue={q} />
        </div>
        <div className="field">
          <label htmlFor="status">{t("campaigns:fields.status")}</label>
          <select id="status" name="status" defaultValue={status ?? ""}>
            <option value="">{t("campaigns:library.allStatuses")}</option>
            {campaignStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`campaigns:status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="saknar">{t("films:library.missingFilter")}</label>
          <select id="saknar" name="saknar" defaultValue={missing ?? ""}>
            <option value="">{t("films:library.anyLanguage")}</option>
            {languages.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("campaigns:library.filter")}
        </button>
      </Form>
      {campaigns.length === 0 ? (
        <p>{t("campaigns:library.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("campaigns:library.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("campaigns:fields.title")}</th>
                <th scope="col">{t("campaigns:fields.period")}</th>
                <th scope="col">{t("campaigns:fields.status")}</th>
                <th scope="col">{t("films:library.films")}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/kommunikator/kampanjer/${c.id}`}>{c.title}</Link>
                  </th>
                  <td>
                    {c.starts_on} – {c.ends_on}
                  </td>
                  <td>
                    <span className="tag">{t(`campaigns:status.${c.status}`)}</span>
                  </td>
                  <td>{c.films}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="films-title">{t("films:library.films")}</h2>
      {films.length === 0 ? (
        <p>{t("films:library.none")}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="films-title">
            <thead>
              <tr>
                <th scope="col">{t("films:fields.title")}</th>
                <th scope="col">{t("films:library.campaign")}</th>
                <th scope="col">{t("films:fields.status")}</th>
                <th scope="col">{t("films:library.subtitles")}</th>
                <th scope="col">{t("films:library.missing")}</th>
              </tr>
            </thead>
            <tbody>
              {films.map((f) => (
                <tr key={f.id}>
                  <th scope="row">
                    <Link to={`/kommunikator/filmer/${f.id}`}>{f.title}</Link>
                  </th>
                  <td>{f.campaign}</td>
                  <td>
                    <span className="tag">{t(`campaigns:status.${f.status}`)}</span> <span className="tag">{t(`films:processing.${f.processing}`)}</span>
                  </td>
                  <td>{f.subtitleLanguages.map((code) => nameOf.get(code)).join(", ") || "–"}</td>
                  <td>{f.missingLanguages.map((code) => nameOf.get(code)).join(", ") || "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
