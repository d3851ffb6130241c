import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { formatDuration, Poster } from "~/films/components";
import { listPublicFilms } from "~/films/films.server";
import { pageTitle } from "~/meta";
import { notFound } from "~/permissions.server";

export const meta = pageTitle("campaigns:public.title");

/** A published campaign and its public films. */
export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await db.selectFrom("campaign").select(["id", "title", "thread", "description", "starts_on", "ends_on"]).where("slug", "=", params.slug ?? "").where("status", "=", "published").executeTakeFirst();
  if (!campaign) throw notFound();
  return { campaign, films: await listPublicFilms(db, [campaign.id]) };
}

export default function PublicCampaign() {
  const { t } = useTranslation();
  const { campaign, films } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={campaign.title} lead={campaign.thread} />
      {campaign.description ? <p className="prewrap">{campaign.description}</p> : null}
      <p className="meta">
        {campaign.starts_on} – {campaign.ends_on}
      </p>
      <h2>{t("films:public.films")}</h2>
      {films.length ? (
        <ul className="grid plain">
          {films.map((f) => (
            <li key={f.id} className="card">
              {f.poster_key && f.poster_width ? <Poster filmId={f.id} posterKey={f.poster_key} width={f.poster_width} alt="" sizes="(max-width: 40rem) 100vw, 20rem" /> : null}
              <h3 className="card__title">
                <Link to={`/filmer/${f.id}`}>{f.title}</Link>
              </h3>
              {f.duration_seconds ? <p className="meta">{t("films:public.length", { duration: formatDuration(f.duration_seconds) })}</p> : null}
              {f.description ? <p>{f.description}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("films:public.noFilms")}</p>
      )}
    </>
  );
}
