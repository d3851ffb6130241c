import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("reference.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  return {
    municipalities: await db.selectFrom("municipality").select(["id", "code", "name", "county"]).orderBy("code").execute(),
    sectors: await db.selectFrom("sector").select(["id", "slug", "name"]).orderBy("sort_order").execute(),
    programmes: await db.selectFrom("gymnasium_programme").select(["id", "code", "name", "kind", "active"]).orderBy("kind", "desc").orderBy("code").execute(),
  };
}

export default function ReferenceData() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const edit = (kind: string, id: number, name: string) => (
    <Link to={`/admin/referensdata/${kind}/${id}`} aria-label={t("reference.editLabel", { name })}>
      {t("reference.edit")}
    </Link>
  );
  return (
    <>
      <PageHeader title={t("reference.title")} lead={t("reference.lead")} />
      {params.get("sparat") ? <Notice kind="success">{t("reference.saved")}</Notice> : null}
      <div className="table-wrap">
        <table>
          <caption>{t("reference.municipalities")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reference.code")}</th>
              <th scope="col">{t("reference.name")}</th>
              <th scope="col">{t("reference.county")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("reference.edit")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.municipalities.map((m) => (
              <tr key={m.code}>
                <td>{m.code}</td>
                <td>{m.name}</td>
                <td>{m.county}</td>
                <td>{edit("kommun", m.id, m.name)}</td>
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
              <th scope="col">
                <span className="visually-hidden">{t("reference.edit")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.sectors.map((s) => (
              <tr key={s.slug}>
                <td>{s.name}</td>
                <td>{edit("bransch", s.id, s.name)}</td>
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
              <th scope="col">{t("reference.active")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("reference.edit")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.programmes.map((p) => (
              <tr key={p.code}>
                <td>{p.code}</td>
                <td>{p.name}</td>
                <td>{t(`reference.kinds.${p.kind}`)}</td>
                <td>{p.active ? t("reference.inUse") : t("reference.notInUse")}</td>
                <td>{edit("program", p.id, p.name)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
