import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listCampaigns } from "~/campaigns/campaigns.server";
import { campaignStatuses } from "~/campaigns/schemas";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { pageTitle } from "~/meta";
import { requireUser } from "~/permissions.server";

export const meta = pageTitle("campaigns:library.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: ["communicator", "admin"] });
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const status = campaignStatuses.find((s) => s === url.searchParams.get("status")) ?? null;
  return { campaigns: await listCampaigns(db, { q, status }), q, status };
}

export default function CampaignLibrary() {
  const { t } = useTranslation();
  const { campaigns, q, status } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("campaigns:library.title")} lead={t("campaigns:library.lead")} />
      <p className="actions">
        <Link className="button" to="/kommunikator/kampanjer/ny">
          {t("campaigns:library.new")}
        </Link>
      </p>
      <Form method="get" className="filters" role="search" aria-label={t("campaigns:library.search")}>
        <div className="field">
          <label htmlFor="q">{t("campaigns:library.search")}</label>
          <input id="q" name="q" type="text" defaultValue={q} />
        </div>
        <div className="field">
          <label htmlFor="status">{t("campaigns:fields.status")}</label>
          <select id="status" name="status" defaultValue={status ?? ""}>
            <option value="">{t("campaigns:library.allStatuses")}</option>
            {campaignStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`campaigns:status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("campaigns:library.filter")}
        </button>
      </Form>
      {campaigns.length === 0 ? (
        <p>{t("campaigns:library.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("campaigns:library.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("campaigns:fields.title")}</th>
                <th scope="col">{t("campaigns:fields.period")}</th>
                <th scope="col">{t("campaigns:fields.status")}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/kommunikator/kampanjer/${c.id}`}>{c.title}</Link>
                  </th>
                  <td>
                    {c.starts_on} – {c.ends_on}
                  </td>
                  <td>
                    <span className="tag">{t(`campaigns:status.${c.status}`)}</span>
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
