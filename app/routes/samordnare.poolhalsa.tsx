import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { poolHealth } from "~/ambassadors/pool.server";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { municipalityScope, requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("ambassadors:pool.title");

/** Up to this many municipalities are shown as cards; more (an admin's whole country) as a table first. */
const CARD_LIMIT = 10;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["coordinator", "admin"] });
  const pools = await poolHealth(db, municipalityScope(user));
  const code = new URL(request.url).searchParams.get("kommun");
  const chosen = code ? pools.filter((p) => p.municipality.code === code) : pools;
  return { pools, cards: chosen.length <= CARD_LIMIT ? chosen : [], chosen: code && chosen.length ? code : null };
}

export default function PoolHealthPage() {
  const { t } = useTranslation();
  const { pools, cards, chosen } = useLoaderData<typeof loader>();
  const level = (p: (typeof pools)[number]) => (p.active < p.target.min ? "belowTarget" : p.active > p.target.max ? "aboveTarget" : "onTarget");
  return (
    <>
      <PageHeader title={t("ambassadors:pool.title")} lead={t("ambassadors:pool.lead")} />
      {pools.length > CARD_LIMIT ? (
        <div className="table-wrap">
          <table>
            <caption>{t("ambassadors:pool.summary")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("ambassadors:companies.municipality")}</th>
                <th scope="col">{t("ambassadors:pool.active")}</th>
                <th scope="col">{t("ambassadors:pool.targetColumn")}</th>
                <th scope="col">{t("ambassadors:gender.female")}</th>
                <th scope="col">{t("ambassadors:gender.male")}</th>
                <th scope="col">{t("ambassadors:pool.expiringColumn")}</th>
                <th scope="col">{t("ambassadors:pool.expiredColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {pools.map((p) => (
                <tr key={p.municipality.code} aria-current={chosen === p.municipality.code ? "true" : undefined}>
                  <th scope="row">
                    <Link to={`?kommun=${p.municipality.code}`}>{p.municipality.name}</Link>
                  </th>
                  <td>{p.active}</td>
                  <td>{t(`ambassadors:pool.${level(p)}`)}</td>
                  <td>{p.gender.female}</td>
                  <td>{p.gender.male}</td>
                  <td>{p.vetting.expiring.length}</td>
                  <td>{p.vetting.expired.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="health">
        {cards.map((p) => {
          const lvl = level(p);
          return (
            <section className="card" key={p.municipality.code} aria-labelledby={`pool-${p.municipality.code}`}>
              <h2 id={`pool-${p.municipality.code}`}>{p.municipality.name}</h2>
              <p>
                <span className="meter">{p.active}</span> {t("ambassadors:pool.active")}{" "}
                <span className={`badge badge--${lvl === "onTarget" ? "ok" : lvl === "belowTarget" ? "bad" : "warn"}`}>{t(`ambassadors:pool.${lvl}`)}</span>
              </p>
              <p>{t("ambassadors:pool.target", p.target)}</p>
              <p>{t("ambassadors:pool.pipeline", { applied: p.byStatus.applied ?? 0, approved: p.byStatus.approved ?? 0, paused: p.byStatus.paused ?? 0 })}</p>
              <h3>{t("ambassadors:pool.gender")}</h3>
              <table>
                <tbody>
                  {(["female", "male", "other", "unstated"] as const).map((g) => (
                    <tr key={g}>
                      <th scope="row">{t(`ambassadors:gender.${g}`)}</th>
                      <td>{p.gender[g]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h3>{t("ambassadors:pool.sectors")}</h3>
              <ul>
                {p.sectors.map((s) => (
                  <li key={s.name}>
                    {s.name}: {s.count}
                  </li>
                ))}
              </ul>
              {p.missingSectors.length ? <p>{t("ambassadors:pool.missingSectors", { list: p.missingSectors.join(", ") })}</p> : null}
              <h3>{t("ambassadors:pool.languages")}</h3>
              <p>
                {p.languages.length
                  ? p.languages.map((l, i) => (
                      <span key={l.code}>
                        {i > 0 ? ", " : ""}
                        <span lang={l.code}>{l.name}</span> ({l.count})
                      </span>
                    ))
                  : t("ambassadors:pool.noLanguages")}
              </p>
              <h3>{t("ambassadors:pool.expiring")}</h3>
              {p.vetting.expiring.length ? (
                <ul>
                  {p.vetting.expiring.map((v) => (
                    <li key={v.id}>
                      <Link to={`/samordnare/ambassadorer/${v.id}`}>{v.name}</Link> – {v.expiresOn}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{t("ambassadors:pool.noneExpiring")}</p>
              )}
              <h3>{t("ambassadors:pool.expired")}</h3>
              {p.vetting.expired.length ? (
                <ul>
                  {p.vetting.expired.map((v) => (
                    <li key={v.id}>
                      <Link to={`/samordnare/ambassadorer/${v.id}`}>{v.name}</Link> – {v.expiresOn}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{t("ambassadors:pool.noneExpiring")}</p>
              )}
              <p>{t("ambassadors:pool.missingVetting", { count: p.vetting.missing })}</p>
              <h3>{t("visits:pool.idle")}</h3>
              {p.idle.length ? (
                <ul>
                  {p.idle.map((a) => (
                    <li key={a.id}>
                      <Link to={`/samordnare/ambassadorer/${a.id}`}>{a.name}</Link> – {a.lastVisit ? t("visits:pool.lastVisit", { date: a.lastVisit }) : t("visits:pool.never")}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{t("visits:pool.noneIdle")}</p>
              )}
            </section>
          );
        })}
      </div>
    </>
  );
}
