import type { Kysely } from "kysely";
import type { Database, Gender } from "./schema";

/**
 * Invented demo ambassadors and companies, labelled as such. Idempotent: rows are keyed by e-mail
 * and organisationsnummer. Names and companies are made up; any likeness is accidental.
 */
const companies = [
  { name: "Demo Verkstad AB (påhittat)", org_number: "556000-0001", municipality: "0484", sector: "industri-och-tillverkning", cap: 6 },
  { name: "Exempel Stål AB (påhittat)", org_number: "556000-0019", municipality: "0484", sector: "industri-och-tillverkning", cap: 4 },
  { name: "Påhittad Logistik AB (påhittat)", org_number: "556000-0027", municipality: "0486", sector: "transport-och-logistik", cap: 3 },
];

type DemoAmbassador = {
  email: string;
  name: string;
  municipality: string;
  company: string | null;
  employer: string;
  occupation: string;
  sector: string;
  path: string;
  story: string;
  languages: string[];
  gender: Gender | null;
  status: "applied" | "approved" | "active";
  consents: ("profile" | "photo" | "films")[];
  vettedDaysAgo: number | null;
};

const ambassadors: DemoAmbassador[] = [
  {
    email: "ambassador@demo.example",
    name: "Amina Ambassadör (demo)",
    municipality: "0484",
    company: "556000-0001",
    employer: "Demo Verkstad AB",
    occupation: "Svetsare",
    sector: "industri-och-tillverkning",
    path: "Industritekniska programmet → lärling → svetsare",
    story: "Jag svetsar ramar till arbetsmaskiner. Det bästa är att se något jag byggt rulla ut genom porten. (Påhittad demoprofil.)",
    languages: ["sv", "ar", "en"],
    gender: "female",
    status: "active",
    consents: ["profile", "photo", "films"],
    vettedDaysAgo: 100,
  },
  {
    email: "elin.demo@demo.example",
    name: "Elin Exempel (demo)",
    municipality: "0484",
    company: "556000-0019",
    employer: "Exempel Stål AB",
    occupation: "CNC-operatör",
    sector: "industri-och-tillverkning",
    path: "Teknikprogrammet → yrkesvux CNC → CNC-operatör",
    story: "Jag programmerar och kör fleroperationsmaskiner. Mycket problemlösning och inget damm. (Påhittad demoprofil.)",
    languages: ["sv", "en"],
    gender: "female",
    status: "active",
    consents: ["profile"],
    vettedDaysAgo: 350,
  },
  {
    email: "yonas.demo@demo.example",
    name: "Yonas Påhittad (demo)",
    municipality: "0484",
    company: "556000-0001",
    employer: "Demo Verkstad AB",
    occupation: "Montör",
    sector: "industri-och-tillverkning",
    path: "SFI → kombinationsutbildning svenska och montering → montör",
    story: "Jag kom till Sverige för fyra år sedan. I dag monterar jag hydraulsystem och lär upp nya kollegor. (Påhittad demoprofil.)",
    languages: ["sv", "ti", "am"],
    gender: "male",
    status: "active",
    consents: ["profile", "photo"],
    vettedDaysAgo: 20,
  },
  {
    email: "olena.demo@demo.example",
    name: "Olena Demo (demo)",
    municipality: "0486",
    company: "556000-0027",
    employer: "Påhittad Logistik AB",
    occupation: "Lagerlogistiker",
    sector: "transport-och-logistik",
    path: "Yrkesvux logistik → truckkort → lagerlogistiker",
    story: "Jag styr flödet av reservdelar i ett automatlager. (Påhittad demoprofil.)",
    languages: ["uk", "sv", "en"],
    gender: "female",
    status: "active",
    consents: ["profile"],
    vettedDaysAgo: 60,
  },
  {
    email: "fanny.demo@demo.example",
    name: "Fanny Flenbo (demo)",
    municipality: "0482",
    company: null,
    employer: "Påhittad Plast AB",
    occupation: "Processoperatör",
    sector: "industri-och-tillverkning",
    path: "Naturvetenskapsprogrammet → processoperatör",
    story: "Jag övervakar formsprutor och ser till att kvaliteten håller. (Påhittad demoprofil.)",
    languages: ["sv", "fi"],
    gender: "female",
    status: "active",
    consents: ["profile"],
    vettedDaysAgo: 200,
  },
  {
    email: "sokande.demo@demo.example",
    name: "Sam Sökande (demo)",
    municipality: "0484",
    company: null,
    employer: "Exempel Gjuteri AB",
    occupation: "Gjutare",
    sector: "industri-och-tillverkning",
    path: "Industritekniska programmet → gjutare",
    story: "Jag vill visa att gjuteriet är modernare än folk tror. (Påhittad demoansökan.)",
    languages: ["sv", "so"],
    gender: null,
    status: "applied",
    consents: ["profile"],
    vettedDaysAgo: null,
  },
];

export async function seedDemoAmbassadors(db: Kysely<Database>) {
  const municipality = Object.fromEntries((await db.selectFrom("municipality").select(["id", "code"]).execute()).map((m) => [m.code, m.id]));
  const sector = Object.fromEntries((await db.selectFrom("sector").select(["id", "slug"]).execute()).map((s) => [s.slug, s.id]));
  await db
    .insertInto("company")
    .values(
      companies.map((c) => ({
        name: c.name,
        org_number: c.org_number,
        municipality_id: municipality[c.municipality],
        sector_id: sector[c.sector],
        monthly_visit_cap: c.cap,
        contact_name: "Kontaktperson (påhittad)",
        is_demo: 1,
      })),
    )
    .onConflict((oc) => oc.column("org_number").doNothing())
    .execute();
  const company = Object.fromEntries((await db.selectFrom("company").select(["id", "org_number"]).execute()).map((c) => [c.org_number, c.id]));
  const admin = await db.selectFrom("app_user").select(["id", "name"]).where("email", "=", "samordnare@demo.example").executeTakeFirst();
  const modules = await db.selectFrom("training_module").select(["id", "required"]).execute();
  const texts = await db.selectFrom("consent_text").select(["id", "kind", "version"]).orderBy("version", "desc").execute();
  const now = new Date();
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86400_000).toISOString().slice(0, 10);

  for (const a of ambassadors) {
    const existing = await db.selectFrom("ambassador").select("id").where("email", "=", a.email).executeTakeFirst();
    if (existing) continue;
    const user = await db.selectFrom("app_user").select("id").where("email", "=", a.email).executeTakeFirst();
    const row = await db
      .insertInto("ambassador")
      .values({
        user_id: user?.id ?? null,
        municipality_id: municipality[a.municipality],
        status: a.status,
        name: a.name,
        email: a.email,
        employer_name: a.employer,
        occupation: a.occupation,
        sector_id: sector[a.sector],
        company_id: a.company ? company[a.company] : null,
        education_path: a.path,
        story: a.story,
        gender: a.gender,
        languages_json: JSON.stringify(a.languages),
        formats_json: JSON.stringify(["on_site", "digital"]),
        grades_json: JSON.stringify([5, 6, 7, 8, 9]),
        is_demo: 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const kind of a.consents) {
      const text = texts.find((t) => t.kind === kind)!;
      await db.insertInto("ambassador_consent").values({ ambassador_id: row.id, consent_text_id: text.id, kind, given_at: now.toISOString() }).execute();
    }
    if (a.vettedDaysAgo !== null) {
      await db
        .insertInto("ambassador_vetting")
        .values({ ambassador_id: row.id, shown_on: daysAgo(a.vettedDaysAgo), checked_by_user_id: admin?.id ?? null, checked_by_name: admin?.name ?? "Demo" })
        .execute();
      for (const m of modules.filter((m) => m.required))
        await db.insertInto("ambassador_training").values({ ambassador_id: row.id, module_id: m.id, completed_on: daysAgo(a.vettedDaysAgo), recorded_by_user_id: admin?.id ?? null }).execute();
    }
    if (a.status === "active")
      await db
        .insertInto("availability_slot")
        .values([1, 3].flatMap((weekday) => ["09", "10", "13"].map((h) => ({ ambassador_id: row.id, weekday, start_time: `${h}:00`, end_time: `${String(Number(h) + 1).padStart(2, "0")}:00` }))))
        .execute();
  }
}
