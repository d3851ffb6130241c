import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
// One weight per script (bold is synthesised), each split by @fontsource into unicode-range
// subsets, so a page fetches only the glyphs it shows: a guide in Tigrinya stays near 100 KB.
import "@fontsource/noto-sans-arabic/400.css";
import "@fontsource/noto-sans-ethiopic/400.css";
import { cssBundleHref } from "@remix-run/css-bundle";
import { getUser } from "./auth.server";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { Shell } from "./components/layout";
import { getEnv } from "./env.server";
import { db } from "./db.server";
import { readingPage } from "./guidance/reading.server";
import { dirOf, supportedLngs } from "./i18n/config";
import { clientResources, getLocale } from "./i18n/i18n.server";
import { makeI18n } from "./i18n/instance";
import { errorTitleKey, titleFor } from "./meta";
import { useNonce } from "./nonce";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  ...(cssBundleHref ? [{ rel: "stylesheet", href: cssBundleHref }] : []),
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The fallback title; pages name themselves with pageTitle() from ~/meta, errors get theirs here. */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: titleFor(data?.resources, error ? errorTitleKey(error) : null) },
];

export async function loader({ request }: LoaderFunctionArgs) {
  // guidance pages (/{language}/vagledning…) are in the language of their address, not the cookie's
  const reading = await readingPage(db, request);
  const locale = reading && supportedLngs.includes(reading.interfaceLanguage) ? reading.interfaceLanguage : await getLocale(request);
  const user = await getUser(request);
  return {
    locale,
    reading,
    resources: clientResources(locale),
    demoMode: getEnv().DEMO_MODE,
    user: user ? { name: user.name, role: user.role, schoolId: user.schoolId } : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const locale = data?.locale ?? "sv";
  const i18n = useMemo(() => makeI18n(locale, data?.resources ?? {}), [locale, data?.resources]);
  // pages whose handle says hydrate: false are plain HTML: no JavaScript is sent at all
  const hydrate = !useMatches().some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
  const reading = data?.reading ?? null;
  return (
    <html lang={reading?.htmlLang ?? locale} dir={reading?.dir ?? dirOf(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <Shell user={data?.user ?? null} locale={locale} demoMode={data?.demoMode ?? false} reading={reading}>
            {children}
          </Shell>
        </I18nextProvider>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

