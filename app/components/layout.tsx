import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Role } from "#db/schema";
import type { ReadingPage } from "~/guidance/reading.server";
import { interfaceLanguages, languageOf } from "~/i18n/config";

export interface ShellUser {
  name: string;
  role: Role;
  schoolId?: number | null;
}

const navByRole: Record<Role, { to: string; key: string }[]> = {
  admin: [
    { to: "/admin", key: "nav.admin" },
    { to: "/admin/anvandare", key: "nav.users" },
    { to: "/admin/referensdata", key: "nav.referenceData" },
    { to: "/admin/e-post", key: "nav.mail" },
    { to: "/samordnare/ambassadorer", key: "ambassadors:nav.list" },
    { to: "/samordnare/poolhalsa", key: "ambassadors:nav.poolHealth" },
    { to: "/samordnare/foretag", key: "ambassadors:nav.companies" },
    { to: "/admin/utbildningar", key: "ambassadors:nav.training" },
    { to: "/samordnare/skolor", key: "schools:nav.schools" },
    { to: "/samordnare/besok", key: "visits:nav.board" },
    { to: "/admin/lov", key: "schools:nav.holidays" },
    { to: "/kommunikator/kampanjer", key: "campaigns:nav.library" },
    { to: "/oversattning", key: "guidance:nav.translations" },
    { to: "/samordnare/rackvidd", key: "reach:nav.dashboard" },
    { to: "/admin/statistik", key: "reach:nav.import" },
  ],
  coordinator: [
    { to: "/oversikt", key: "nav.overview" },
    { to: "/samordnare/ambassadorer", key: "ambassadors:nav.list" },
    { to: "/samordnare/poolhalsa", key: "ambassadors:nav.poolHealth" },
    { to: "/samordnare/foretag", key: "ambassadors:nav.companies" },
    { to: "/samordnare/skolor", key: "schools:nav.schools" },
    { to: "/samordnare/besok", key: "visits:nav.board" },
    { to: "/samordnare/rackvidd", key: "reach:nav.dashboard" },
  ],
  school_staff: [
    { to: "/oversikt", key: "nav.overview" },
    { to: "/skolor/:school", key: "visits:nav.groups" },
    { to: "/skolor/:school/besok", key: "visits:nav.schoolVisits" },
    { to: "/skolor/:school/val", key: "reach:nav.choices" },
  ],
  ambassador: [
    { to: "/oversikt", key: "nav.overview" },
    { to: "/ambassador/besok", key: "visits:nav.mine" },
    { to: "/ambassador/profil", key: "ambassadors:nav.profile" },
    { to: "/ambassador/tider", key: "ambassadors:nav.availability" },
    { to: "/ambassador/samtycken", key: "ambassadors:nav.consents" },
    { to: "/ambassador/mina-uppgifter", key: "ambassadors:nav.myData" },
  ],
  communicator: [
    { to: "/oversikt", key: "nav.overview" },
    { to: "/kommunikator/kampanjer", key: "campaigns:nav.library" },
  ],
  translator: [
    { to: "/oversikt", key: "nav.overview" },
    { to: "/oversattning", key: "guidance:nav.translations" },
  ],
};

export function LanguageSwitcher({ locale }: { locale: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/sprak" className="language-switcher" reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="language-select">{t("language.label")}</label>
      <select id="language-select" name="lng" defaultValue={locale} key={locale}>
        {interfaceLanguages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code} dir={l.dir}>
            {l.nativeName}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary button--small">
        {t("language.change")}
      </button>
    </Form>
  );
}

/**
 * On guidance pages: the same page in every reading language, as plain links in a disclosure
 * (works without JavaScript), each name in its own script.
 */
export function ReadingLanguageSwitcher({ reading }: { reading: ReadingPage }) {
  const { t } = useTranslation();
  return (
    <details className="language-switcher reading-languages">
      <summary>
        <span className="visually-hidden">{t("guidance:languages.label")}: </span>
        <span lang={reading.htmlLang} dir={reading.dir}>
          {reading.nativeName}
        </span>
      </summary>
      <ul>
        {reading.alternates.map((l) => (
          <li key={l.code}>
            <a href={l.href} lang={l.htmlLang} dir={l.dir} hrefLang={l.hreflang ?? undefined} aria-current={l.current ? "page" : undefined}>
              {l.nativeName}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function Shell({
  user,
  locale,
  demoMode,
  reading = null,
  children,
}: {
  user: ShellUser | null;
  locale: string;
  demoMode: boolean;
  reading?: ReadingPage | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const language = languageOf(locale);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("layout.skipToContent")}
      </a>
      <header className="site-header">
        {demoMode ? <div className="demo-banner">{t("layout.demoBanner")}</div> : null}
        <div className="site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              V
            </span>
            <span className="brand__name">Vägval</span>
          </Link>
          {reading ? <ReadingLanguageSwitcher reading={reading} /> : <LanguageSwitcher locale={locale} />}
          <div className="account">
            {user ? (
              <>
                <Link to="/konto" className="account__name">
                  {user.name}
                  <span className="visually-hidden"> ({t(`roles.${user.role}`)})</span>
                </Link>
                <Form method="post" action="/logga-ut">
                  <button type="submit" className="button button--secondary button--small">
                    {t("auth.signOut")}
                  </button>
                </Form>
              </>
            ) : (
              <Link to="/logga-in" className="button button--small">
                {t("auth.signIn")}
              </Link>
            )}
          </div>
        </div>
        {user ? (
          <nav className="role-nav" aria-label={t("nav.label")}>
            <ul>
              {navByRole[user.role].filter((item) => !item.to.includes(":school") || user.schoolId).map((item) => ({ ...item, to: item.to.replace(":school", String(user.schoolId)) })).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end>
                    {t(item.key)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <nav className="public-nav" aria-label={t("nav.publicLabel")}>
          <ul>
            <li>
              <NavLink to="/ambassadorer">{t("ambassadors:nav.gallery")}</NavLink>
            </li>
            <li>
              <NavLink to="/bli-ambassador">{t("ambassadors:nav.apply")}</NavLink>
            </li>
            <li>
              <NavLink to="/kampanjer">{t("campaigns:nav.public")}</NavLink>
            </li>
            <li>
              <NavLink to={`/${reading?.code ?? locale}/vagledning`}>{t("guidance:nav.public")}</NavLink>
            </li>
            <li>
              <NavLink to="/rackvidd">{t("reach:nav.public")}</NavLink>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {!language.reviewed ? <p className="translation-note">{t("layout.unreviewedTranslation")}</p> : null}
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("layout.footerAbout")}</p>
        <ul>
          <li>
            <Link to="/tillganglighet">{t("layout.accessibility")}</Link>
          </li>
        </ul>
      </footer>
    </>
  );
}
