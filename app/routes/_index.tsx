import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Card } from "~/components/ui";

export default function Index() {
  const { t } = useTranslation();
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        <p>
          <Link to="/logga-in" className="button">
            {t("home.signInCta")}
          </Link>
        </p>
      </section>
      <h2>{t("home.forWhomTitle")}</h2>
      <div className="grid">
        <Card title={t("home.schools.title")}>
          <p>{t("home.schools.body")}</p>
          <p>
            <Link to="/skolor/registrera">{t("schools:nav.register")}</Link>
          </p>
        </Card>
        <Card title={t("home.ambassadors.title")}>
          <p>{t("home.ambassadors.body")}</p>
        </Card>
        <Card title={t("home.newcomers.title")}>
          <p>{t("home.newcomers.body")}</p>
        </Card>
        <Card title={t("home.reach.title")}>
          <p>{t("home.reach.body")}</p>
        </Card>
      </div>
    </>
  );
}
