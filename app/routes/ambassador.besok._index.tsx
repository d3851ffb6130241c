import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { pageTitle } from "~/meta";
import { notFound, requireUser } from "~/permissions.server";
import { StatusTag, when } from "~/visits/components";
import { FeedSection } from "~/visits/feed-section";
import { createFeed, hasFeed, revokeFeeds } from "~/visits/feeds.server";
import { nowInStockholm } from "~/visits/rules";
import { ambassadorIdOf, listAmbassadorVisits } from "~/visits/visits.server";

export const meta = pageTitle("visits:mine.title");

async function me(request: Request) {
  const user = await requireUser(request, { role: "ambassador" });
  const id = await ambassadorIdOf(db, user.id);
  if (!id) throw notFound();
  return id;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const id = await me(request);
  const { booked, invitations } = await listAmbassadorVisits(db, id);
  const now = nowInStockholm();
  return {
    invitations,
    upcoming: booked.filter((v) => v.start_at! > now).reverse(),
    past: booked.filter((v) => v.start_at! <= now),
    feed: await hasFeed(db, { type: "ambassador", id }),
  };
}

/** Her private calendar link: a new one (the old stops working) or none. */
export async function action({ request }: ActionFunctionArgs) {
  const id = await me(request);
  const form = await request.formData();
  if (form.get("intent") === "feed-revoke") {
    await revokeFeeds(db, { type: "ambassador", id });
    return { feedUrl: null, revoked: true };
  }
  return { feedUrl: await createFeed(db, { type: "ambassador", id }), revoked: false };
}

type Row = Awaited<ReturnType<typeof loader>>["upcoming"][number];

function VisitTable({ rows, caption }: { rows: Row[]; caption: string }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("visits:fields.time")}</th>
            <th scope="col">{t("visits:fields.school")}</th>
            <th scope="col">{t("visits:fields.groups")}</th>
            <th scope="col">{t("visits:fields.status")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr key={v.id}>
              <th scope="row">
                <Link to={`/ambassador/besok/${v.id}`}>{when(v.start_at, v.end_at)}</Link>
              </th>
              <td>{v.school_name}</td>
              <td>{v.groups}</td>
              <td>
                <StatusTag status={v.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function MyVisits() {
  const { t } = useTranslation();
  const { invitations, upcoming, past, feed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("visits:mine.title")} />
      <h2>{t("visits:mine.invitations", { count: invitations.length })}</h2>
      {invitations.length ? <VisitTable rows={invitations} caption={t("visits:mine.invitations", { count: invitations.length })} /> : <p>{t("visits:mine.noInvitations")}</p>}
      <h2>{t("visits:mine.upcoming")}</h2>
      {upcoming.length ? <VisitTable rows={upcoming} caption={t("visits:mine.upcoming")} /> : <p>{t("visits:mine.noUpcoming")}</p>}
      <h2>{t("visits:mine.past")}</h2>
      {past.length ? <VisitTable rows={past} caption={t("visits:mine.past")} /> : <p>{t("visits:mine.noPast")}</p>}
      <FeedSection hasFeed={feed} feedUrl={actionData?.feedUrl ?? null} revoked={!!actionData?.revoked} />
    </>
  );
}
