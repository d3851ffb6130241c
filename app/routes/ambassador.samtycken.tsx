import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ConsentKind } from "#db/schema";
import { currentConsents, getAmbassadorForUser, giveConsent, withdrawConsent } from "~/ambassadors/pool.server";
import { audit } from "~/audit.server";
import { ErrorSummary } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest } from "~/forms.server";
import { getLocale, getT } from "~/i18n/i18n.server";
import { notFound, requireUser } from "~/permissions.server";
import selfStyles from "~/styles/ambassador-self.css";
import { pageTitle } from "~/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: selfStyles }];

export const meta = pageTitle("ambassadors:consents.title");

const PATH = "/ambassador/samtycken";
const kinds: readonly ConsentKind[] = ["profile", "photo", "films"];
const isKind = (v: unknown): v is ConsentKind => typeof v === "string" && (kinds as readonly string[]).includes(v);

function formatDateTime(iso: string, locale: string) {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Stockholm" };
  try {
    return new Intl.DateTimeFormat(locale, options).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat("sv-SE", options).format(new Date(iso));
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "ambassador" });
  const a = await getAmbassadorForUser(db, user.id);
  if (!a) throw notFound();
  const [consents, texts, locale, t] = await Promise.all([
    currentConsents(db, a.id),
    db.selectFrom("consent_text").select(["kind", "version"]).execute(),
    getLocale(request),
    getT(request, "ambassadors"),
  ]);
  const latest = (kind: ConsentKind) => Math.max(1, ...texts.filter((x) => x.kind === kind).map((x) => x.version));
  return {
    title: t("consents.title"),
    consents: kinds.map((kind) => {
      const c = consents[kind];
      return {
        kind,
        given: c.given,
        givenAt: c.givenAt,
        givenAtText: c.givenAt ? formatDateTime(c.givenAt, locale) : null,
        // The text she agreed to while given; the current text when she is asked to agree.
        version: c.given && c.version ? c.version : latest(kind),
      };
    }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "ambassador" });
  const a = await getAmbassadorForUser(db, user.id);
  if (!a) throw notFound();
  const form = await request.formData();
  const intent = form.get("intent");
  const kind = form.get("kind");
  if (!isKind(kind) || (intent !== "give" && intent !== "withdraw")) return badRequest({ _form: "errors.invalid" });
  if (intent === "give") {
    await db.transaction().execute(async (trx) => {
      await giveConsent(trx, a.id, kind);
      await audit(trx, { actorUserId: user.id, action: "ambassador.consent.give", entityType: "ambassador", entityId: a.id, after: { kind } });
    });
    throw redirect(`${PATH}?lamnat=${kind}#consent-${kind}`);
  }
  // Takes effect at once: the public pages read consent on every request.
  await withdrawConsent(db, { ambassadorId: a.id, kind, actorUserId: user.id });
  throw redirect(`${PATH}?aterkallat=${kind}#consent-${kind}`);
}

export default function Consents() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const given = params.get("lamnat");
  const withdrawn = params.get("aterkallat");
  return (
    <>
      <PageHeader title={t("ambassadors:consents.title")} lead={t("ambassadors:consents.lead")} />
      {!errors && isKind(given) ? <Notice kind="success">{t("ambassadors:consent.givenNotice")}</Notice> : null}
      {!errors && isKind(withdrawn) ? <Notice kind="success">{t("ambassadors:consent.withdrawn")}</Notice> : null}
      <ErrorSummary errors={errors} labels={{}} />
      <ul className="consent-list">
        {data.consents.map((c) => {
          const label = t(`ambassadors:consent.${c.kind}.label`);
          return (
            <li key={c.kind} className="card">
              <h2 className="card__title" id={`consent-${c.kind}`}>
                {label}
              </h2>
              <p className="consent-text">{t(`ambassadors:consent.${c.kind}.v${c.version}`)}</p>
              <p className="meta">{t("ambassadors:consent.version", { version: c.version })}</p>
              <p className="consent-state">
                {c.given && c.givenAt ? (
                  <time dateTime={c.givenAt}>{t("ambassadors:consent.given", { date: c.givenAtText })}</time>
                ) : (
                  t("ambassadors:consent.notGiven")
                )}
              </p>
              <Form method="post">
                <input type="hidden" name="kind" value={c.kind} />
                <input type="hidden" name="intent" value={c.given ? "withdraw" : "give"} />
                <button
                  type="submit"
                  className={c.given ? "button button--secondary" : "button"}
                  aria-label={t(c.given ? "ambassadors:consents.withdrawLabel" : "ambassadors:consents.giveLabel", { consent: label })}
                >
                  {t(c.given ? "ambassadors:consent.withdraw" : "ambassadors:consent.give")}
                </button>
              </Form>
            </li>
          );
        })}
      </ul>
    </>
  );
}
