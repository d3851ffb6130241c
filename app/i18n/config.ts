/** Interface languages (client-safe). Swedish is the source; the others were drafted by the team. */
export interface InterfaceLanguage {
  code: string;
  /** the language's name in its own script, as shown in the switcher */
  nativeName: string;
  dir: "ltr" | "rtl";
  /** false until a native speaker has reviewed the interface texts */
  reviewed: boolean;
}

export const interfaceLanguages: InterfaceLanguage[] = [
  { code: "sv", nativeName: "Svenska", dir: "ltr", reviewed: true },
  { code: "en", nativeName: "English", dir: "ltr", reviewed: false },
  { code: "ar", nativeName: "العربية", dir: "rtl", reviewed: false },
  { code: "prs", nativeName: "دری", dir: "rtl", reviewed: false },
  { code: "fa", nativeName: "فارسی", dir: "rtl", reviewed: false },
  { code: "so", nativeName: "Soomaali", dir: "ltr", reviewed: false },
  { code: "ti", nativeName: "ትግርኛ", dir: "ltr", reviewed: false },
  { code: "uk", nativeName: "Українська", dir: "ltr", reviewed: false },
];

export const supportedLngs = interfaceLanguages.map((l) => l.code);
export const fallbackLng = "sv";
export const defaultNS = "common";

export const languageOf = (code: string) => interfaceLanguages.find((l) => l.code === code) ?? interfaceLanguages[0];
export const dirOf = (code: string) => languageOf(code).dir;
