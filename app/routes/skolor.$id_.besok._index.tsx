import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { pageTitle } from "~/meta";
import { notFound, requireUser } from "~/permissions.server";
import { idParam } from "~/request.server";
import { FeedSection } from "~/visits/feed-section";
import { StatusTag, when } from "~/visits/components";
import { createFeed, hasFeed, revokeFeeds } from "~/visits/feeds.server";
import { listSchoolVisits } from "~/visits/visits.server";

export const meta = pageTitle("visits:school.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const schoolId = idParam(params.id);
  const user = await requireUser(request, { role: ["school_staff", "coordinator", "admin"], school: schoolId });
  const school = await db.selectFrom("school").select(["id", "name"]).where("id", "=", schoolId!).executeTakeFirst();
  if (!school) throw notFound();
  return {
    school,
    visits: await listSchoolVisits(db, school.id),
    canRequest: user.role !== "coordinator",
    feed: await hasFeed(db, { type: "school", id: school.id }),
  };
}

/** The school's private calendar link: a new one (the old stops working) or none. */
export async function action({ request, params }: ActionFunctionArgs) {
  const schoolId = idParam(params.id);
  await requireUser(request, { role: ["school_staff", "admin"], school: schoolId });
  const form = await request.formData();
  const owner = { type: "school" as const, id: schoolId! };
  if (form.get("intent") === "feed-revoke") {
    await revokeFeeds(db, owner);
    return { feedUrl: null, revoked: true };
  }
  return { feedUrl: await createFeed(db, owner), revoked: false };
}

export default function SchoolVisits() {
  const { t } = useTranslation();
  const { school, visits, canRequest, feed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("visits:school.title")} lead={school.name} />
      <p className="actions">
        {canRequest ? (
          <Link className="button" to={`/skolor/${school.id}/besok/ny`}>
            {t("visits:school.request")}
          </Link>
        ) : null}
        <Link to={`/skolor/${school.id}`}>{t("visits:school.groups")}</Link>
      </p>
      {visits.length === 0 ? (
        <p>{t("visits:school.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("visits:school.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("visits:fields.groups")}</th>
                <th scope="col">{t("visits:fields.time")}</th>
                <th scope="col">{t("visits:fields.ambassador")}</th>
                <th scope="col">{t("visits:fields.status")}</th>
              </tr>
            </thead>
            <tbody>
              {visits.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    <Link to={`/skolor/${school.id}/besok/${v.id}`}>{v.groups ?? "–"}</Link>
                  </th>
                  <td>{v.start_at ? when(v.start_at, v.end_at) : t("visits:school.fromWindow", { first: String(v.first_window ?? "").replace("T", " ") })}</td>
                  <td>{v.ambassador_name ?? "–"}</td>
                  <td>
                    <StatusTag status={v.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canRequest ? <FeedSection hasFeed={feed} feedUrl={actionData?.feedUrl ?? null} revoked={!!actionData?.revoked} /> : null}
    </>
  );
}
