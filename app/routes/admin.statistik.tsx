import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { pageTitle } from "~/meta";
import { requireUser } from "~/permissions.server";
import { forgetUpload, importStatistics, ImportRefused, previewUpload, readUpload, type PreviewResult } from "~/reach/imports.server";
import type { CsvIssue } from "~/reach/csv.server";

export const meta = pageTitle("reach:import.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: ["admin"] });
  const imports = await db
    .selectFrom("statistics_import as i")
    .leftJoin("app_user as u", "u.id", "i.imported_by_user_id")
    .select(["i.id", "i.kind", "i.file_name", "i.row_count", "i.inserted", "i.updated", "i.unchanged", "i.created_at", "u.name as imported_by"])
    .orderBy("i.id", "desc")
    .limit(20)
    .execute();
  return { imports };
}

type Result = PreviewResult;
const kinds = ["pupils", "applicants"] as const;
type Kind = (typeof kinds)[number];
const isKind = (v: unknown): v is Kind => kinds.includes(v as Kind);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: ["admin"] });
  const contentType = request.headers.get("Content-Type") ?? "";
  if (contentType.startsWith("multipart/form-data")) {
    // step 1 without JavaScript: the file → a preview (nothing written to the statistics)
    const { status, result } = await previewUpload(request);
    return data<Result>(result, { status });
  }
  // step 2: import the previewed file
  const form = await request.formData();
  const kind = form.get("kind");
  const token = String(form.get("token") ?? "");
  const bytes = readUpload(token);
  if (!isKind(kind) || !bytes) return data<Result>({ errors: { file: "reach:errors.uploadGone" } }, { status: 400 });
  try {
    const result = await importStatistics(db, { kind, bytes, fileName: String(form.get("fileName") ?? "fil.csv"), confirmWarnings: form.get("confirm") === "on" }, user.id);
    forgetUpload(token);
    return redirect(`/admin/statistik?importerad=${result.id}`);
  } catch (error) {
    if (error instanceof ImportRefused)
      return data<Result>({ preview: error.preview, token, errors: error.preview.errors.length ? undefined : { confirm: "reach:errors.confirmWarnings" } }, { status: 400 });
    throw error;
  }
}

function IssueList({ issues, title, id }: { issues: CsvIssue[]; title: string; id: string }) {
  const { t } = useTranslation();
  const shown = issues.slice(0, 200);
  return (
    <div className={id === "fel" ? "error-summary" : "notice notice--warning"} role={id === "fel" ? "alert" : undefined} aria-labelledby={`${id}-rubrik`}>
      <h2 id={`${id}-rubrik`}>{title}</h2>
      <ul data-testid={`issues-${id}`}>
        {shown.map((e, i) => (
          <li key={i}>
            {t("reach:import.at", { line: e.line, column: e.columnLetter ? `${e.columnLetter} (${e.column})` : "–" })}: {errorText(t, e.params ? `${e.key}?${new URLSearchParams(Object.entries(e.params).map(([k, v]) => [k, String(v)]))}` : e.key)}
          </li>
        ))}
      </ul>
      {issues.length > shown.length ? <p>{t("reach:import.more", { count: issues.length - shown.length })}</p> : null}
    </div>
  );
}

export default function StatisticsImport() {
  const { t } = useTranslation();
  const { imports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Result | undefined;
  const [uploaded, setUploaded] = useState<Result | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const result = uploaded ?? actionData;
  const preview = result?.preview;
  const [search] = useSearchParams();
  const done = imports.find((i) => String(i.id) === search.get("importerad"));

  // With JavaScript: send the file with a progress bar (large files take a while on slow lines).
  // Without it, the form posts as usual and the preview comes back as a page.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (typeof XMLHttpRequest === "undefined") return;
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/admin/statistik/forhandsgranska");
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(e.loaded / e.total);
    xhr.onload = () => {
      setProgress(null);
      try {
        setUploaded(JSON.parse(xhr.responseText) as Result);
      } catch {
        setUploaded({ errors: { file: "reach:errors.noFile" } });
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setUploaded({ errors: { file: "reach:errors.network" } });
    };
    setProgress(0);
    xhr.send(new FormData(event.currentTarget));
  };

  return (
    <>
      <PageHeader title={t("reach:import.title")} lead={t("reach:import.lead")} />
      {done ? (
        <Notice kind="success" title={t("reach:import.done", { file: done.file_name })}>
          <p>{t("reach:import.summary", { inserted: done.inserted, updated: done.updated, unchanged: done.unchanged })}</p>
        </Notice>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="form" ref={form} onSubmit={onSubmit} reloadDocument>
        {result?.errors ? (
          <div className="error-summary" role="alert" aria-labelledby="form-fel">
            <h2 id="form-fel">{t("form.errorSummary")}</h2>
            <ul>
              {Object.entries(result.errors).map(([field, key]) => (
                <li key={field}>
                  <a href={`#${field === "confirm" ? "confirm" : field}`}>{errorText(t, key)}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <fieldset className="field">
          <legend>{t("reach:import.kind")}</legend>
          {kinds.map((k, i) => (
            <div className="checkbox" key={k}>
              <input type="radio" id={i === 0 ? "kind" : `kind-${k}`} name="kind" value={k} defaultChecked={(preview?.kind ?? "pupils") === k} />
              <label htmlFor={i === 0 ? "kind" : `kind-${k}`}>{t(`reach:import.kinds.${k}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="file">{t("reach:import.file")}</label>
          <p className="field__hint" id="file-hint">
            {t("reach:import.fileHint")}
          </p>
          <input type="file" id="file" name="file" accept=".csv,.txt,text/csv,text/plain" aria-describedby="file-hint" required />
        </div>
        {progress != null ? (
          <p>
            <label htmlFor="upload-progress">{t("reach:import.uploading")}</label>{" "}
            <progress id="upload-progress" max={1} value={progress}>
              {Math.round(progress * 100)} %
            </progress>{" "}
            <span aria-live="polite">{Math.round(progress * 100)} %</span>
          </p>
        ) : null}
        <button type="submit" className="button">
          {t("reach:import.preview")}
        </button>
      </Form>

      {preview ? (
        <section aria-labelledby="forhandsgranskning" className="import-preview">
          <h2 id="forhandsgranskning">{t("reach:import.previewTitle", { file: preview.fileName })}</h2>
          <p>{t("reach:import.detected", { encoding: preview.encoding, delimiter: preview.delimiter, rows: preview.rowCount })}</p>
          <table className="table" data-testid="mapping">
            <caption>{t("reach:import.mapping")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reach:import.field")}</th>
                <th scope="col">{t("reach:import.column")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.mapping.map((m) => (
                <tr key={m.field}>
                  <th scope="row">{t(`reach:fields.${m.field}`)}</th>
                  <td>
                    {m.letter} – {m.header}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.errors.length ? <IssueList id="fel" issues={preview.errors} title={t("reach:import.errorsTitle", { count: preview.errors.length })} /> : null}
          {preview.warnings.length ? <IssueList id="varningar" issues={preview.warnings} title={t("reach:import.warningsTitle", { count: preview.warnings.length })} /> : null}
          {!preview.errors.length && result?.token ? (
            <>
              <p data-testid="changes">{t("reach:import.changes", { inserted: preview.inserted, updated: preview.updated, unchanged: preview.unchanged })}</p>
              <Form method="post" className="form" reloadDocument>
                <input type="hidden" name="kind" value={preview.kind} />
                <input type="hidden" name="token" value={result.token} />
                <input type="hidden" name="fileName" value={preview.fileName} />
                {preview.warnings.length ? (
                  <div className="checkbox">
                    <input type="checkbox" id="confirm" name="confirm" />
                    <label htmlFor="confirm">{t("reach:import.confirm")}</label>
                  </div>
                ) : null}
                <button type="submit" className="button">
                  {t("reach:import.import", { count: preview.rowCount })}
                </button>
              </Form>
            </>
          ) : preview.errors.length ? (
            <p>{t("reach:import.fixAndRetry")}</p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="tidigare">
        <h2 id="tidigare">{t("reach:import.history")}</h2>
        {imports.length ? (
          <table className="table">
            <caption className="visually-hidden">{t("reach:import.history")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reach:import.when")}</th>
                <th scope="col">{t("reach:import.kind")}</th>
                <th scope="col">{t("reach:import.file")}</th>
                <th scope="col">{t("reach:import.result")}</th>
                <th scope="col">{t("reach:import.by")}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.id}>
                  <td>{i.created_at.slice(0, 16).replace("T", " ")}</td>
                  <td>{t(`reach:import.kinds.${i.kind}`)}</td>
                  <td>{i.file_name}</td>
                  <td>{t("reach:import.summary", { inserted: i.inserted, updated: i.updated, unchanged: i.unchanged })}</td>
                  <td>{i.imported_by ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("reach:import.none")}</p>
        )}
      </section>
    </>
  );
}
