/** The private calendar link on the school's and the ambassador's visit pages. */
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Notice } from "~/components/ui";

export function FeedSection({ hasFeed, feedUrl, revoked }: { hasFeed: boolean; feedUrl: string | null; revoked: boolean }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="feed-title">
      <h2 id="feed-title">{t("visits:feed.title")}</h2>
      <p>{t("visits:feed.lead")}</p>
      {feedUrl ? (
        <Notice kind="success" title={t("visits:feed.created")}>
          <p>{t("visits:feed.copy")}</p>
          <p>
            <code className="feed-url" data-testid="feed-url">
              {feedUrl}
            </code>
          </p>
        </Notice>
      ) : null}
      {revoked ? <Notice kind="success">{t("visits:feed.revoked")}</Notice> : null}
      {!feedUrl && hasFeed ? <p>{t("visits:feed.exists")}</p> : null}
      <div className="actions">
        <Form method="post">
          <input type="hidden" name="intent" value="feed-new" />
          <button type="submit" className="button button--secondary">
            {hasFeed ? t("visits:feed.replace") : t("visits:feed.create")}
          </button>
        </Form>
        {hasFeed ? (
          <Form method="post">
            <input type="hidden" name="intent" value="feed-revoke" />
            <button type="submit" className="button button--secondary">
              {t("visits:feed.revoke")}
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}
