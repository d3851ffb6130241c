import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { notFound, requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("school.name");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = /^\d{1,9}$/.test(params.id ?? "") ? Number(params.id) : null;
  await requireUser(request, { role: ["school_staff", "coordinator", "admin"], school: id });
  const school = await db
    .selectFrom("school")
    .innerJoin("municipality", "municipality.id", "school.municipality_id")
    .select(["school.name", "school.unit_code", "school.is_demo", "municipality.name as municipality"])
    .where("school.id", "=", id!)
    .executeTakeFirst();
  if (!school) throw notFound();
  return { school };
}

export default function SchoolPage() {
  const { t } = useTranslation();
  const { school } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={school.name} />
      {school.is_demo ? <p className="tag">{t("demo.label")}</p> : null}
      <dl className="facts">
        <dt>{t("school.municipality")}</dt>
        <dd>{school.municipality}</dd>
        <dt>{t("school.unitCode")}</dt>
        <dd>{school.unit_code ?? "–"}</dd>
      </dl>
    </>
  );
}
