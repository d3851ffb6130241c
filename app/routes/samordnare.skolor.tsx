import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PoolError } from "~/ambassadors/pool.server";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest } from "~/forms.server";
import { pageTitle } from "~/meta";
import { municipalityScope, requireUser } from "~/permissions.server";
import { decideSchool, listSchools } from "~/schools/schools.server";

export const meta = pageTitle("schools:list.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["coordinator", "admin"] });
  return { schools: await listSchools(db, municipalityScope(user)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const schoolId = Number(form.get("schoolId"));
  const school = Number.isInteger(schoolId) ? await db.selectFrom("school").select("municipality_id").where("id", "=", schoolId).executeTakeFirst() : undefined;
  // another network's school is a 404, like every record outside the user's municipalities
  const user = await requireUser(request, { role: ["coordinator", "admin"], municipality: school?.municipality_id ?? null });
  const decision = form.get("decision");
  if (decision !== "approve" && decision !== "reject") return badRequest({ _form: "errors.invalid" });
  try {
    await decideSchool(db, { schoolId, approve: decision === "approve", actor: user });
  } catch (error) {
    if (error instanceof PoolError) return badRequest({ _form: error.key });
    throw error;
  }
  throw redirect(`/samordnare/skolor?${decision === "approve" ? "godkand" : "avslagen"}=1`);
}

export default function Schools() {
  const { t } = useTranslation();
  const { schools } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const error = actionData?.errors?._form;
  return (
    <>
      <PageHeader title={t("schools:list.title")} lead={t("schools:list.lead")} />
      {error ? <Notice kind="warning">{t(error)}</Notice> : null}
      {params.get("godkand") && !error ? <Notice kind="success">{t("schools:list.approved")}</Notice> : null}
      {params.get("avslagen") && !error ? <Notice kind="success">{t("schools:list.rejected")}</Notice> : null}
      {schools.length === 0 ? (
        <p>{t("schools:list.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("schools:fields.schoolName")}</th>
                <th scope="col">{t("schools:fields.unitCode")}</th>
                <th scope="col">{t("schools:fields.municipality")}</th>
                <th scope="col">{t("schools:list.registeredBy")}</th>
                <th scope="col">{t("schools:list.status")}</th>
              </tr>
            </thead>
            <tbody>
              {schools.map((s) => (
                <tr key={s.id}>
                  <td>{s.status === "approved" ? <Link to={`/skolor/${s.id}`}>{s.name}</Link> : s.name}</td>
                  <td>{s.unit_code ?? "–"}</td>
                  <td>{s.municipality}</td>
                  <td>{s.registered_by ? `${s.registered_by} (${s.registered_by_email})` : "–"}</td>
                  <td>
                    {t(`schools:status.${s.status}`)}
                    {s.status === "pending" ? (
                      <div className="status-actions">
                        {(["approve", "reject"] as const).map((d) => (
                          <Form method="post" key={d}>
                            <input type="hidden" name="schoolId" value={s.id} />
                            <input type="hidden" name="decision" value={d} />
                            <button type="submit" className={`button button--small${d === "reject" ? " button--secondary" : ""}`}>
                              {t(`schools:list.${d}`)}
                              <span className="visually-hidden"> – {s.name}</span>
                            </button>
                          </Form>
                        ))}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
