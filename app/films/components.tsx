/** Pieces of the film pages: facts, poster, player with its subtitle tracks. */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { languageOf } from "~/i18n/config";
import { formatBytes } from "./uploader";

export function formatDuration(seconds: number) {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

interface FactsOf {
  duration_seconds: number | null;
  size_bytes: number | null;
  width: number | null;
  height: number | null;
  video_codec: string | null;
  audio_codec: string | null;
  content_type: string | null;
  sha256: string | null;
  original_name: string | null;
}

export function FilmFacts({ film }: { film: FactsOf }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="facts" data-testid="film-facts">
      {film.duration_seconds !== null ? (
        <>
          <dt>{t("films:facts.duration")}</dt>
          <dd>{formatDuration(film.duration_seconds)}</dd>
        </>
      ) : null}
      {film.size_bytes !== null ? (
        <>
          <dt>{t("films:facts.size")}</dt>
          <dd>{formatBytes(film.size_bytes, i18n.language)}</dd>
        </>
      ) : null}
      {film.width && film.height ? (
        <>
          <dt>{t("films:facts.dimensions")}</dt>
          <dd>
            {film.width} × {film.height}
          </dd>
        </>
      ) : null}
      {film.video_codec ? (
        <>
          <dt>{t("films:facts.codecs")}</dt>
          <dd>
            {film.content_type} · {film.video_codec}
            {film.audio_codec ? ` + ${film.audio_codec}` : ""}
          </dd>
        </>
      ) : null}
      {film.original_name ? (
        <>
          <dt>{t("films:facts.originalName")}</dt>
          <dd dir="auto">{film.original_name}</dd>
        </>
      ) : null}
      {film.sha256 ? (
        <>
          <dt>SHA-256</dt>
          <dd className="mono">{film.sha256}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The poster widths stored (as films.server's POSTER_WIDTHS, never wider than the image). */
export const posterWidths = (largest: number) => [320, 640, 1280].filter((w, i) => w <= largest || i === 0);
const srcSet = (filmId: number, largest: number, ext: string) => posterWidths(largest).map((w) => `/media/filmer/${filmId}/affisch/${w}.${ext} ${w}w`).join(", ");
/** The largest poster variant's address, for the player. */
export const posterUrl = (filmId: number, largest: number) => `/media/filmer/${filmId}/affisch/${posterWidths(largest).pop()}.jpg`;

/** The poster as a responsive picture (WebP with JPEG fallback), with only the variants that exist. */
export function Poster({ filmId, posterKey, width, alt, sizes = "(max-width: 40rem) 100vw, 40rem" }: { filmId: number; posterKey: string; width: number; alt: string; sizes?: string }) {
  const sizesOf = posterWidths(width);
  return (
    <picture key={posterKey}>
      <source type="image/webp" srcSet={srcSet(filmId, width, "webp")} sizes={sizes} />
      <img className="poster" src={`/media/filmer/${filmId}/affisch/${sizesOf[Math.min(1, sizesOf.length - 1)]}.jpg`} srcSet={srcSet(filmId, width, "jpg")} sizes={sizes} alt={alt} loading="lazy" />
    </picture>
  );
}

export interface PlayerFilm {
  id: number;
  title: string;
  content_type: string | null;
  poster_key: string | null;
  poster_width: number | null;
  width: number | null;
  height: number | null;
}

/**
 * The player: the browser's own controls, the poster, every subtitle track labelled in its own
 * language, the page's language on by default; a subtitle chooser beside it; and, once the film
 * has played ten seconds, one anonymous view counted (no cookie, nothing about the viewer).
 */
export function Player({
  film,
  subtitles,
  preload = "metadata",
  chooser = true,
}: {
  film: PlayerFilm;
  subtitles: string[];
  /** "none" where the page must stay light until the reader presses play */
  preload?: "none" | "metadata";
  /** the chooser needs JavaScript; without it the browser's own controls choose the track */
  chooser?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const initial = subtitles.includes(i18n.language) ? i18n.language : "";
  const [track, setTrack] = useState(initial);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    for (const tt of Array.from(element.textTracks)) tt.mode = tt.language === track ? "showing" : "disabled";
  }, [track]);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let counted = false;
    const onTime = () => {
      if (counted) return;
      let played = 0;
      for (let i = 0; i < element.played.length; i++) played += element.played.end(i) - element.played.start(i);
      if (played < 10) return;
      counted = true;
      void fetch(`/filmer/${film.id}/visning`, { method: "POST", credentials: "omit", keepalive: true }).catch(() => undefined);
    };
    element.addEventListener("timeupdate", onTime);
    return () => element.removeEventListener("timeupdate", onTime);
  }, [film.id]);

  return (
    <figure className="player">
      <video
        ref={video}
        controls
        preload={preload}
        playsInline
        width={film.width ?? undefined}
        height={film.height ?? undefined}
        poster={film.poster_key && film.poster_width ? posterUrl(film.id, film.poster_width) : undefined}
        aria-label={film.title}
        data-testid="film-video"
      >
        <source src={`/media/filmer/${film.id}/video`} type={film.content_type ?? undefined} />
        {subtitles.map((code) => (
          <track key={code} kind="subtitles" src={`/media/filmer/${film.id}/undertexter/${code}.vtt`} srcLang={code} label={languageOf(code).nativeName} default={code === initial} />
        ))}
        <p>
          <a href={`/media/filmer/${film.id}/video?ladda-ner`}>{t("films:player.download")}</a>
        </p>
      </video>
      {chooser && subtitles.length ? (
        <div className="field subtitle-choice">
          <label htmlFor={`subtitles-${film.id}`}>{t("films:player.subtitles")}</label>
          <select id={`subtitles-${film.id}`} value={track} onChange={(e) => setTrack(e.currentTarget.value)}>
            <option value="">{t("films:player.noSubtitles")}</option>
            {subtitles.map((code) => (
              <option key={code} value={code} lang={code}>
                {languageOf(code).nativeName}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </figure>
  );
}
