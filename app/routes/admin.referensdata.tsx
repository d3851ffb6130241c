import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("reference.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  return {
    municipalities: await db.selectFrom("municipality").select(["code", "name", "county"]).orderBy("code").execute(),
    sectors: await db.selectFrom("sector").select(["slug", "name"]).orderBy("sort_order").execute(),
    programmes: await db.selectFrom("gymnasium_programme").select(["code", "name", "kind"]).orderBy("kind", "desc").orderBy("code").execute(),
  };
}

export default function ReferenceData() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("reference.title")} lead={t("reference.lead")} />
      <div className="table-wrap">
        <table>
          <caption>{t("reference.municipalities")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reference.code")}</th>
              <th scope="col">{t("reference.name")}</th>
              <th scope="col">{t("reference.county")}</th>
            </tr>
          </thead>
          <tbody>
            {d.municipalities.map((m) => (
              <tr key={m.code}>
                <td>{m.code}</td>
                <td>{m.name}</td>
                <td>{m.county}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table>
          <caption>{t("reference.sectors")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reference.name")}</th>
            </tr>
          </thead>
          <tbody>
            {d.sectors.map((s) => (
              <tr key={s.slug}>
                <td>{s.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table>
          <caption>{t("reference.programmes")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reference.code")}</th>
              <th scope="col">{t("reference.name")}</th>
              <th scope="col">{t("reference.kind")}</th>
            </tr>
          </thead>
          <tbody>
            {d.programmes.map((p) => (
              <tr key={p.code}>
                <td>{p.code}</td>
                <td>{p.name}</td>
                <td>{t(`reference.kinds.${p.kind}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
