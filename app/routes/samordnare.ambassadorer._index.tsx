import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { statuses, todayInStockholm, vettingExpiresOn, vettingState } from "~/ambassadors/rules";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { municipalityScope, requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("ambassadors:list.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["coordinator", "admin"] });
  const scope = municipalityScope(user);
  const url = new URL(request.url);
  const status = statuses.find((s) => s === url.searchParams.get("status")) ?? null;
  let query = db
    .selectFrom("ambassador as a")
    .innerJoin("municipality as m", "m.id", "a.municipality_id")
    .select((eb) => [
      "a.id",
      "a.name",
      "a.status",
      "a.occupation",
      "a.employer_name",
      "a.created_at",
      "m.name as municipality",
      eb.selectFrom("ambassador_vetting as v").select((v) => v.fn.max("v.shown_on").as("d")).whereRef("v.ambassador_id", "=", "a.id").as("vetted_on"),
      eb
        .selectFrom("training_module as tm")
        .select((x) => x.fn.countAll<number>().as("n"))
        .where("tm.required", "=", 1)
        .where("tm.active", "=", 1)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom("ambassador_training as at").select("at.module_id").whereRef("at.module_id", "=", "tm.id").whereRef("at.ambassador_id", "=", "a.id"))),
        )
        .as("missing_modules"),
    ])
    .where("a.erased_at", "is", null)
    .orderBy("a.status")
    .orderBy("a.name")
    .limit(500);
  if (scope !== "all") query = query.where("a.municipality_id", "in", scope.length ? scope : [-1]);
  if (status) query = query.where("a.status", "=", status);
  const today = todayInStockholm();
  const rows = (await query.execute()).map((r) => {
    const vettedOn = r.vetted_on ? String(r.vetted_on) : null;
    return { ...r, vetting: vettingState(vettedOn, today), expiresOn: vettedOn ? vettingExpiresOn(vettedOn) : null, trained: Number(r.missing_modules) === 0 };
  });
  return { rows, status };
}

export default function AmbassadorList() {
  const { t } = useTranslation();
  const { rows, status } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader title={t("ambassadors:list.title")} lead={t("ambassadors:list.lead")} />
      {params.get("raderad") ? <Notice kind="success">{t("ambassadors:detail.erased")}</Notice> : null}
      <p>
        <Link to="/samordnare/poolhalsa">{t("ambassadors:nav.poolHealth")}</Link> · <Link to="/samordnare/foretag">{t("ambassadors:nav.companies")}</Link>
      </p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="status">{t("ambassadors:list.status")}</label>
          <select id="status" name="status" defaultValue={status ?? ""}>
            <option value="">{t("ambassadors:list.allStatuses")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`ambassadors:status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("ambassadors:list.filter")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("ambassadors:list.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("ambassadors:fields.name")}</th>
                <th scope="col">{t("ambassadors:companies.municipality")}</th>
                <th scope="col">{t("ambassadors:list.status")}</th>
                <th scope="col">{t("ambassadors:fields.occupation")}</th>
                <th scope="col">{t("ambassadors:list.vetting")}</th>
                <th scope="col">{t("ambassadors:list.trained")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/samordnare/ambassadorer/${r.id}`}>{r.name}</Link>
                  </td>
                  <td>{r.municipality}</td>
                  <td>{t(`ambassadors:status.${r.status}`)}</td>
                  <td>
                    {r.occupation}
                    {r.employer_name ? `, ${r.employer_name}` : ""}
                  </td>
                  <td>{t(`ambassadors:vetting.${r.vetting}`, { date: r.expiresOn })}</td>
                  <td>{r.trained ? t("ambassadors:list.yes") : t("ambassadors:list.no")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
