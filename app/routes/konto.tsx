import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const sessions = await db.selectFrom("session").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", user.id).executeTakeFirstOrThrow();
  return { name: user.name, email: user.email, role: user.role, sessions: Number(sessions.n) };
}

export default function Account() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("account.title")} />
      <dl className="facts">
        <dt>{t("auth.name")}</dt>
        <dd>{data.name}</dd>
        <dt>{t("auth.email")}</dt>
        <dd>{data.email}</dd>
        <dt>{t("account.role")}</dt>
        <dd>{t(`roles.${data.role}`)}</dd>
        <dt>{t("account.sessions")}</dt>
        <dd>{data.sessions}</dd>
      </dl>
      <h2>{t("account.securityTitle")}</h2>
      <p>{t("account.signOutEverywhereHelp")}</p>
      <Form method="post" action="/logga-ut">
        <input type="hidden" name="everywhere" value="1" />
        <button type="submit" className="button button--secondary">
          {t("account.signOutEverywhere")}
        </button>
      </Form>
      <p>
        <Link to="/glomt-losenord">{t("account.changePassword")}</Link>
      </p>
    </>
  );
}
