import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextArea, TextField, errorText } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { getEnv } from "~/env.server";
import { PoolError } from "~/errors";
import {
  addDocument,
  addSubtitle,
  DOCUMENT_MAX_BYTES,
  getFilm,
  POSTER_MAX_BYTES,
  removeDocument,
  removeSubtitle,
  setFilmAmbassadors,
  setFilmStatus,
  setPoster,
  SUBTITLE_LANGUAGES,
  updateFilm,
  viewsOf,
} from "~/films/films.server";
import { FilmFacts, Poster } from "~/films/components";
import { retryFilm } from "~/films/process.server";
import { documentSchema, filmSchema, filmStatuses } from "~/films/schemas";
import { FilmUploader, formatBytes } from "~/films/uploader";
import { badRequest, parseForm } from "~/forms.server";
import { languageOf } from "~/i18n/config";
import { pageTitle } from "~/meta";
import { notFound, requireUser } from "~/permissions.server";
import { idParam } from "~/request.server";
import { fileBytes, readMultipart } from "~/uploads.server";

export const meta = pageTitle("films:manage.title");
const MULTIPART_LIMIT = Math.max(DOCUMENT_MAX_BYTES, POSTER_MAX_BYTES) + 64 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: ["communicator", "admin"] });
  const id = idParam(params.id);
  const film = id ? await getFilm(db, id) : null;
  if (!film) throw notFound();
  const [candidates, views, pending] = await Promise.all([
    db
      .selectFrom("ambassador")
      .innerJoin("municipality", "municipality.id", "ambassador.municipality_id")
      .select(["ambassador.id", "ambassador.name", "municipality.name as municipality"])
      .where("ambassador.status", "in", ["approved", "active", "paused"])
      .where("ambassador.erased_at", "is", null)
      .orderBy("municipality.name")
      .orderBy("ambassador.name")
      .execute(),
    viewsOf(db, film.id),
    db
      .selectFrom("upload")
      .select(["original_name", "declared_size"])
      .where("film_id", "=", film.id)
      .where("status", "=", "uploading")
      .orderBy("created_at", "desc")
      .executeTakeFirst(),
  ]);
  return {
    film,
    candidates,
    views,
    pending: pending ? { name: pending.original_name, size: pending.declared_size } : null,
    maxBytes: getEnv().MAX_UPLOAD_BYTES,
    languages: SUBTITLE_LANGUAGES.map((code) => ({ code, name: languageOf(code).nativeName })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: ["communicator", "admin"] });
  const id = idParam(params.id);
  if (!id || !(await db.selectFrom("film").select("id").where("id", "=", id).executeTakeFirst())) throw notFound();
  let form: FormData;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readMultipart(request, MULTIPART_LIMIT);
    if (!upload.ok) return badRequest({ _form: upload.reason === "too_large" ? "films:errors.fileTooLarge" : "errors.invalid" });
    form = upload.form;
  } else form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const back = (flag: string) => redirect(`/kommunikator/filmer/${id}?${flag}=1`);
  try {
    switch (intent) {
      case "details": {
        const parsed = parseForm(form, filmSchema);
        if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
        await updateFilm(db, id, parsed.data, user.id);
        return back("sparad");
      }
      case "status": {
        const status = filmStatuses.find((s) => s === form.get("status"));
        if (!status) return badRequest({ status: "errors.invalid" });
        await setFilmStatus(db, id, status, user.id);
        return back("status");
      }
      case "ambassadors": {
        const ids = form.getAll("ambassadors").map(String);
        if (ids.some((v) => !/^\d{1,9}$/.test(v))) return badRequest({ ambassadors: "errors.invalid" });
        await setFilmAmbassadors(db, id, ids.map(Number), user.id);
        return back("medverkande");
      }
      case "subtitle": {
        const bytes = await fileBytes(form.get("subtitleFile"));
        if (!bytes) return badRequest({ subtitleFile: "films:errors.chooseFile" });
        await addSubtitle(db, id, String(form.get("language") ?? ""), bytes, user.id);
        return back("undertext");
      }
      case "subtitle-remove":
        await removeSubtitle(db, id, Number(form.get("subtitleId")), user.id);
        return back("undertext");
      case "document": {
        const parsed = parseForm(form, documentSchema);
        if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
        const bytes = await fileBytes(form.get("documentFile"));
        if (!bytes) return badRequest({ documentFile: "films:errors.chooseFile" }, parsed.values);
        await addDocument(db, id, parsed.data.documentTitle, bytes, user.id);
        return back("material");
      }
      case "document-remove":
        await removeDocument(db, id, Number(form.get("documentId")), user.id);
        return back("material");
      case "poster": {
        const bytes = await fileBytes(form.get("posterFile"));
        if (!bytes) return badRequest({ posterFile: "films:errors.chooseFile" });
        await setPoster(db, id, bytes, "upload");
        return back("affisch");
      }
      case "retry":
        await retryFilm(db, id);
        return back("igen");
      default:
        return badRequest({ _form: "errors.invalid" });
    }
  } catch (error) {
    if (error instanceof PoolError) {
      const field = error.field === "file" ? (intent === "subtitle" ? "subtitleFile" : "documentFile") : error.field === "poster" ? "posterFile" : error.field;
      return badRequest({ [field]: error.key }, { intent });
    }
    throw error;
  }
}

const notices = ["sparad", "status", "medverkande", "undertext", "material", "affisch", "igen", "skapad"] as const;

export default function ManageFilm() {
  const { t, i18n } = useTranslation();
  const { film, candidates, views, pending, maxBytes, languages } = useLoaderData<typeof loader>();
  const { errors, values } = (useActionData<typeof action>() ?? {}) as { errors?: Record<string, string>; values?: Record<string, string> };
  const [params] = useSearchParams();
  const revalidator = useRevalidator();
  // while the film is being processed, look again every few seconds
  useEffect(() => {
    if (film.processing !== "processing") return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [film.processing, revalidator]);
  const linked = new Set(film.ambassadors.map((a) => a.id));
  const subtitleOf = new Map(film.subtitles.map((s) => [s.language, s]));
  const labels = {
    title: t("films:fields.title"),
    description: t("films:fields.description"),
    status: t("films:fields.status"),
    ambassadors: t("films:fields.ambassadors"),
    subtitleFile: t("films:fields.subtitleFile"),
    language: t("films:fields.subtitleLanguage"),
    documentTitle: t("films:fields.documentTitle"),
    documentFile: t("films:fields.documentFile"),
    posterFile: t("films:fields.posterFile"),
  };
  return (
    <>
      <PageHeader title={film.title} lead={t("films:manage.lead", { campaign: film.campaign_title })} />
      <p>
        <Link to={`/kommunikator/kampanjer/${film.campaign_id}`}>{t("films:manage.back", { campaign: film.campaign_title })}</Link>
      </p>
      <ErrorSummary errors={errors} labels={labels} />
      {!errors ? notices.filter((n) => params.get(n)).map((n) => <Notice key={n} kind="success">{t(`films:manage.saved.${n}`)}</Notice>) : null}

      <section aria-labelledby="file-title">
        <h2 id="file-title">{t("films:manage.file")}</h2>
        <p>
          <span className="tag" data-testid="processing">{t(`films:processing.${film.processing}`)}</span>{" "}
          <span className="tag">{t(`campaigns:status.${film.status}`)}</span>
        </p>
        {film.processing === "processing" ? (
          <p role="status">
            {t("films:manage.processingNow")}
            {film.job_error ? ` ${t("films:manage.willRetry", { attempt: film.job_attempts ?? 0, max: film.job_max_attempts ?? 0 })}` : ""}
          </p>
        ) : null}
        {film.processing === "failed" && film.error_key ? (
          <Notice kind="warning" title={t("films:manage.failed")}>
            <p data-testid="film-error">{errorText(t, film.error_key)}</p>
            {film.error_detail ? <p className="meta">{film.error_detail}</p> : null}
            {film.error_key === "films:errors.processingFailed" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="retry" />
                <button type="submit" className="button">{t("films:manage.retry")}</button>
              </Form>
            ) : null}
          </Notice>
        ) : null}
        {film.processing === "ready" ? (
          <>
            {film.error_key ? <Notice kind="info">{errorText(t, film.error_key)}</Notice> : null}
            <FilmFacts film={film} />
            <p>
              <Link to={`/filmer/${film.id}`}>{t("films:manage.preview")}</Link>
            </p>
          </>
        ) : null}
        {film.processing !== "processing" ? (
          film.processing === "ready" ? (
            <details>
              <summary>{t("films:manage.replace")}</summary>
              <FilmUploader filmId={film.id} maxBytes={maxBytes} pending={pending} />
            </details>
          ) : (
            <FilmUploader filmId={film.id} maxBytes={maxBytes} pending={pending} />
          )
        ) : null}
      </section>

      <section aria-labelledby="poster-title">
        <h2 id="poster-title">{t("films:manage.poster")}</h2>
        {film.poster_key && film.poster_width ? <Poster filmId={film.id} posterKey={film.poster_key} width={film.poster_width} alt={t("films:posterAlt", { title: film.title })} /> : <p>{t("films:manage.noPoster")}</p>}
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="poster" />
          <TextField name="posterFile" type="file" accept="image/jpeg,image/png,image/webp" label={labels.posterFile} hint={t("films:manage.posterHint")} error={errors?.posterFile} />
          <button type="submit" className="button button--secondary">{t("films:manage.uploadPoster")}</button>
        </Form>
      </section>

      <section aria-labelledby="subtitles-title">
        <h2 id="subtitles-title">{t("films:manage.subtitles")}</h2>
        <table>
          <caption className="visually-hidden">{t("films:manage.subtitles")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("films:fields.language")}</th>
              <th scope="col">{t("films:manage.subtitleState")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("films:manage.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {languages.map((l) => {
              const s = subtitleOf.get(l.code);
              return (
                <tr key={l.code}>
                  <td lang={l.code}>{l.name}</td>
                  <td>{s ? t("films:manage.subtitlePresent", { cues: s.cues, format: s.source_format.toUpperCase() }) : <span className="tag tag--warning">{t("films:manage.subtitleMissing")}</span>}</td>
                  <td>
                    {s ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="subtitle-remove" />
                        <input type="hidden" name="subtitleId" value={s.id} />
                        <button type="submit" className="button button--link">{t("films:manage.remove", { what: l.name })}</button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="subtitle" />
          <SelectField name="language" label={labels.language} error={errors?.language} options={languages.map((l) => ({ value: l.code, label: l.name }))} defaultValue={i18n.language} />
          <TextField name="subtitleFile" type="file" accept=".vtt,.srt,text/vtt" label={labels.subtitleFile} hint={t("films:manage.subtitleHint")} error={errors?.subtitleFile} />
          <button type="submit" className="button button--secondary">{t("films:manage.uploadSubtitle")}</button>
        </Form>
      </section>

      <section aria-labelledby="documents-title">
        <h2 id="documents-title">{t("films:manage.documents")}</h2>
        {film.documents.length ? (
          <ul>
            {film.documents.map((d) => (
              <li key={d.id}>
                <a href={`/media/filmer/${film.id}/dokument/${d.id}`}>{d.title}</a> <span className="meta">(PDF, {formatBytes(d.size_bytes, i18n.language)})</span>
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="document-remove" />
                  <input type="hidden" name="documentId" value={d.id} />
                  <button type="submit" className="button button--link">{t("films:manage.remove", { what: d.title })}</button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("films:manage.noDocuments")}</p>
        )}
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="document" />
          <TextField name="documentTitle" label={labels.documentTitle} error={errors?.documentTitle} defaultValue={values?.documentTitle} />
          <TextField name="documentFile" type="file" accept="application/pdf,.pdf" label={labels.documentFile} hint={t("films:manage.documentHint")} error={errors?.documentFile} />
          <button type="submit" className="button button--secondary">{t("films:manage.uploadDocument")}</button>
        </Form>
      </section>

      <section aria-labelledby="people-title">
        <h2 id="people-title">{t("films:fields.ambassadors")}</h2>
        <p>{t("films:manage.peopleLead")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="ambassadors" />
          <fieldset id="ambassadors">
            <legend>{t("films:manage.whoAppears")}</legend>
            {candidates.map((a) => {
              const current = film.ambassadors.find((x) => x.id === a.id);
              return (
                <div className="checkbox" key={a.id}>
                  <input type="checkbox" id={`ambassador-${a.id}`} name="ambassadors" value={a.id} defaultChecked={linked.has(a.id)} />
                  <label htmlFor={`ambassador-${a.id}`}>
                    {a.name} <span className="meta">({a.municipality})</span>
                    {current ? <span className={`tag${current.consents ? "" : " tag--warning"}`}> {t(current.consents ? "films:manage.consents" : "films:manage.noConsent")}</span> : null}
                  </label>
                </div>
              );
            })}
          </fieldset>
          <button type="submit" className="button button--secondary">{t("films:manage.savePeople")}</button>
        </Form>
      </section>

      <section aria-labelledby="publish-title">
        <h2 id="publish-title">{t("films:fields.status")}</h2>
        {film.status === "withdrawn" && film.withdrawn_reason === "consent" ? <Notice kind="warning">{t("films:manage.withdrawnConsent")}</Notice> : null}
        {film.campaign_status !== "published" ? <p>{t("films:manage.campaignNotPublished")}</p> : null}
        <div className="actions" id="status">
          {filmStatuses
            .filter((s) => s !== film.status)
            .map((s) => (
              <Form method="post" key={s}>
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="status" value={s} />
                <button type="submit" className={s === "published" ? "button" : "button button--secondary"}>
                  {t(`films:manage.to.${s}`)}
                </button>
              </Form>
            ))}
        </div>
      </section>

      <section aria-labelledby="views-title">
        <h2 id="views-title">{t("films:manage.views")}</h2>
        <p className="meta">{t("films:manage.viewsLead")}</p>
        {views.length ? (
          <table>
            <caption className="visually-hidden">{t("films:manage.views")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("films:manage.day")}</th>
                <th scope="col">{t("films:manage.viewCount")}</th>
              </tr>
            </thead>
            <tbody>
              {views.map((v) => (
                <tr key={v.day}>
                  <td>{v.day}</td>
                  <td>{v.views}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("films:manage.noViews")}</p>
        )}
      </section>

      <section aria-labelledby="details-title">
        <h2 id="details-title">{t("films:manage.details")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="details" />
          <TextField name="title" label={labels.title} error={errors?.title} defaultValue={values?.title ?? film.title} required />
          <TextArea name="description" label={labels.description} error={errors?.description} defaultValue={values?.description ?? film.description ?? ""} />
          <button type="submit" className="button">{t("films:manage.saveDetails")}</button>
        </Form>
      </section>
    </>
  );
}
