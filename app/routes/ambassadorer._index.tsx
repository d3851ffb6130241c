import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ambassadorFormOptions } from "~/ambassadors/options.server";
import { countPublicAmbassadors, listPublicAmbassadors } from "~/ambassadors/pool.server";
import { AmbassadorPhoto } from "~/components/photo";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("ambassadors:gallery.title");

const PAGE_SIZE = 24;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const pick = (name: string, pattern: RegExp) => {
    const v = url.searchParams.get(name);
    return v && pattern.test(v) ? v : null;
  };
  const filters = {
    municipality: pick("kommun", /^\d{4}$/),
    sector: pick("bransch", /^[a-z-]{2,60}$/),
    language: pick("sprak", /^[a-z]{2,3}$/),
  };
  const page = Math.max(1, Math.min(1000, Number(url.searchParams.get("sida")) || 1));
  const [options, total, ambassadors] = await Promise.all([
    ambassadorFormOptions(db),
    countPublicAmbassadors(db, filters),
    listPublicAmbassadors(db, { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
  ]);
  return { options, filters, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), ambassadors };
}

export default function Gallery() {
  const { t } = useTranslation();
  const { options, filters, total, page, pages, ambassadors } = useLoaderData<typeof loader>();
  const languageName = (code: string) => options.languages.find((l) => l.code === code)?.native_name ?? code;
  const pageLink = (p: number) => {
    const params = new URLSearchParams();
    if (filters.municipality) params.set("kommun", filters.municipality);
    if (filters.sector) params.set("bransch", filters.sector);
    if (filters.language) params.set("sprak", filters.language);
    params.set("sida", String(p));
    return `?${params}`;
  };
  return (
    <>
      <PageHeader title={t("ambassadors:gallery.title")} lead={t("ambassadors:gallery.lead")} />
      <p>
        <Link to="/bli-ambassador">{t("ambassadors:nav.apply")}</Link>
      </p>
      <Form method="get" className="filters" aria-label={t("ambassadors:gallery.filters")}>
        <div className="field">
          <label htmlFor="kommun">{t("ambassadors:companies.municipality")}</label>
          <select id="kommun" name="kommun" defaultValue={filters.municipality ?? ""}>
            <option value="">{t("ambassadors:gallery.allMunicipalities")}</option>
            {options.municipalities.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="bransch">{t("ambassadors:fields.sector")}</label>
          <select id="bransch" name="bransch" defaultValue={filters.sector ?? ""}>
            <option value="">{t("ambassadors:gallery.allSectors")}</option>
            {options.sectors.map((s) => (
              <option key={s.slug} value={s.slug}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sprak">{t("ambassadors:gallery.language")}</label>
          <select id="sprak" name="sprak" defaultValue={filters.language ?? ""}>
            <option value="">{t("ambassadors:gallery.allLanguages")}</option>
            {options.languages.map((l) => (
              <option key={l.code} value={l.code} lang={l.code} dir={l.dir}>
                {l.native_name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("ambassadors:gallery.show")}
        </button>
      </Form>
      <p role="status">{t("ambassadors:gallery.count", { count: total })}</p>
      {ambassadors.length === 0 ? <p>{t("ambassadors:gallery.none")}</p> : null}
      <ul className="gallery">
        {ambassadors.map((a) => (
          <li key={a.id} className="profile-card">
            {a.photo ? (
              <AmbassadorPhoto id={a.id} photo={a.photo} alt={t("ambassadors:gallery.photoAlt", { name: a.name })} sizes="(min-width: 48rem) 320px, 90vw" />
            ) : (
              <div className="placeholder-photo" aria-hidden="true">
                {a.name?.[0] ?? "?"}
              </div>
            )}
            <div className="profile-card__body">
              <h2>
                <Link to={`/ambassadorer/${a.id}`}>{a.name}</Link>
              </h2>
              <p className="meta">
                {t("ambassadors:gallery.worksAt", { occupation: a.occupation, employer: a.employer_name })} · {a.municipality}
              </p>
              <p>
                <strong>{t("ambassadors:gallery.path")}:</strong> {a.education_path}
              </p>
              <p>
                <strong>{t("ambassadors:gallery.speaks")}:</strong>{" "}
                {a.languages.map((code, i) => (
                  <span key={code} lang={code}>
                    {i > 0 ? ", " : ""}
                    {languageName(code)}
                  </span>
                ))}
              </p>
            </div>
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <nav className="pager" aria-label={t("ambassadors:gallery.page", { page, pages })}>
          {page > 1 ? <Link to={pageLink(page - 1)}>{t("ambassadors:gallery.previous")}</Link> : null}
          <span>{t("ambassadors:gallery.page", { page, pages })}</span>
          {page < pages ? <Link to={pageLink(page + 1)}>{t("ambassadors:gallery.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
