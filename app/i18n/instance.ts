import { createInstance, type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { defaultNS, fallbackLng } from "./config";

/**
 * One i18next instance per language, made synchronously from the resources the root loader
 * sends, so the server render and the browser's hydration use the same strings without an
 * extra request for translation files.
 */
export function makeI18n(lng: string, resources: Record<string, Record<string, unknown>>): i18n {
  const instance = createInstance();
  instance.use(initReactI18next).init({
    lng,
    resources: { [lng]: resources },
    defaultNS,
    fallbackLng,
    initImmediate: false,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  return instance;
}
