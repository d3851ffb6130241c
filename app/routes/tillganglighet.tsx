import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui";
import { pageTitle } from "~/meta";

export const meta = pageTitle("a11y.title");

/** Tillgänglighetsredogörelse, as the Swedish law on accessible public digital services asks for. */
export default function AccessibilityStatement() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("a11y.title")} lead={t("a11y.lead")} />
      <h2>{t("a11y.statusTitle")}</h2>
      <p>{t("a11y.status")}</p>
      <h2>{t("a11y.howTitle")}</h2>
      <p>{t("a11y.how")}</p>
      <h2>{t("a11y.knownTitle")}</h2>
      <p>{t("a11y.known")}</p>
      <h2>{t("a11y.reportTitle")}</h2>
      <p>{t("a11y.report")}</p>
      <h2>{t("a11y.supervisionTitle")}</h2>
      <p>{t("a11y.supervision")}</p>
    </>
  );
}
