import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ambassadorFormOptions } from "~/ambassadors/options.server";
import { applyAsAmbassador } from "~/ambassadors/pool.server";
import { formats, grades } from "~/ambassadors/rules";
import { applicationSchema } from "~/ambassadors/schemas";
import { CheckboxGroup, ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { getLocale } from "~/i18n/i18n.server";
import { takeAttempt } from "~/rate-limit.server";
import { clientIp } from "~/request.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("ambassadors:apply.title");

export async function loader(_: LoaderFunctionArgs) {
  return ambassadorFormOptions(db);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), applicationSchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  const input = parsed.data;
  // A filled honeypot is a bot: answer as if it worked and store nothing.
  if (input.website) return { applied: true as const };
  if (!(await takeAttempt(db, `application:${clientIp(request, context)}`, 5, 60)))
    return data({ errors: { _form: "ambassadors:apply.tooMany" }, values: parsed.values }, { status: 429 });
  const known = await db.selectFrom("municipality").select("id").where("id", "=", input.municipalityId).executeTakeFirst();
  if (!known) return badRequest({ municipalityId: "errors.choose" }, parsed.values);
  const sector = await db.selectFrom("sector").select("id").where("id", "=", input.sectorId).executeTakeFirst();
  if (!sector) return badRequest({ sectorId: "errors.choose" }, parsed.values);
  const languages = await db.selectFrom("language").select("code").where("code", "in", input.languages).execute();
  if (languages.length !== new Set(input.languages).size) return badRequest({ languages: "errors.invalid" }, parsed.values);
  const result = await applyAsAmbassador(db, input, await getLocale(request));
  if (!result.ok) return badRequest({ email: "ambassadors:errors.duplicate" }, parsed.values);
  return { applied: true as const };
}

export default function Apply() {
  const { t } = useTranslation();
  const { municipalities, sectors, languages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData && "applied" in actionData)
    return (
      <div className="narrow">
        <PageHeader title={t("ambassadors:apply.thanksTitle")} />
        <Notice kind="success">{t("ambassadors:apply.thanksBody")}</Notice>
      </div>
    );
  const errors = actionData && "errors" in actionData ? (actionData.errors as Record<string, string>) : undefined;
  const values = (actionData && "values" in actionData ? actionData.values : {}) as Record<string, string>;
  const many = (v: string | undefined) => (v ? v.split(",") : []);
  const labels = {
    name: t("ambassadors:fields.name"),
    email: t("ambassadors:fields.email"),
    phone: t("ambassadors:fields.phone"),
    municipalityId: t("ambassadors:fields.municipality"),
    employerName: t("ambassadors:fields.employer"),
    occupation: t("ambassadors:fields.occupation"),
    sectorId: t("ambassadors:fields.sector"),
    educationPath: t("ambassadors:fields.educationPath"),
    story: t("ambassadors:fields.story"),
    languages: t("ambassadors:fields.languages"),
    gender: t("ambassadors:fields.gender"),
    formats: t("ambassadors:fields.formats"),
    grades: t("ambassadors:fields.grades"),
  };
  return (
    <div className="narrow">
      <PageHeader title={t("ambassadors:apply.title")} lead={t("ambassadors:apply.lead")} />
      {errors?._form ? <Notice kind="warning">{t(errors._form)}</Notice> : null}
      <ErrorSummary errors={errors && Object.fromEntries(Object.entries(errors).filter(([k]) => k !== "_form"))} labels={labels} />
      <Form method="post" className="stack" noValidate>
        <TextField name="name" autoComplete="name" label={labels.name} error={errors?.name} defaultValue={values.name} required />
        <TextField name="email" type="email" autoComplete="email" label={labels.email} error={errors?.email} defaultValue={values.email} required />
        <TextField name="phone" type="tel" autoComplete="tel" label={labels.phone} hint={t("ambassadors:fields.phoneHint")} error={errors?.phone} defaultValue={values.phone} />
        <SelectField name="municipalityId" label={labels.municipalityId} error={errors?.municipalityId} defaultValue={values.municipalityId ?? ""} choose options={municipalities.map((m) => ({ value: m.id, label: m.name }))} />
        <TextField name="occupation" label={labels.occupation} hint={t("ambassadors:fields.occupationHint")} error={errors?.occupation} defaultValue={values.occupation} required />
        <TextField name="employerName" autoComplete="organization" label={labels.employerName} error={errors?.employerName} defaultValue={values.employerName} required />
        <SelectField name="sectorId" label={labels.sectorId} error={errors?.sectorId} defaultValue={values.sectorId ?? ""} choose options={sectors.map((s) => ({ value: s.id, label: s.name }))} />
        <TextArea name="educationPath" label={labels.educationPath} hint={t("ambassadors:fields.educationPathHint")} error={errors?.educationPath} defaultValue={values.educationPath} rows={3} maxLength={500} />
        <TextArea name="story" label={labels.story} hint={t("ambassadors:fields.storyHint")} error={errors?.story} defaultValue={values.story} rows={6} maxLength={2000} />
        <CheckboxGroup
          name="languages"
          legend={labels.languages}
          error={errors?.languages}
          options={languages.map((l) => ({ value: l.code, label: l.native_name, lang: l.code, dir: l.dir as "ltr" | "rtl" }))}
          checked={many(values.languages)}
        />
        <RadioGroup
          name="gender"
          legend={labels.gender}
          hint={t("ambassadors:fields.genderHint")}
          error={errors?.gender}
          options={[
            { value: "female", label: t("ambassadors:gender.female") },
            { value: "male", label: t("ambassadors:gender.male") },
            { value: "other", label: t("ambassadors:gender.other") },
            { value: "", label: t("ambassadors:gender.unstated") },
          ]}
          checked={values.gender ?? ""}
        />
        <CheckboxGroup
          name="formats"
          legend={labels.formats}
          error={errors?.formats}
          options={formats.map((f) => ({ value: f, label: t(`ambassadors:formats.${f}`) }))}
          checked={many(values.formats)}
        />
        <CheckboxGroup
          name="grades"
          legend={labels.grades}
          error={errors?.grades}
          options={grades.map((g) => ({ value: String(g), label: g === 10 ? t("ambassadors:gymnasium") : t("ambassadors:grade", { grade: g }) }))}
          checked={many(values.grades)}
        />
        <fieldset className="field">
          <legend>{t("ambassadors:fields.consents")}</legend>
          {(["profile", "photo", "films"] as const).map((kind) => (
            <div className="checkbox checkbox--consent" key={kind}>
              <input type="checkbox" id={`consent-${kind}`} name={`consent${kind[0].toUpperCase()}${kind.slice(1)}`} aria-describedby={`consent-${kind}-text`} />
              <label htmlFor={`consent-${kind}`}>{t(`ambassadors:consent.${kind}.label`)}</label>
              <p className="field__hint" id={`consent-${kind}-text`}>
                {t(`ambassadors:consent.${kind}.v1`)}
              </p>
            </div>
          ))}
        </fieldset>
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">{t("ambassadors:apply.honeypot")}</label>
          <input type="text" id="website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <button type="submit" className="button">
          {t("ambassadors:apply.submit")}
        </button>
      </Form>
    </div>
  );
}
