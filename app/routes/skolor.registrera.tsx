import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PoolError } from "~/ambassadors/pool.server";
import { CheckboxGroup, ErrorSummary, SelectField, TextField } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { getLocale } from "~/i18n/i18n.server";
import { pageTitle } from "~/meta";
import { takeAttempt } from "~/rate-limit.server";
import { clientIp } from "~/request.server";
import { schoolGrades } from "~/schools/rules";
import { schoolRegistrationSchema } from "~/schools/schemas";
import { registerSchool } from "~/schools/schools.server";

export const meta = pageTitle("schools:register.title");

export async function loader(_: LoaderFunctionArgs) {
  return { municipalities: await db.selectFrom("municipality").select(["id", "name"]).orderBy("name").execute() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), schoolRegistrationSchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  if (parsed.data.website) return { registered: true as const };
  if (!(await takeAttempt(db, `school-registration:${clientIp(request, context)}`, 5, 60)))
    return data({ errors: { _form: "ambassadors:apply.tooMany" }, values: parsed.values }, { status: 429 });
  const municipality = await db.selectFrom("municipality").select("id").where("id", "=", parsed.data.municipalityId).executeTakeFirst();
  if (!municipality) return badRequest({ municipalityId: "errors.choose" }, parsed.values);
  try {
    await registerSchool(db, parsed.data, await getLocale(request));
  } catch (error) {
    if (error instanceof PoolError) return badRequest({ [error.field]: error.key }, parsed.values);
    throw error;
  }
  return { registered: true as const };
}

export default function RegisterSchool() {
  const { t } = useTranslation();
  const { municipalities } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData && "registered" in actionData)
    return (
      <div className="narrow">
        <PageHeader title={t("schools:register.thanksTitle")} />
        <Notice kind="success">{t("schools:register.thanksBody")}</Notice>
      </div>
    );
  const errors = actionData && "errors" in actionData ? (actionData.errors as Record<string, string>) : undefined;
  const values = (actionData && "values" in actionData ? actionData.values : {}) as Record<string, string>;
  const labels = {
    schoolName: t("schools:fields.schoolName"),
    unitCode: t("schools:fields.unitCode"),
    municipalityId: t("schools:fields.municipality"),
    grades: t("schools:fields.grades"),
    name: t("schools:fields.yourName"),
    email: t("schools:fields.yourEmail"),
  };
  return (
    <div className="narrow">
      <PageHeader title={t("schools:register.title")} lead={t("schools:register.lead")} />
      {errors?._form ? <Notice kind="warning">{t(errors._form)}</Notice> : null}
      <ErrorSummary errors={errors && Object.fromEntries(Object.entries(errors).filter(([k]) => k !== "_form"))} labels={labels} />
      <Form method="post" className="stack" noValidate>
        <TextField name="schoolName" type="text" label={labels.schoolName} error={errors?.schoolName} defaultValue={values.schoolName} required />
        <TextField name="unitCode" type="text" inputMode="numeric" label={labels.unitCode} hint={t("schools:fields.unitCodeHint")} error={errors?.unitCode} defaultValue={values.unitCode} required />
        <SelectField name="municipalityId" label={labels.municipalityId} error={errors?.municipalityId} defaultValue={values.municipalityId ?? ""} choose options={municipalities.map((m) => ({ value: m.id, label: m.name }))} />
        <CheckboxGroup
          name="grades"
          legend={labels.grades}
          error={errors?.grades}
          options={schoolGrades.map((g) => ({ value: String(g), label: t("ambassadors:grade", { grade: g }) }))}
          checked={values.grades ? values.grades.split(",") : []}
        />
        <TextField name="name" type="text" autoComplete="name" label={labels.name} error={errors?.name} defaultValue={values.name} required />
        <TextField name="email" type="email" autoComplete="email" label={labels.email} hint={t("schools:fields.yourEmailHint")} error={errors?.email} defaultValue={values.email} required />
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">{t("ambassadors:apply.honeypot")}</label>
          <input type="text" id="website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <button type="submit" className="button">
          {t("schools:register.submit")}
        </button>
      </Form>
    </div>
  );
}
