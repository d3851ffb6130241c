import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createCompany, listCompanies } from "~/ambassadors/companies.server";
import { PoolError } from "~/ambassadors/pool.server";
import { companySchema } from "~/ambassadors/schemas";
import { ErrorSummary, SelectField, TextField, formResult } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { canSeeMunicipality, municipalityScope, requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("ambassadors:companies.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["coordinator", "admin"] });
  const scope = municipalityScope(user);
  let municipalities = db.selectFrom("municipality").select(["id", "name"]).orderBy("name");
  if (scope !== "all") municipalities = municipalities.where("id", "in", scope.length ? scope : [-1]);
  return {
    companies: await listCompanies(db, scope),
    municipalities: await municipalities.execute(),
    sectors: await db.selectFrom("sector").select(["id", "name"]).orderBy("sort_order").execute(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: ["coordinator", "admin"] });
  const parsed = parseForm(await request.formData(), companySchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  // A coordinator adds companies only in the municipalities of its own network.
  if (!canSeeMunicipality(user, parsed.data.municipalityId)) return badRequest({ municipalityId: "errors.choose" }, parsed.values);
  const sector = await db.selectFrom("sector").select("id").where("id", "=", parsed.data.sectorId).executeTakeFirst();
  if (!sector) return badRequest({ sectorId: "errors.choose" }, parsed.values);
  try {
    await createCompany(db, parsed.data, user.id);
  } catch (error) {
    if (error instanceof PoolError) return badRequest({ [error.field]: error.key }, parsed.values);
    throw error;
  }
  throw redirect("/samordnare/foretag?tillagt=1");
}

export default function Companies() {
  const { t } = useTranslation();
  const { companies, municipalities, sectors } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { errors, values } = formResult(actionData);
  const labels = {
    name: t("ambassadors:companies.name"),
    orgNumber: t("ambassadors:companies.orgNumber"),
    municipalityId: t("ambassadors:companies.municipality"),
    sectorId: t("ambassadors:companies.sector"),
    contactName: t("ambassadors:companies.contactName"),
    contactEmail: t("ambassadors:companies.contactEmail"),
    contactPhone: t("ambassadors:companies.contactPhone"),
    monthlyVisitCap: t("ambassadors:companies.cap"),
  };
  return (
    <>
      <PageHeader title={t("ambassadors:companies.title")} lead={t("ambassadors:companies.lead")} />
      {params.get("tillagt") && !errors ? <Notice kind="success">{t("ambassadors:companies.added")}</Notice> : null}
      {companies.length === 0 ? (
        <p>{t("ambassadors:companies.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{labels.name}</th>
                <th scope="col">{labels.orgNumber}</th>
                <th scope="col">{labels.municipalityId}</th>
                <th scope="col">{labels.sectorId}</th>
                <th scope="col">{labels.monthlyVisitCap}</th>
                <th scope="col">{t("ambassadors:companies.ambassadors")}</th>
              </tr>
            </thead>
            <tbody>
              {companies.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{c.org_number}</td>
                  <td>{c.municipality}</td>
                  <td>{c.sector ?? "–"}</td>
                  <td>{c.monthly_visit_cap}</td>
                  <td>{Number(c.ambassadors)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t("ambassadors:companies.add")}</h2>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="stack narrow" noValidate>
        <TextField name="name" label={labels.name} error={errors?.name} defaultValue={values.name} required />
        <TextField name="orgNumber" label={labels.orgNumber} hint={t("ambassadors:companies.orgNumberHint")} error={errors?.orgNumber} defaultValue={values.orgNumber} inputMode="numeric" required />
        <SelectField name="municipalityId" label={labels.municipalityId} error={errors?.municipalityId} defaultValue={values.municipalityId ?? ""} choose options={municipalities.map((m) => ({ value: m.id, label: m.name }))} />
        <SelectField name="sectorId" label={labels.sectorId} error={errors?.sectorId} defaultValue={values.sectorId ?? ""} choose options={sectors.map((s) => ({ value: s.id, label: s.name }))} />
        <TextField name="contactName" label={labels.contactName} error={errors?.contactName} defaultValue={values.contactName} />
        <TextField name="contactEmail" type="email" label={labels.contactEmail} error={errors?.contactEmail} defaultValue={values.contactEmail} />
        <TextField name="contactPhone" type="tel" label={labels.contactPhone} error={errors?.contactPhone} defaultValue={values.contactPhone} />
        <TextField name="monthlyVisitCap" type="number" min={0} max={100} label={labels.monthlyVisitCap} error={errors?.monthlyVisitCap} defaultValue={values.monthlyVisitCap ?? "6"} required />
        <button type="submit" className="button">
          {t("ambassadors:companies.add")}
        </button>
      </Form>
    </>
  );
}
