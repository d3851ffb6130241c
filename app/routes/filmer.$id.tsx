import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "~/auth.server";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { canManageFilms } from "~/films/access.server";
import { FilmFacts, Player } from "~/films/components";
import { getFilm, isFilmPublic } from "~/films/films.server";
import { formatBytes } from "~/films/uploader";
import { languageOf } from "~/i18n/config";
import { pageTitle } from "~/meta";
import { notFound } from "~/permissions.server";
import { idParam } from "~/request.server";

export const meta = pageTitle("films:public.title");

/** A film's own page: for everyone while it is public; communicators and admins also see a preview of one that is not. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params.id);
  const film = id ? await getFilm(db, id) : null;
  if (!film || film.processing !== "ready") throw notFound();
  const isPublic = await isFilmPublic(db, film.id);
  if (!isPublic && !canManageFilms(await getUser(request))) throw notFound();
  return {
    preview: !isPublic,
    film: {
      id: film.id,
      title: film.title,
      description: film.description,
      content_type: film.content_type,
      poster_key: film.poster_key,
      poster_width: film.poster_width,
      width: film.width,
      height: film.height,
      duration_seconds: film.duration_seconds,
      size_bytes: film.size_bytes,
      video_codec: null,
      audio_codec: null,
      sha256: null,
      original_name: null,
      campaign: { title: film.campaign_title, slug: film.campaign_slug },
    },
    subtitles: film.subtitles.map((s) => s.language),
    documents: film.documents,
  };
}

export default function FilmPage() {
  const { t, i18n } = useTranslation();
  const { film, subtitles, documents, preview } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={film.title} lead={film.description ?? undefined} />
      {preview ? <Notice kind="warning">{t("films:public.preview")}</Notice> : null}
      <p>
        <Link to={`/kampanjer/${film.campaign.slug}`}>{t("films:public.partOf", { campaign: film.campaign.title })}</Link>
      </p>
      <Player film={film} subtitles={subtitles} />
      <FilmFacts film={film} />
      <h2>{t("films:public.forClassroom")}</h2>
      <ul>
        <li>
          <a href={`/media/filmer/${film.id}/video?ladda-ner`} download>
            {t("films:public.download", { size: film.size_bytes ? formatBytes(film.size_bytes, i18n.language) : "" })}
          </a>
        </li>
        {subtitles.map((code) => (
          <li key={code}>
            <a href={`/media/filmer/${film.id}/undertexter/${code}.vtt`} download={`${code}.vtt`}>
              {t("films:public.subtitleFile", { language: languageOf(code).nativeName })}
            </a>
          </li>
        ))}
        {documents.map((d) => (
          <li key={d.id}>
            <a href={`/media/filmer/${film.id}/dokument/${d.id}`}>{d.title}</a> <span className="meta">(PDF, {formatBytes(d.size_bytes, i18n.language)})</span>
          </li>
        ))}
      </ul>
    </>
  );
}
