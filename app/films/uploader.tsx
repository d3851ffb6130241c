/**
 * The film uploader: drag a file in or choose it; tus-js-client (loaded only when needed) sends it
 * in resumable pieces to /uploads/tus. A progress bar with percent and time left; pause and resume;
 * after a lost connection it retries by itself, and after a reload the same file chosen again
 * continues where it stopped (the upload's address is kept in localStorage under a fingerprint of
 * film and file). Without JavaScript the page says that uploading needs it.
 */
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Upload } from "tus-js-client";

export const TUS_ENDPOINT = "/uploads/tus";
const ACCEPT = "video/mp4,video/webm,.mp4,.webm";
type Phase = "idle" | "uploading" | "paused" | "retrying" | "done" | "error";

export function formatBytes(bytes: number, lng: string) {
  const units = ["B", "kB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${new Intl.NumberFormat(lng, { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`;
}

function formatDuration(seconds: number, t: (key: string, o?: Record<string, unknown>) => string) {
  if (!Number.isFinite(seconds) || seconds < 0) return "";
  if (seconds < 60) return t("films:upload.secondsLeft", { count: Math.max(1, Math.round(seconds)) });
  if (seconds < 3600) return t("films:upload.minutesLeft", { count: Math.round(seconds / 60) });
  return t("films:upload.hoursLeft", { hours: Math.floor(seconds / 3600), minutes: Math.round((seconds % 3600) / 60) });
}

export function FilmUploader({ filmId, maxBytes, pending }: { filmId: number; maxBytes: number; pending: { name: string | null; size: number | null } | null }) {
  const { t, i18n } = useTranslation();
  const revalidator = useRevalidator();
  const upload = useRef<Upload | null>(null);
  const rate = useRef<{ at: number; bytes: number; perSecond: number } | null>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [progress, setProgress] = useState({ sent: 0, total: 0, secondsLeft: NaN });
  const [message, setMessage] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [hydrated, setHydrated] = useState(false);
  const [dragging, setDragging] = useState(false);
  useEffect(() => setHydrated(true), []);
  useEffect(() => () => void upload.current?.abort(), []);

  async function start(file: File) {
    setMessage(null);
    setFileName(file.name);
    if (file.size === 0) return fail(t("films:errors.emptyFile"));
    if (file.size > maxBytes) return fail(t("films:errors.tooLarge", { max: formatBytes(maxBytes, i18n.language) }));
    const tus = await import("tus-js-client");
    const next = new tus.Upload(file, {
      endpoint: TUS_ENDPOINT,
      // 32 MiB PATCHes: a cut connection on a train is noticed and resumed within one chunk (the
      // reload e2e test depends on it). bench/uploads.ts found 256 MiB faster into S3 (0.84–0.90 of
      // direct vs 0.55–0.60 at 64 MiB) on a steady line; that trade-off is open.
      chunkSize: 32 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10_000, 20_000, 30_000, 60_000, 60_000, 60_000],
      removeFingerprintOnSuccess: true,
      metadata: { filename: file.name, filetype: file.type, film: String(filmId) },
      fingerprint: async (f) => ["vagval", filmId, (f as File).name, (f as File).size, (f as File).lastModified].join("-"),
      onShouldRetry(error) {
        const status = (error as { originalResponse?: { getStatus(): number } | null }).originalResponse?.getStatus() ?? 0;
        const retry = status === 0 || status === 409 || status === 423 || status >= 500;
        if (retry) {
          setPhase("retrying");
          setMessage(status >= 500 ? t("films:upload.storageDown") : t("films:upload.offline"));
        }
        return retry;
      },
      onProgress(sent, total) {
        const now = Date.now();
        const last = rate.current;
        if (!last) rate.current = { at: now, bytes: sent, perSecond: 0 };
        else if (now - last.at >= 1000) {
          const current = ((sent - last.bytes) * 1000) / (now - last.at);
          rate.current = { at: now, bytes: sent, perSecond: last.perSecond ? 0.7 * last.perSecond + 0.3 * current : current };
        }
        const perSecond = rate.current?.perSecond ?? 0;
        setProgress({ sent, total, secondsLeft: perSecond > 0 ? (total - sent) / perSecond : NaN });
        setPhase((p) => (p === "retrying" || p === "idle" ? "uploading" : p));
        setMessage((m) => (m === t("films:upload.storageDown") || m === t("films:upload.offline") ? null : m));
      },
      onError(error) {
        const status = (error as { originalResponse?: { getStatus(): number } | null }).originalResponse?.getStatus() ?? 0;
        fail(status === 413 ? t("films:errors.tooLarge", { max: formatBytes(maxBytes, i18n.language) }) : status === 403 || status === 401 ? t("films:upload.signedOut") : t("films:upload.failed"));
      },
      onSuccess() {
        setPhase("done");
        setMessage(t("films:upload.done"));
        revalidator.revalidate();
      },
    });
    upload.current = next;
    const previous = await next.findPreviousUploads();
    if (previous.length) {
      next.resumeFromPreviousUpload(previous[0]);
      setMessage(t("films:upload.resuming"));
    }
    rate.current = null;
    setProgress({ sent: 0, total: file.size, secondsLeft: NaN });
    setPhase("uploading");
    next.start();
  }

  function fail(text: string) {
    setPhase("error");
    setMessage(text);
  }

  function pause() {
    void upload.current?.abort();
    setPhase("paused");
  }

  function resume() {
    rate.current = null;
    upload.current?.start();
    setPhase("uploading");
  }

  const percent = progress.total ? Math.floor((progress.sent / progress.total) * 100) : 0;
  const busy = phase === "uploading" || phase === "retrying" || phase === "paused";
  return (
    <div className="uploader">
      {pending ? (
        <p className="meta">
          {t("films:upload.pending", { name: pending.name ?? "", size: pending.size ? formatBytes(pending.size, i18n.language) : "" })}
        </p>
      ) : null}
      <noscript>
        <p>{t("films:upload.needsJs")}</p>
      </noscript>
      <div
        className={`dropzone${dragging ? " dropzone--active" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer.files[0];
          if (file && !busy) void start(file);
        }}
      >
        <label htmlFor="film-file">{t("films:upload.choose")}</label>
        <p className="field__hint" id="film-file-hint">
          {t("films:upload.hint", { max: formatBytes(maxBytes, i18n.language) })}
        </p>
        <input
          id="film-file"
          type="file"
          accept={ACCEPT}
          aria-describedby="film-file-hint"
          disabled={!hydrated || busy}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void start(file);
          }}
        />
      </div>
      {phase !== "idle" ? (
        <div className="upload-progress">
          <label htmlFor="film-progress">{t("films:upload.progressLabel", { name: fileName ?? "" })}</label>
          <progress id="film-progress" max={100} value={percent}>
            {percent} %
          </progress>
          <p aria-live="polite" className="meta" data-testid="upload-status">
            {t("films:upload.percent", { percent })}
            {progress.total ? ` · ${formatBytes(progress.sent, i18n.language)} / ${formatBytes(progress.total, i18n.language)}` : ""}
            {phase === "uploading" && Number.isFinite(progress.secondsLeft) ? ` · ${formatDuration(progress.secondsLeft, t)}` : ""}
            {phase === "paused" ? ` · ${t("films:upload.paused")}` : ""}
          </p>
        </div>
      ) : null}
      {message ? (
        <p role={phase === "error" ? "alert" : "status"} className={phase === "error" ? "field__error" : "meta"}>
          {message}
        </p>
      ) : null}
      <div className="actions">
        {phase === "uploading" || phase === "retrying" ? (
          <button type="button" className="button button--secondary" onClick={pause}>
            {t("films:upload.pause")}
          </button>
        ) : null}
        {phase === "paused" ? (
          <button type="button" className="button" onClick={resume}>
            {t("films:upload.resume")}
          </button>
        ) : null}
      </div>
    </div>
  );
}
