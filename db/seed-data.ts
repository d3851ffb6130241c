import { seedDemoCampaigns } from "./seed-campaigns";
import { seedDemoVisits } from "./seed-visits";
import type { Kysely } from "kysely";
import { hashPassword } from "../app/password.server";
import { consentKinds, DEMO_PASSWORD, guideLanguages, languages, municipalities, programmes, sectors, trainingModules } from "./reference-data";
import type { Database, Role } from "./schema";
import { seedDemoAmbassadors } from "./seed-ambassadors";
import { seedGuides } from "./seed-guides";

/** Inserts reference rows that are missing; never overwrites an admin's edits. Idempotent. */
export async function seedReferenceData(db: Kysely<Database>) {
  await db.insertInto("municipality").values(municipalities).onConflict((oc) => oc.column("code").doNothing()).execute();
  await db.insertInto("sector").values(sectors).onConflict((oc) => oc.column("slug").doNothing()).execute();
  await db.insertInto("gymnasium_programme").values(programmes).onConflict((oc) => oc.column("code").doNothing()).execute();
  await db
    .insertInto("language")
    .values(languages.map((l, i) => ({ ...l, sort_order: i + 1 })))
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();
  await db.insertInto("training_module").values(trainingModules).onConflict((oc) => oc.column("name").doNothing()).execute();
  await db
    .insertInto("consent_text")
    .values(consentKinds.map((kind) => ({ kind, version: 1 })))
    .onConflict((oc) => oc.columns(["kind", "version"]).doNothing())
    .execute();
  await db
    .insertInto("guide_language")
    .values(guideLanguages.map((l, i) => ({ ...l, sort_order: i + 1 })))
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();
  await seedGuides(db);
}

export const demoAccounts: { email: string; name: string; role: Role; municipalities?: string[]; school?: boolean }[] = [
  { email: "admin@demo.example", name: "Alva Admin (demo)", role: "admin" },
  { email: "samordnare@demo.example", name: "Sam Samordnare (demo)", role: "coordinator", municipalities: ["0484", "0486"] },
  { email: "samordnare.flen@demo.example", name: "Frida Flensamordnare (demo)", role: "coordinator", municipalities: ["0482"] },
  { email: "skola@demo.example", name: "Siv Studievägledare (demo)", role: "school_staff", school: true },
  { email: "ambassador@demo.example", name: "Amina Ambassadör (demo)", role: "ambassador" },
  { email: "kommunikator@demo.example", name: "Kim Kommunikatör (demo)", role: "communicator" },
  { email: "oversattare@demo.example", name: "Tove Översättare (demo)", role: "translator" },
];

/** Invented demo data, labelled as such. Idempotent: existing demo rows are left as they are. */
export async function seedDemoData(db: Kysely<Database>) {
  const byCode = Object.fromEntries((await db.selectFrom("municipality").select(["id", "code"]).execute()).map((m) => [m.code, m.id]));
  const schools = [
    { name: "Demoskolan i Eskilstuna (påhittad)", unit_code: "99000001", municipality: "0484" },
    { name: "Exempelskolan i Strängnäs (påhittad)", unit_code: "99000002", municipality: "0486" },
    { name: "Påhittade skolan i Nyköping (påhittad)", unit_code: "99000003", municipality: "0480" },
  ];
  await db
    .insertInto("school")
    .values(schools.map((s) => ({ name: s.name, unit_code: s.unit_code, municipality_id: byCode[s.municipality], is_demo: 1 })))
    .onConflict((oc) => oc.column("unit_code").doNothing())
    .execute();
  const demoSchool = await db.selectFrom("school").select("id").where("unit_code", "=", "99000001").executeTakeFirstOrThrow();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of demoAccounts) {
    const existing = await db.selectFrom("app_user").select("id").where("email", "=", account.email).executeTakeFirst();
    if (existing) continue;
    const user = await db
      .insertInto("app_user")
      .values({
        email: account.email,
        name: account.name,
        role: account.role,
        password_hash: passwordHash,
        school_id: account.school ? demoSchool.id : null,
        is_demo: 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (account.municipalities?.length)
      await db
        .insertInto("user_municipality")
        .values(account.municipalities.map((code) => ({ user_id: user.id, municipality_id: byCode[code] })))
        .execute();
  }
  await seedDemoAmbassadors(db);
  await seedDemoSchoolYear(db, demoSchool.id, byCode);
  await seedDemoVisits(db);
  await seedDemoCampaigns(db);
  // the demo film (given its file by seed-film.ts) belongs with the engineering-industry guide
  const film = await db.selectFrom("film").select("id").where("is_demo", "=", 1).orderBy("id").executeTakeFirst();
  if (film) await db.updateTable("guide").set({ film_id: film.id }).where("slug", "=", "verkstadsindustri").where("film_id", "is", null).execute();
}

/** Demo class groups at the demo school, and the demo school year's holidays (invented dates, labelled). */
async function seedDemoSchoolYear(db: Kysely<Database>, schoolId: number, byCode: Record<string, number>) {
  const existing = await db.selectFrom("class_group").select("id").where("school_id", "=", schoolId).executeTakeFirst();
  if (!existing) {
    const today = new Date().toISOString().slice(0, 10);
    const ending = Number(today.slice(5, 7)) >= 7 ? Number(today.slice(0, 4)) + 1 : Number(today.slice(0, 4));
    await db
      .insertInto("class_group")
      .values([
        { school_id: schoolId, label: "5B", leaves_grade9_year: ending + 4, pupils: 24 },
        { school_id: schoolId, label: "5C", leaves_grade9_year: ending + 4, pupils: 22 },
        { school_id: schoolId, label: "8A", leaves_grade9_year: ending + 1, pupils: 27 },
      ])
      .execute();
  }
  const holidays = await db.selectFrom("school_holiday").select("id").where("is_demo", "=", 1).executeTakeFirst();
  if (holidays) return;
  const periods = [
    { name: "Jullov (demo)", from_date: "2026-12-21", to_date: "2027-01-08" },
    { name: "Sportlov (demo)", from_date: "2027-02-22", to_date: "2027-02-26" },
    { name: "Påsklov (demo)", from_date: "2027-03-29", to_date: "2027-04-02" },
    { name: "Sommarlov (demo)", from_date: "2027-06-11", to_date: "2027-08-16" },
  ];
  await db
    .insertInto("school_holiday")
    .values(["0484", "0486"].flatMap((code) => periods.map((p) => ({ ...p, municipality_id: byCode[code], is_demo: 1 }))))
    .execute();
}
