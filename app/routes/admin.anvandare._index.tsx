import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("users.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const users = await db
    .selectFrom("app_user")
    .leftJoin("school", "school.id", "app_user.school_id")
    .select(["app_user.id", "app_user.name", "app_user.email", "app_user.role", "app_user.password_hash", "app_user.disabled_at", "school.name as school"])
    .orderBy("app_user.role")
    .orderBy("app_user.name")
    .execute();
  const scopes = await db
    .selectFrom("user_municipality")
    .innerJoin("municipality", "municipality.id", "user_municipality.municipality_id")
    .select(["user_municipality.user_id", "municipality.name"])
    .orderBy("municipality.name")
    .execute();
  return {
    users: users.map(({ password_hash, ...u }) => ({
      ...u,
      invited: password_hash === null,
      municipalities: scopes.filter((s) => s.user_id === u.id).map((s) => s.name),
    })),
  };
}

export default function Users() {
  const { t } = useTranslation();
  const { users } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader title={t("users.title")} />
      {params.get("invited") ? <Notice kind="success">{t("users.invitedNotice", { email: params.get("invited") })}</Notice> : null}
      <p>
        <Link to="/admin/anvandare/ny" className="button">
          {t("users.invite")}
        </Link>
      </p>
      <div className="table-wrap">
        <table>
          <caption>{t("users.caption", { count: users.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("auth.name")}</th>
              <th scope="col">{t("auth.email")}</th>
              <th scope="col">{t("account.role")}</th>
              <th scope="col">{t("users.scope")}</th>
              <th scope="col">{t("users.status")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{t(`roles.${u.role}`)}</td>
                <td>{[...u.municipalities, u.school].filter(Boolean).join(", ") || "–"}</td>
                <td>{u.disabled_at ? t("users.disabled") : u.invited ? t("users.invitedStatus") : t("users.active")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
