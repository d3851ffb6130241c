import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField, formResult } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { pageTitle } from "~/meta";
import { requireUser } from "~/permissions.server";
import { holidaySchema } from "~/schools/schemas";
import { addHoliday, listHolidays } from "~/schools/schools.server";

export const meta = pageTitle("schools:holidays.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  return {
    holidays: await listHolidays(db),
    municipalities: await db.selectFrom("municipality").select(["id", "name"]).orderBy("name").execute(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const parsed = parseForm(await request.formData(), holidaySchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  const known = await db.selectFrom("municipality").select("id").where("id", "=", parsed.data.municipalityId).executeTakeFirst();
  if (!known) return badRequest({ municipalityId: "errors.choose" }, parsed.values);
  await addHoliday(db, parsed.data, admin.id);
  throw redirect("/admin/lov?tillagt=1");
}

export default function Holidays() {
  const { t } = useTranslation();
  const { holidays, municipalities } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { errors, values } = formResult(actionData);
  const labels = {
    municipalityId: t("schools:fields.municipality"),
    name: t("schools:holidays.name"),
    fromDate: t("schools:holidays.from"),
    toDate: t("schools:holidays.to"),
  };
  return (
    <>
      <PageHeader title={t("schools:holidays.title")} lead={t("schools:holidays.lead")} />
      {params.get("tillagt") && !errors ? <Notice kind="success">{t("schools:holidays.added")}</Notice> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{labels.municipalityId}</th>
              <th scope="col">{labels.name}</th>
              <th scope="col">{labels.fromDate}</th>
              <th scope="col">{labels.toDate}</th>
            </tr>
          </thead>
          <tbody>
            {holidays.map((h) => (
              <tr key={h.id}>
                <td>{h.municipality}</td>
                <td>
                  {h.name}
                  {h.is_demo ? ` (${t("demo.label")})` : ""}
                </td>
                <td>{h.from_date}</td>
                <td>{h.to_date}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("schools:holidays.add")}</h2>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="stack narrow" noValidate>
        <SelectField name="municipalityId" label={labels.municipalityId} error={errors?.municipalityId} defaultValue={values.municipalityId ?? ""} choose options={municipalities.map((m) => ({ value: m.id, label: m.name }))} />
        <TextField name="name" type="text" label={labels.name} error={errors?.name} defaultValue={values.name} required />
        <TextField name="fromDate" type="date" label={labels.fromDate} error={errors?.fromDate} defaultValue={values.fromDate} required />
        <TextField name="toDate" type="date" label={labels.toDate} error={errors?.toDate} defaultValue={values.toDate} required />
        <button type="submit" className="button">
          {t("schools:holidays.add")}
        </button>
      </Form>
    </>
  );
}
