/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // The classic compiler (not Vite): builds in about two seconds on these machines.
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  // Node built-ins are only used in *.server.ts modules, which the compiler keeps out of the browser.
  serverDependenciesToBundle: [/^remix-i18next.*/],
  watchPaths: ["locales/**/*.json", "db/**/*.ts", "media/**/*.ts"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
