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
