import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getPublicAmbassador } from "~/ambassadors/pool.server";
import { AmbassadorPhoto } from "~/components/photo";
import { db } from "~/db.server";
import { notFound } from "~/permissions.server";
import { idParam } from "~/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.ambassador.name ?? ""} – Vägval` }];

/** A public profile: only while active and consenting; never contact details. */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = idParam(params.id);
  const ambassador = id ? await getPublicAmbassador(db, id) : null;
  if (!ambassador) throw notFound();
  const languages = await db.selectFrom("language").select(["code", "native_name"]).where("code", "in", ambassador.languages.length ? ambassador.languages : ["-"]).execute();
  return { ambassador, languages };
}

export default function AmbassadorProfile() {
  const { t } = useTranslation();
  const { ambassador: a, languages } = useLoaderData<typeof loader>();
  return (
    <article>
      <p>
        <Link to="/ambassadorer">{t("ambassadors:gallery.back")}</Link>
      </p>
      <div className="profile">
        <div>
          {a.photo ? (
            <AmbassadorPhoto id={a.id} photo={a.photo} alt={t("ambassadors:gallery.photoAlt", { name: a.name })} sizes="(min-width: 48rem) 320px, 90vw" loading="eager" />
          ) : (
            <div className="placeholder-photo" aria-hidden="true">
              {a.name?.[0] ?? "?"}
            </div>
          )}
        </div>
        <div>
          <h1>{a.name}</h1>
          <p className="lead">
            {t("ambassadors:gallery.worksAt", { occupation: a.occupation, employer: a.employer_name })} · {a.municipality}
            {a.sector ? ` · ${a.sector}` : ""}
          </p>
          <h2>{t("ambassadors:gallery.path")}</h2>
          <p>{a.education_path}</p>
          <h2>{t("ambassadors:gallery.story")}</h2>
          <p>{a.story}</p>
          <h2>{t("ambassadors:gallery.speaks")}</h2>
          <ul>
            {languages.map((l) => (
              <li key={l.code} lang={l.code}>
                {l.native_name}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </article>
  );
}
