/**
 * Reference data seeded as editable rows (admins may rename or add). Sources: PRODUCT.md and seed 000.
 * Programme codes follow Skolverket's national programmes; verify against Skolverket before relying on them.
 */
export const municipalities = [
  { code: "0428", name: "Vingåker" },
  { code: "0461", name: "Gnesta" },
  { code: "0480", name: "Nyköping" },
  { code: "0481", name: "Oxelösund" },
  { code: "0482", name: "Flen" },
  { code: "0483", name: "Katrineholm" },
  { code: "0484", name: "Eskilstuna" },
  { code: "0486", name: "Strängnäs" },
  { code: "0488", name: "Trosa" },
].map((m) => ({ ...m, county: "Södermanlands län" }));

export const sectors = [
  { slug: "bygg", name: "Bygg" },
  { slug: "fastighet", name: "Fastighet" },
  { slug: "grona-naringar", name: "Gröna näringar" },
  { slug: "industri-och-tillverkning", name: "Industri och tillverkning" },
  { slug: "it-och-digitalisering", name: "IT och digitalisering" },
  { slug: "tekniska-installationer", name: "Tekniska installationer" },
  { slug: "transport-och-logistik", name: "Transport och logistik" },
  { slug: "turism", name: "Turism" },
  { slug: "vard-och-omsorg", name: "Vård och omsorg" },
].map((s, i) => ({ ...s, sort_order: i + 1 }));

export const programmes: { code: string; name: string; kind: "vocational" | "preparatory" }[] = [
  { code: "EK", name: "Ekonomiprogrammet", kind: "preparatory" },
  { code: "ES", name: "Estetiska programmet", kind: "preparatory" },
  { code: "HU", name: "Humanistiska programmet", kind: "preparatory" },
  { code: "NA", name: "Naturvetenskapsprogrammet", kind: "preparatory" },
  { code: "SA", name: "Samhällsvetenskapsprogrammet", kind: "preparatory" },
  { code: "TE", name: "Teknikprogrammet", kind: "preparatory" },
  { code: "BA", name: "Bygg- och anläggningsprogrammet", kind: "vocational" },
  { code: "BF", name: "Barn- och fritidsprogrammet", kind: "vocational" },
  { code: "EE", name: "El- och energiprogrammet", kind: "vocational" },
  { code: "FT", name: "Fordons- och transportprogrammet", kind: "vocational" },
  { code: "FS", name: "Försäljnings- och serviceprogrammet", kind: "vocational" },
  { code: "FR", name: "Frisör- och stylistprogrammet", kind: "vocational" },
  { code: "HT", name: "Hotell- och turismprogrammet", kind: "vocational" },
  { code: "IN", name: "Industritekniska programmet", kind: "vocational" },
  { code: "NB", name: "Naturbruksprogrammet", kind: "vocational" },
  { code: "RL", name: "Restaurang- och livsmedelsprogrammet", kind: "vocational" },
  { code: "VF", name: "VVS- och fastighetsprogrammet", kind: "vocational" },
  { code: "VO", name: "Vård- och omsorgsprogrammet", kind: "vocational" },
];

export const DEMO_PASSWORD = "vagval-demo";

/** Languages as data (name in its own script). Ambassadors pick the ones they speak; guidance uses them too. */
export const languages: { code: string; native_name: string; swedish_name: string; dir: "ltr" | "rtl" }[] = [
  { code: "sv", native_name: "Svenska", swedish_name: "svenska", dir: "ltr" },
  { code: "en", native_name: "English", swedish_name: "engelska", dir: "ltr" },
  { code: "ar", native_name: "العربية", swedish_name: "arabiska", dir: "rtl" },
  { code: "prs", native_name: "دری", swedish_name: "dari", dir: "rtl" },
  { code: "fa", native_name: "فارسی", swedish_name: "persiska", dir: "rtl" },
  { code: "so", native_name: "Soomaali", swedish_name: "somaliska", dir: "ltr" },
  { code: "ti", native_name: "ትግርኛ", swedish_name: "tigrinja", dir: "ltr" },
  { code: "uk", native_name: "Українська", swedish_name: "ukrainska", dir: "ltr" },
  { code: "fi", native_name: "Suomi", swedish_name: "finska", dir: "ltr" },
  { code: "pl", native_name: "Polski", swedish_name: "polska", dir: "ltr" },
  { code: "bs", native_name: "Bosanski", swedish_name: "bosniska", dir: "ltr" },
  { code: "tr", native_name: "Türkçe", swedish_name: "turkiska", dir: "ltr" },
  { code: "ku", native_name: "Kurdî", swedish_name: "kurdiska", dir: "ltr" },
  { code: "es", native_name: "Español", swedish_name: "spanska", dir: "ltr" },
  { code: "de", native_name: "Deutsch", swedish_name: "tyska", dir: "ltr" },
  { code: "am", native_name: "አማርኛ", swedish_name: "amhariska", dir: "ltr" },
];

export const trainingModules = [
  { name: "Ambassadörsutbildning", description: "Grundutbildning: att berätta om sitt yrke för elever, skolans regler, säkerhet.", required: 1, sort_order: 1 },
  { name: "Handledarutbildning", description: "För den som tar emot elever på prao eller studiebesök på arbetsplatsen.", required: 0, sort_order: 2 },
];

export const consentKinds = ["profile", "photo", "films"] as const;

/**
 * Reading languages for guidance (issue 6), as data: adding one is adding a row. Lättläst (easy
 * Swedish) reads in Swedish (html lang sv, no hreflang of its own); every translation falls back to
 * lättläst and then to Swedish. Interface texts come from the interface language named here.
 */
export const guideLanguages = [
  { code: "sv", native_name: "Svenska", swedish_name: "svenska", language_code: "sv", html_lang: "sv", hreflang: "sv", dir: "ltr", interface_language: "sv", fallback_code: null, is_source: 1 },
  { code: "lattlast", native_name: "Lättläst svenska", swedish_name: "lättläst svenska", language_code: "sv", html_lang: "sv", hreflang: null, dir: "ltr", interface_language: "sv", fallback_code: "sv", is_source: 0 },
  { code: "en", native_name: "English", swedish_name: "engelska", language_code: "en", html_lang: "en", hreflang: "en", dir: "ltr", interface_language: "en", fallback_code: "lattlast", is_source: 0 },
  { code: "ar", native_name: "العربية", swedish_name: "arabiska", language_code: "ar", html_lang: "ar", hreflang: "ar", dir: "rtl", interface_language: "ar", fallback_code: "lattlast", is_source: 0 },
  { code: "prs", native_name: "دری", swedish_name: "dari", language_code: "prs", html_lang: "prs", hreflang: "prs", dir: "rtl", interface_language: "prs", fallback_code: "lattlast", is_source: 0 },
  { code: "fa", native_name: "فارسی", swedish_name: "persiska", language_code: "fa", html_lang: "fa", hreflang: "fa", dir: "rtl", interface_language: "fa", fallback_code: "lattlast", is_source: 0 },
  { code: "so", native_name: "Soomaali", swedish_name: "somaliska", language_code: "so", html_lang: "so", hreflang: "so", dir: "ltr", interface_language: "so", fallback_code: "lattlast", is_source: 0 },
  { code: "ti", native_name: "ትግርኛ", swedish_name: "tigrinja", language_code: "ti", html_lang: "ti", hreflang: "ti", dir: "ltr", interface_language: "ti", fallback_code: "lattlast", is_source: 0 },
  { code: "uk", native_name: "Українська", swedish_name: "ukrainska", language_code: "uk", html_lang: "uk", hreflang: "uk", dir: "ltr", interface_language: "uk", fallback_code: "lattlast", is_source: 0 },
] as const;
