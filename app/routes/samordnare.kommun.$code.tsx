import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { coordinatorsOf } from "~/users.server";
import { notFound, requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("municipality.schools");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const municipality = await db.selectFrom("municipality").selectAll().where("code", "=", params.code ?? "").executeTakeFirst();
  await requireUser(request, { role: ["coordinator", "admin"], municipality: municipality?.id ?? null });
  if (!municipality) throw notFound();
  const schools = await db.selectFrom("school").select(["id", "name", "unit_code"]).where("municipality_id", "=", municipality.id).orderBy("name").execute();
  const coordinators = await coordinatorsOf(db, municipality.id);
  return { municipality: { code: municipality.code, name: municipality.name }, schools, coordinators };
}

export default function MunicipalityPage() {
  const { t } = useTranslation();
  const { municipality, schools, coordinators } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={municipality.name} lead={t("municipality.lead", { code: municipality.code })} />
      <h2>{t("municipality.schools")}</h2>
      {schools.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("school.name")}</th>
                <th scope="col">{t("school.unitCode")}</th>
              </tr>
            </thead>
            <tbody>
              {schools.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/skolor/${s.id}`}>{s.name}</Link>
                  </td>
                  <td>{s.unit_code ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("municipality.noSchools")}</p>
      )}
      <h2>{t("municipality.coordinators")}</h2>
      <ul>
        {coordinators.map((c) => (
          <li key={c.email}>
            {c.name} ({c.email})
          </li>
        ))}
      </ul>
    </>
  );
}
