import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText, SelectField } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { PoolError } from "~/errors";
import { parseForm, type FieldErrors } from "~/forms.server";
import { publicFilms } from "~/films/films.server";
import { GuidanceErrorBoundary } from "~/guidance/components";
import { GuideConflict, saveSource, saveTranslation, translationEditor, updateGuideSettings } from "~/guidance/guidance.server";
import { requireReadingLanguage } from "~/guidance/page.server";
import { guideSettingsSchema, sourceSchema, translationSchema } from "~/guidance/schemas";
import { renderMarkdown } from "~/guidance/text.server";
import { pageTitle } from "~/meta";
import { forbidden, notFound, requireUser } from "~/permissions.server";

export const meta = pageTitle("guidance:editor.title");

async function load(request: Request, params: { slug?: string; lang?: string }) {
  const user = await requireUser(request, { role: ["translator", "admin"] });
  const { language } = await requireReadingLanguage(db, params.lang);
  // the Swedish source and the guide's settings are the admins' (the editors')
  if (language.isSource && user.role !== "admin") throw forbidden();
  const editor = await translationEditor(db, String(params.slug), language);
  if (!editor) throw notFound();
  return { user, language, editor };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, language, editor } = await load(request, params);
  const intro = editor.sections.find((s) => s.key === "intro");
  return {
    isAdmin: user.role === "admin",
    language: { code: language.code, nativeName: language.nativeName, htmlLang: language.htmlLang, dir: language.dir, isSource: language.isSource },
    guide: { ...editor.guide, title: intro?.heading ?? editor.guide.slug },
    sections: editor.sections.map((s) => ({ ...s, sourceHtml: renderMarkdown(s.body) })),
    settings:
      language.isSource && user.role === "admin"
        ? {
            sectors: await db.selectFrom("sector").select(["id", "name"]).orderBy("sort_order").execute(),
            films: await publicFilms(db).select(["film.id", "film.title"]).orderBy("film.title").execute(),
          }
        : null,
  };
}

type Result = { section?: string; errors?: FieldErrors; values?: Record<string, string>; conflict?: GuideConflict["current"] };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, language, editor } = await load(request, params);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const slug = editor.guide.slug;
  const back = (section: string) => redirect(`/oversattning/${slug}/${language.code}?sparat=${encodeURIComponent(section)}#sektion-${section}`);
  const fail = (status: number, result: Result) => data(result, { status });
  try {
    if (intent === "settings") {
      if (!language.isSource) throw forbidden();
      const parsed = parseForm(form, guideSettingsSchema);
      if (!parsed.ok) return fail(400, { section: "_settings", errors: parsed.errors, values: parsed.values });
      await updateGuideSettings(db, slug, parsed.data, user.id);
      return back("_settings");
    }
    if (intent === "source") {
      if (!language.isSource) throw forbidden();
      const parsed = parseForm(form, sourceSchema);
      const section = String(form.get("section") ?? "");
      if (!parsed.ok) return fail(400, { section, errors: parsed.errors, values: parsed.values });
      await saveSource(db, { guide: slug, section: parsed.data.section, heading: parsed.data.heading, body: parsed.data.body, baseRevision: parsed.data.baseVersion }, user.id);
      return back(section);
    }
    if (intent === "translation") {
      const parsed = parseForm(form, translationSchema);
      const section = String(form.get("section") ?? "");
      if (!parsed.ok) return fail(400, { section, errors: parsed.errors, values: parsed.values });
      await saveTranslation(
        db,
        {
          guide: slug,
          section: parsed.data.section,
          language,
          heading: parsed.data.heading,
          body: parsed.data.body,
          baseVersion: parsed.data.baseVersion,
          publish: parsed.data.publish === "1",
          nativeReviewed: parsed.data.nativeReviewed === "on",
        },
        user.id,
      );
      return back(section);
    }
    return fail(400, { errors: { intent: "errors.invalid" } });
  } catch (error) {
    const section = String(form.get("section") ?? "");
    const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string").map(([k, v]) => [k, String(v)]));
    if (error instanceof GuideConflict) return fail(409, { section, errors: { body: "guidance:errors.conflict" }, values, conflict: error.current });
    if (error instanceof PoolError) return fail(400, { section, errors: { [error.field]: error.key }, values });
    throw error;
  }
}

export default function TranslationEditor() {
  const { t } = useTranslation();
  const { language, guide, sections, settings, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const [search] = useSearchParams();
  const saved = search.get("sparat");
  return (
    <>
      <p className="breadcrumb">
        <Link to="/oversattning">{t("guidance:overview.title")}</Link>
      </p>
      <PageHeader
        title={t(language.isSource ? "guidance:editor.sourceHeading" : "guidance:editor.heading", { guide: guide.title, language: language.nativeName })}
        lead={t(language.isSource ? "guidance:editor.sourceLead" : "guidance:editor.lead")}
      />
      {saved ? <Notice kind="success">{t(language.isSource && saved !== "_settings" ? "guidance:editor.savedSource" : "guidance:editor.saved")}</Notice> : null}
      <p>
        <a href={`/${language.code}/vagledning/${guide.slug}`}>{t("guidance:editor.view")}</a>
        {isAdmin && !language.isSource ? (
          <>
            {" · "}
            <Link to={`/oversattning/${guide.slug}/sv`}>{t("guidance:editor.editSource")}</Link>
          </>
        ) : null}
      </p>
      {settings ? <GuideSettings guide={guide} settings={settings} result={result?.section === "_settings" ? result : undefined} /> : null}
      <p className="field__hint">{t("guidance:editor.markdownHint")}</p>
      {sections.map((s) => (
        <SectionEditor key={s.id} section={s} language={language} result={result?.section === s.key ? result : undefined} />
      ))}
    </>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function GuideSettings({ guide, settings, result }: { guide: LoaderData["guide"]; settings: NonNullable<LoaderData["settings"]>; result?: Result }) {
  const { t } = useTranslation();
  const values = result?.values ?? {};
  return (
    <section className="card" aria-labelledby="sektion-_settings-rubrik" id="sektion-_settings">
      <h2 id="sektion-_settings-rubrik">{t("guidance:settings.title")}</h2>
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="settings" />
        <SelectField
          name="status"
          label={t("guidance:settings.status")}
          error={result?.errors?.status}
          defaultValue={values.status ?? guide.status}
          options={[
            { value: "draft", label: t("guidance:settings.draft") },
            { value: "published", label: t("guidance:settings.published") },
          ]}
        />
        <SelectField
          name="sectorId"
          label={t("guidance:settings.sector")}
          defaultValue={values.sectorId ?? (guide.sector_id ? String(guide.sector_id) : "")}
          options={[{ value: "", label: t("guidance:settings.none") }, ...settings.sectors.map((s) => ({ value: String(s.id), label: s.name }))]}
        />
        <SelectField
          name="filmId"
          label={t("guidance:settings.film")}
          hint={t("guidance:settings.filmHint")}
          defaultValue={values.filmId ?? (guide.film_id ? String(guide.film_id) : "")}
          options={[{ value: "", label: t("guidance:settings.none") }, ...settings.films.map((f) => ({ value: String(f.id), label: f.title }))]}
        />
        <button type="submit" className="button">
          {t("guidance:settings.save")}
        </button>
      </Form>
    </section>
  );
}

function SectionEditor({ section, language, result }: { section: LoaderData["sections"][number]; language: LoaderData["language"]; result?: Result }) {
  const { t } = useTranslation();
  const own = language.isSource ? { heading: section.heading, body: section.body, version: section.revision } : section.translation ? { heading: section.translation.heading, body: section.translation.body, version: section.translation.version } : null;
  const values = result?.values;
  const id = (field: string) => `${section.key}-${field}`;
  const errors = result?.errors ?? {};
  // after a conflict the next save is based on what is saved now, deliberately
  const baseVersion = result?.conflict ? result.conflict.version : (own?.version ?? 0);
  const headingLabel = t("guidance:editor.headingLabel");
  const bodyLabel = t("guidance:editor.bodyLabel");
  return (
    <section className="card section-editor" id={`sektion-${section.key}`} aria-labelledby={id("title")}>
      <h2 id={id("title")}>
        {section.heading}
        {section.kind !== "text" ? <span className="tag"> {t(`guidance:editor.kind.${section.kind}`, { figure: section.figure ?? "" })}</span> : null}
      </h2>
      <p>
        <span className={`status status--${section.status}`}>{t(`guidance:status.${section.status}`)}</span>{" "}
        {language.isSource
          ? t("guidance:editor.revision", { revision: section.revision })
          : section.translation
            ? t("guidance:editor.madeFrom", { from: section.translation.source_revision, now: section.revision })
            : null}
      </p>
      {section.translation?.reviewed_by ? (
        <p className="field__hint">{t("guidance:editor.reviewedBy", { name: section.translation.reviewed_by, date: section.translation.reviewed_at?.slice(0, 10) })}</p>
      ) : null}
      {section.translation && !section.translation.native_reviewed ? <p className="field__hint">{t("guidance:editor.notNative")}</p> : null}
      {Object.keys(errors).length ? (
        <div className="error-summary" role="alert" aria-labelledby={id("errors")}>
          <h3 id={id("errors")}>{t("form.errorSummary")}</h3>
          <ul>
            {Object.entries(errors).map(([field, key]) => (
              <li key={field}>
                <a href={`#${id(field === "heading" ? "heading" : "body")}`}>
                  {errorText(t, key)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result?.conflict ? (
        <div className="notice notice--warning">
          <p>{t("guidance:editor.conflict", { name: result.conflict.updatedBy ?? "?", time: result.conflict.updatedAt.slice(0, 16).replace("T", " ") })}</p>
          <p className="conflict-current__title">{t("guidance:editor.conflictCurrent")}</p>
          <div className="conflict-current" lang={language.htmlLang} dir={language.dir} data-testid="conflict-current">
            <p>
              <strong>{result.conflict.heading}</strong>
            </p>
            <pre>{result.conflict.body}</pre>
          </div>
        </div>
      ) : null}
      <div className={language.isSource ? "section-editor__grid section-editor__grid--single" : "section-editor__grid"}>
        {!language.isSource ? (
          <div className="section-editor__source" lang="sv" dir="ltr">
            <h3>{t("guidance:editor.source")}</h3>
            <p>
              <strong>{section.heading}</strong>
            </p>
            <div className="prose" dangerouslySetInnerHTML={{ __html: section.sourceHtml }} />
          </div>
        ) : null}
        <Form method="post" className="form section-editor__form">
          <input type="hidden" name="intent" value={language.isSource ? "source" : "translation"} />
          <input type="hidden" name="section" value={section.key} />
          <input type="hidden" name="baseVersion" value={baseVersion} />
          <div className={errors.heading ? "field field--error" : "field"}>
            <label htmlFor={id("heading")}>{headingLabel}</label>
            <input
              id={id("heading")}
              name="heading"
              defaultValue={values?.heading ?? own?.heading ?? ""}
              lang={language.htmlLang}
              dir={language.dir}
              aria-invalid={errors.heading ? true : undefined}
            />
          </div>
          <div className={errors.body ? "field field--error" : "field"}>
            <label htmlFor={id("body")}>{bodyLabel}</label>
            <textarea
              id={id("body")}
              name="body"
              rows={Math.min(18, Math.max(4, (values?.body ?? own?.body ?? section.body).split("\n").length + 1))}
              defaultValue={values?.body ?? own?.body ?? ""}
              lang={language.htmlLang}
              dir={language.dir}
              aria-invalid={errors.body ? true : undefined}
            />
          </div>
          {language.isSource ? (
            <button type="submit" className="button">
              {t("guidance:editor.saveSource")}
            </button>
          ) : (
            <>
              <div className="checkbox">
                <input type="checkbox" id={id("native")} name="nativeReviewed" defaultChecked={!!section.translation?.native_reviewed} />
                <label htmlFor={id("native")}>{t("guidance:editor.nativeReviewed")}</label>
              </div>
              <div className="button-row">
                <button type="submit" name="publish" value="0" className="button button--secondary">
                  {t("guidance:editor.saveDraft")}
                </button>
                <button type="submit" name="publish" value="1" className="button">
                  {t("guidance:editor.publish")}
                </button>
              </div>
            </>
          )}
        </Form>
      </div>
    </section>
  );
}

export const ErrorBoundary = GuidanceErrorBoundary;
