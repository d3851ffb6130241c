import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "./ui";

/** The clear page shown for a link that has expired, was already used, or never existed. */
export function InvalidLinkPage({ state, kind }: { state: "expired" | "used" | "unknown"; kind: "invitation" | "reset" }) {
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <PageHeader title={t(`links.${state}.title`)} lead={t(`links.${state}.body`)} />
      <p>{t(kind === "invitation" ? "links.askNewInvitation" : "links.askNewReset")}</p>
      <p>
        <Link to={kind === "invitation" ? "/logga-in" : "/glomt-losenord"} className="button">
          {t(kind === "invitation" ? "auth.signIn" : "auth.forgotSubmit")}
        </Link>
      </p>
    </div>
  );
}
