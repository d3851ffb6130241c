import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listPublishedCampaigns } from "~/campaigns/campaigns.server";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("campaigns:public.title");

/** Published campaigns, for everyone; each links to its films. */
export async function loader(_args: LoaderFunctionArgs) {
  const sectors = await db.selectFrom("sector").select(["id", "name"]).execute();
  const names = new Map(sectors.map((s) => [s.id, s.name]));
  return { campaigns: (await listPublishedCampaigns(db)).map((c) => ({ ...c, sectorNames: c.sectors.map((id) => names.get(id)).filter(Boolean) as string[] })) };
}

export default function PublicCampaigns() {
  const { t } = useTranslation();
  const { campaigns } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("campaigns:public.title")} lead={t("campaigns:public.lead")} />
      {campaigns.length === 0 ? (
        <p>{t("campaigns:public.none")}</p>
      ) : (
        <ul className="grid plain">
          {campaigns.map((c) => (
            <li key={c.id} className="card">
              <h2 className="card__title">
                <Link to={`/kampanjer/${c.slug}`}>{c.title}</Link>
              </h2>
              <p className="lead">{c.thread}</p>
              {c.description ? <p className="prewrap">{c.description}</p> : null}
              <p className="meta">
                {c.starts_on} – {c.ends_on} · {c.grades.map((g) => t("ambassadors:grade", { grade: g })).join(", ")}
                {c.sectorNames.length ? ` · ${c.sectorNames.join(", ")}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
