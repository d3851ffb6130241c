import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Card, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const count = async (table: "app_user" | "municipality" | "school") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const pendingMail = await db
    .selectFrom("mail_outbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "in", ["pending", "sending", "failed"])
    .executeTakeFirstOrThrow();
  return { users: await count("app_user"), municipalities: await count("municipality"), schools: await count("school"), pendingMail: Number(pendingMail.n) };
}

export default function AdminHome() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("admin.title")} />
      <div className="grid">
        <Card title={t("nav.users")}>
          <p>{t("admin.userCount", { count: d.users })}</p>
          <Link to="/admin/anvandare">{t("admin.manageUsers")}</Link>
        </Card>
        <Card title={t("nav.referenceData")}>
          <p>{t("admin.referenceCount", { municipalities: d.municipalities, schools: d.schools })}</p>
          <Link to="/admin/referensdata">{t("admin.showReferenceData")}</Link>
        </Card>
        <Card title={t("nav.mail")}>
          <p>{t("admin.pendingMail", { count: d.pendingMail })}</p>
          <Link to="/admin/e-post">{t("admin.showMail")}</Link>
        </Card>
      </div>
    </>
  );
}
