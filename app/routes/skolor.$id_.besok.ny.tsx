import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ambassadorFormOptions } from "~/ambassadors/options.server";
import { CheckboxGroup, ErrorSummary, RadioGroup, SelectField, TextArea, TextField, formResult } from "~/components/forms";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { pageTitle } from "~/meta";
import { notFound, requireUser } from "~/permissions.server";
import { listClassGroups } from "~/schools/schools.server";
import { refusal } from "~/visits/access.server";
import { idParam } from "~/request.server";
import { SCHOOL_DAY } from "~/visits/rules";
import { visitRequestSchema, windowIndexes } from "~/visits/schemas";
import { createRequest } from "~/visits/visits.server";

export const meta = pageTitle("visits:request.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const schoolId = idParam(params.id);
  await requireUser(request, { role: ["school_staff", "admin"], school: schoolId });
  const school = await db.selectFrom("school").select(["id", "name", "status"]).where("id", "=", schoolId!).executeTakeFirst();
  if (!school) throw notFound();
  const { sectors, languages } = await ambassadorFormOptions(db);
  return { school, groups: await listClassGroups(db, school.id), sectors, languages };
}

/** The school's request: its own class groups, one to five windows, wishes. 400 with the field and reason otherwise. */
export async function action({ request, params }: ActionFunctionArgs) {
  const schoolId = idParam(params.id);
  const user = await requireUser(request, { role: ["school_staff", "admin"], school: schoolId });
  const form = await request.formData();
  const parsed = parseForm(form, visitRequestSchema);
  const values = { ...parsed.values, groups: form.getAll("groups").map(String).join(","), languages: form.getAll("languages").map(String).join(",") };
  if (!parsed.ok) return badRequest(parsed.errors, values);
  let visitId: number;
  try {
    visitId = await createRequest(db, { schoolId: schoolId!, user, request: parsed.data });
  } catch (error) {
    return refusal(error, values);
  }
  throw redirect(`/skolor/${schoolId}/besok/${visitId}?skickad=1`);
}

export default function NewVisitRequest() {
  const { t } = useTranslation();
  const { school, groups, sectors, languages } = useLoaderData<typeof loader>();
  const { errors, values } = formResult(useActionData<typeof action>());
  const labels: Record<string, string> = {
    groups: t("visits:fields.groups"),
    format: t("visits:fields.format"),
    sectorId: t("visits:fields.sector"),
    occupation: t("visits:fields.occupation"),
    languages: t("visits:fields.languages"),
    message: t("visits:fields.message"),
    _form: "",
    ...Object.fromEntries(windowIndexes.map((n) => [`window-${n}`, t("visits:request.window", { n })])),
  };
  return (
    <>
      <PageHeader title={t("visits:request.title")} lead={t("visits:request.lead", { school: school.name })} />
      <ErrorSummary errors={errors} labels={labels} />
      {groups.length === 0 ? (
        <p>
          {t("visits:request.noGroups")} <Link to={`/skolor/${school.id}`}>{t("visits:request.addGroups")}</Link>
        </p>
      ) : (
        <Form method="post" className="stack narrow" noValidate>
          <CheckboxGroup
            name="groups"
            legend={labels.groups}
            error={errors?.groups}
            options={groups.map((g) => ({ value: String(g.id), label: t("visits:groupLine", { label: g.label, grade: g.grade, pupils: g.pupils }) }))}
            checked={values.groups?.split(",") ?? []}
          />
          <RadioGroup
            name="format"
            legend={labels.format}
            error={errors?.format}
            options={[
              { value: "on_site", label: t("visits:format.on_site") },
              { value: "digital", label: t("visits:format.digital") },
            ]}
            checked={values.format ?? "on_site"}
          />
          <fieldset className="field">
            <legend>{t("visits:request.windows")}</legend>
            <p className="field__hint" id="windows-hint">
              {t("visits:request.windowsHint", { from: SCHOOL_DAY.start, to: SCHOOL_DAY.end })}
            </p>
            {windowIndexes.map((n) => {
              const error = errors?.[`window-${n}`];
              return (
                <div key={n} className={`window-row${error ? " field--error" : ""}`} role="group" aria-labelledby={`window-${n}-label`}>
                  <p id={`window-${n}-label`} className="window-row__label">
                    {t("visits:request.window", { n })}
                  </p>
                  {error ? (
                    <p className="field__error" id={`window-${n}-error`}>
                      <span className="visually-hidden">{t("form.errorPrefix")} </span>
                      {t(error)}
                    </p>
                  ) : null}
                  <div className="window-row__inputs">
                    <label>
                      {t("visits:request.date")}
                      <input type="date" id={`window-${n}`} name={`date-${n}`} defaultValue={values[`date-${n}`]} aria-invalid={error ? true : undefined} aria-describedby={error ? `window-${n}-error` : "windows-hint"} />
                    </label>
                    <label>
                      {t("visits:request.from")}
                      <input type="time" name={`from-${n}`} step={900} min={SCHOOL_DAY.start} max={SCHOOL_DAY.end} defaultValue={values[`from-${n}`]} />
                    </label>
                    <label>
                      {t("visits:request.to")}
                      <input type="time" name={`to-${n}`} step={900} min={SCHOOL_DAY.start} max={SCHOOL_DAY.end} defaultValue={values[`to-${n}`]} />
                    </label>
                  </div>
                </div>
              );
            })}
          </fieldset>
          <h2>{t("visits:request.wishes")}</h2>
          <SelectField name="sectorId" label={labels.sectorId} error={errors?.sectorId} defaultValue={values.sectorId ?? ""} choose options={sectors.map((s) => ({ value: s.id, label: s.name }))} />
          <TextField name="occupation" type="text" label={labels.occupation} hint={t("visits:request.occupationHint")} error={errors?.occupation} defaultValue={values.occupation} />
          <CheckboxGroup
            name="languages"
            legend={labels.languages}
            error={errors?.languages}
            options={languages.map((l) => ({ value: l.code, label: l.native_name, lang: l.code, dir: l.dir as "ltr" | "rtl" }))}
            checked={values.languages?.split(",") ?? []}
          />
          <div className="checkbox">
            <input type="checkbox" id="preferFemale" name="preferFemale" defaultChecked={values.preferFemale === "on"} />
            <label htmlFor="preferFemale">{t("visits:request.preferFemale")}</label>
          </div>
          <TextArea name="message" label={labels.message} hint={t("visits:request.messageHint")} error={errors?.message} defaultValue={values.message} />
          <button type="submit" className="button">
            {t("visits:request.submit")}
          </button>
        </Form>
      )}
    </>
  );
}
