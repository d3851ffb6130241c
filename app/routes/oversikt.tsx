import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Card, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("nav.overview");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const municipalities = user.municipalityIds.length
    ? await db.selectFrom("municipality").select(["code", "name"]).where("id", "in", user.municipalityIds).orderBy("name").execute()
    : [];
  const school = user.schoolId
    ? await db.selectFrom("school").select(["id", "name"]).where("id", "=", user.schoolId).executeTakeFirst()
    : undefined;
  return { name: user.name, role: user.role, municipalities, school: school ?? null };
}

export default function Overview() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("overview.title", { name: data.name })} lead={t(`overview.roleLead.${data.role}`)} />
      <div className="grid">
        {data.municipalities.length ? (
          <Card title={t("overview.yourMunicipalities")}>
            <ul>
              {data.municipalities.map((m) => (
                <li key={m.code}>
                  <Link to={`/samordnare/kommun/${m.code}`}>{m.name}</Link>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        {data.school ? (
          <Card title={t("overview.yourSchool")}>
            <p>
              <Link to={`/skolor/${data.school.id}`}>{data.school.name}</Link>
            </p>
          </Card>
        ) : null}
        <Card title={t("overview.accountTitle")}>
          <p>
            <Link to="/konto">{t("overview.accountLink")}</Link>
          </p>
        </Card>
      </div>
    </>
  );
}
