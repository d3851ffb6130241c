import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorKind } from "~/meta";

/** Translated pages for 403, 404 and everything else; the status code itself is set by the thrown response. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = errorKind(status);
  if (status >= 500) console.error(error);
  return (
    <div className="error-page">
      <p className="error-page__code">{status}</p>
      <h1>{t(`errorPage.${kind}.title`)}</h1>
      <p>{t(`errorPage.${kind}.body`)}</p>
      <p>
        <a href="/">{t("errorPage.home")}</a>
      </p>
    </div>
  );
}
