/**
 * The ambassador pool against a real, seeded database: applications, status changes, checks and
 * training, reminders, consent, the public gallery, pool health, booking and erasure.
 *
 * The demo ambassadors (Amina, Elin, Yonas in Eskilstuna, Olena in Strängnäs, Fanny in Flen, Sam who
 * has applied) are only read, except where a test says so. Every ambassador a test creates applies in
 * Trosa, in "Vård och omsorg", speaking Polish, so the seeded figures stay as they are.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createStorage, type MediaStorage } from "#media/index";
import type { ConsentKind } from "#db/schema";
import { collectAmbassadorData, eraseAmbassador } from "~/ambassadors/gdpr.server";
import { createCompany, listCompanies, setAmbassadorCompany } from "~/ambassadors/companies.server";
import {
  applyAsAmbassador,
  changeStatus,
  checkBookable,
  countPublicAmbassadors,
  getPublicAmbassador,
  giveConsent,
  isPhotoPublic,
  listPublicAmbassadors,
  onConsentWithdrawn,
  PoolError,
  poolHealth,
  recordTraining,
  recordVetting,
  sendVettingReminders,
  setAvailability,
  withdrawConsent,
} from "~/ambassadors/pool.server";
import { addDays, addMonths, todayInStockholm, vettingExpiresOn } from "~/ambassadors/rules";
import { applicationSchema, companySchema } from "~/ambassadors/schemas";
import { checkAuthToken, createUserSession, type SessionUser } from "~/auth.server";
import { db } from "~/db.server";
import { BASE, demo } from "./helpers";

const today = todayInStockholm();

let coordinator: SessionUser;
const seeded: Record<"amina" | "elin" | "yonas" | "olena" | "fanny" | "sam", number> = { amina: 0, elin: 0, yonas: 0, olena: 0, fanny: 0, sam: 0 };
const municipality: Record<string, number> = {};
const sectorIds: Record<string, number> = {};
let requiredModules: number[] = [];
let optionalModule: number;

const ambassador = (id: number) => db.selectFrom("ambassador").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const mailsTo = (to: string) => db.selectFrom("mail_outbox").selectAll().where("to_address", "=", to).orderBy("id").execute();
const lastMailId = async () => (await db.selectFrom("mail_outbox").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0;
const mailsSince = (id: number) => db.selectFrom("mail_outbox").selectAll().where("id", ">", id).orderBy("id").execute();
const mailCount = async () => Number((await db.selectFrom("mail_outbox").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
const ambassadorCount = async () => Number((await db.selectFrom("ambassador").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
const auditFor = (id: number, action: string) =>
  db.selectFrom("audit_log").selectAll().where("entity_type", "=", "ambassador").where("entity_id", "=", String(id)).where("action", "=", action).orderBy("id").execute();
const consentsOf = async (id: number) =>
  (await db.selectFrom("ambassador_consent").select("kind").where("ambassador_id", "=", id).where("withdrawn_at", "is", null).execute()).map((r) => r.kind).sort();

/** What the public form sends, parsed by the real schema. */
function application(email: string, overrides: Record<string, string | string[] | undefined> = {}) {
  return applicationSchema.parse({
    name: `Testperson ${email.split("@")[0]}`,
    email,
    phone: "070-123 45 67",
    municipalityId: String(municipality["0488"]),
    occupation: "Undersköterska",
    employerName: "Påhittad Omsorg AB",
    sectorId: String(sectorIds["vard-och-omsorg"]),
    educationPath: "Vård- och omsorgsprogrammet → undersköterska",
    story: "Jag arbetar på ett äldreboende och tycker om att ha många olika dagar.",
    languages: ["pl"],
    gender: "female",
    formats: ["on_site"],
    grades: ["5", "6", "10"],
    consentProfile: "on",
    consentPhoto: "on",
    ...overrides,
  });
}

async function apply(email: string, overrides: Record<string, string | string[] | undefined> = {}) {
  const result = await applyAsAmbassador(db, application(email, overrides), "sv");
  if (!result.ok) throw new Error(`application for ${email} refused`);
  return result.id;
}

/** Applied → approved → vetted and trained → active, the way a coordinator does it. */
async function activeAmbassador(email: string, overrides: Record<string, string | string[] | undefined> = {}) {
  const id = await apply(email, overrides);
  await changeStatus(db, { ambassadorId: id, to: "approved", actor: coordinator });
  await recordVetting(db, { ambassadorId: id, shownOn: addDays(today, -10), actor: coordinator });
  for (const moduleId of requiredModules) await recordTraining(db, { ambassadorId: id, moduleId, completedOn: today, actor: coordinator });
  await changeStatus(db, { ambassadorId: id, to: "active", actor: coordinator });
  return id;
}

/** Expects a PoolError with this message key (and field). */
async function refused(promise: Promise<unknown>, key: string, field?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected PoolError ${key}`).toBeInstanceOf(PoolError);
  expect((error as PoolError).key).toBe(key);
  if (field) expect((error as PoolError).field).toBe(field);
}

beforeAll(async () => {
  const user = await db.selectFrom("app_user").selectAll().where("email", "=", demo.coordinator).executeTakeFirstOrThrow();
  const places = await db.selectFrom("user_municipality").select("municipality_id").where("user_id", "=", user.id).execute();
  coordinator = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    schoolId: user.school_id,
    municipalityIds: places.map((p) => p.municipality_id),
    sessionId: "test-session",
  };
  for (const m of await db.selectFrom("municipality").select(["id", "code"]).execute()) municipality[m.code] = m.id;
  for (const s of await db.selectFrom("sector").select(["id", "slug"]).execute()) sectorIds[s.slug] = s.id;
  const byEmail = async (email: string) => (await db.selectFrom("ambassador").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  seeded.amina = await byEmail("ambassador@demo.example");
  seeded.elin = await byEmail("elin.demo@demo.example");
  seeded.yonas = await byEmail("yonas.demo@demo.example");
  seeded.olena = await byEmail("olena.demo@demo.example");
  seeded.fanny = await byEmail("fanny.demo@demo.example");
  seeded.sam = await byEmail("sokande.demo@demo.example");
  const modules = await db.selectFrom("training_module").select(["id", "required"]).where("active", "=", 1).execute();
  requiredModules = modules.filter((m) => m.required).map((m) => m.id);
  optionalModule = modules.find((m) => !m.required)!.id;
  expect(requiredModules.length).toBeGreaterThan(0);
});

// ---------------------------------------------------------------- read-only checks on the demo pool first

describe("the public gallery", () => {
  const names = (rows: { name: string | null }[]) => rows.map((r) => r.name);

  test("shows active ambassadors with profile consent, never someone who has only applied", async () => {
    const all = await listPublicAmbassadors(db, {});
    expect(names(all)).toEqual(["Amina Ambassadör (demo)", "Elin Exempel (demo)", "Fanny Flenbo (demo)", "Olena Demo (demo)", "Yonas Påhittad (demo)"]);
    expect(await countPublicAmbassadors(db, {})).toBe(5);
    expect(await getPublicAmbassador(db, seeded.sam)).toBeNull();
  });

  test("never shows contact details", async () => {
    for (const row of await listPublicAmbassadors(db, {})) {
      expect(row).not.toHaveProperty("email");
      expect(row).not.toHaveProperty("phone");
      expect(JSON.stringify(row)).not.toContain("@demo.example");
    }
  });

  test("filters by municipality code", async () => {
    expect(names(await listPublicAmbassadors(db, { municipality: "0484" }))).toEqual(["Amina Ambassadör (demo)", "Elin Exempel (demo)", "Yonas Påhittad (demo)"]);
    expect(await countPublicAmbassadors(db, { municipality: "0484" })).toBe(3);
    expect(names(await listPublicAmbassadors(db, { municipality: "0486" }))).toEqual(["Olena Demo (demo)"]);
    expect(await countPublicAmbassadors(db, { municipality: "0486" })).toBe(1);
    expect(await listPublicAmbassadors(db, { municipality: "0480" })).toEqual([]);
    expect(await countPublicAmbassadors(db, { municipality: "0480" })).toBe(0);
  });

  test("filters by sector slug", async () => {
    const industry = await listPublicAmbassadors(db, { sector: "industri-och-tillverkning" });
    expect(names(industry)).toEqual(["Amina Ambassadör (demo)", "Elin Exempel (demo)", "Fanny Flenbo (demo)", "Yonas Påhittad (demo)"]);
    expect(industry.every((r) => r.sector === "Industri och tillverkning")).toBe(true);
    expect(await countPublicAmbassadors(db, { sector: "industri-och-tillverkning" })).toBe(4);
    expect(names(await listPublicAmbassadors(db, { sector: "transport-och-logistik" }))).toEqual(["Olena Demo (demo)"]);
    expect(await countPublicAmbassadors(db, { sector: "bygg" })).toBe(0);
  });

  test("filters by language: Tigrinya finds Yonas", async () => {
    const ti = await listPublicAmbassadors(db, { language: "ti" });
    expect(names(ti)).toEqual(["Yonas Påhittad (demo)"]);
    expect(ti[0].languages).toEqual(["sv", "ti", "am"]);
    expect(await countPublicAmbassadors(db, { language: "ti" })).toBe(1);
    expect(names(await listPublicAmbassadors(db, { language: "uk" }))).toEqual(["Olena Demo (demo)"]);
    expect(await countPublicAmbassadors(db, { language: "en" })).toBe(3);
    // Sam speaks Somali but has only applied
    expect(await countPublicAmbassadors(db, { language: "so" })).toBe(0);
    // a code that is only part of another code does not match
    expect(await countPublicAmbassadors(db, { language: "s" })).toBe(0);
  });

  test("filters combine, and the count always matches the list", async () => {
    const filters = [
      { municipality: "0484", language: "en" },
      { municipality: "0484", sector: "industri-och-tillverkning", language: "ar" },
      { municipality: "0486", sector: "industri-och-tillverkning" },
      { sector: "industri-och-tillverkning", language: "fi" },
    ];
    const expected = [["Amina Ambassadör (demo)", "Elin Exempel (demo)"], ["Amina Ambassadör (demo)"], [], ["Fanny Flenbo (demo)"]];
    for (const [i, f] of filters.entries()) {
      const rows = await listPublicAmbassadors(db, f);
      expect(names(rows), JSON.stringify(f)).toEqual(expected[i]);
      expect(await countPublicAmbassadors(db, f), JSON.stringify(f)).toBe(rows.length);
    }
  });

  test("pages through the gallery without repeating anyone", async () => {
    const first = await listPublicAmbassadors(db, { limit: 2, offset: 0 });
    const second = await listPublicAmbassadors(db, { limit: 2, offset: 2 });
    const third = await listPublicAmbassadors(db, { limit: 2, offset: 4 });
    expect([...first, ...second, ...third].map((r) => r.id)).toEqual((await listPublicAmbassadors(db, {})).map((r) => r.id));
    expect(third).toHaveLength(1);
  });

  test("one ambassador's public page has her municipality and sector", async () => {
    const yonas = await getPublicAmbassador(db, seeded.yonas);
    expect(yonas).toMatchObject({ id: seeded.yonas, name: "Yonas Påhittad (demo)", municipality: "Eskilstuna", sector: "Industri och tillverkning", occupation: "Montör" });
  });
});

describe("pool health", () => {
  test("the coordinator sees Eskilstuna and Strängnäs, and not Flen", async () => {
    const health = await poolHealth(db, coordinator.municipalityIds, today);
    expect(health.map((h) => h.municipality.name)).toEqual(["Eskilstuna", "Strängnäs"]);
    expect(health.map((h) => h.municipality.code)).not.toContain("0482");
  });

  test("Eskilstuna: three active, two women and a man, Elin's check running out, Sam waiting", async () => {
    const [eskilstuna] = await poolHealth(db, [municipality["0484"], municipality["0486"]], today);
    expect(eskilstuna.municipality).toEqual({ id: municipality["0484"], code: "0484", name: "Eskilstuna" });
    expect(eskilstuna.active).toBe(3);
    expect(eskilstuna.target).toEqual({ min: 5, max: 10 });
    expect(eskilstuna.byStatus).toEqual({ active: 3, applied: 1 });
    expect(eskilstuna.gender).toEqual({ female: 2, male: 1, other: 0, unstated: 0 });
    expect(eskilstuna.sectors).toEqual([{ name: "Industri och tillverkning", count: 3 }]);
    expect(eskilstuna.missingSectors).toContain("Bygg");
    expect(eskilstuna.missingSectors).not.toContain("Industri och tillverkning");
    expect(eskilstuna.missingSectors).toHaveLength(8);
    const elinShown = (await db.selectFrom("ambassador_vetting").select("shown_on").where("ambassador_id", "=", seeded.elin).executeTakeFirstOrThrow()).shown_on;
    expect(eskilstuna.vetting.expiring).toEqual([{ id: seeded.elin, name: "Elin Exempel (demo)", expiresOn: vettingExpiresOn(elinShown) }]);
    expect(eskilstuna.vetting.expired).toEqual([]);
    expect(eskilstuna.vetting.missing).toBe(0);
    const languages = Object.fromEntries(eskilstuna.languages.map((l) => [l.code, l.count]));
    expect(languages).toEqual({ sv: 3, en: 2, ar: 1, ti: 1, am: 1 });
    expect(eskilstuna.languages[0]).toMatchObject({ code: "sv", name: "Svenska", count: 3 });
  });

  test("Strängnäs: Olena alone, in logistics", async () => {
    const [, strangnas] = await poolHealth(db, coordinator.municipalityIds, today);
    expect(strangnas).toMatchObject({ active: 1, byStatus: { active: 1 }, gender: { female: 1, male: 0, other: 0, unstated: 0 } });
    expect(strangnas.sectors).toEqual([{ name: "Transport och logistik", count: 1 }]);
    expect(strangnas.vetting).toEqual({ expiring: [], expired: [], missing: 0 });
  });

  test("on the day Elin's check runs out she is listed as expired", async () => {
    const elinShown = (await db.selectFrom("ambassador_vetting").select("shown_on").where("ambassador_id", "=", seeded.elin).executeTakeFirstOrThrow()).shown_on;
    const [eskilstuna] = await poolHealth(db, [municipality["0484"]], vettingExpiresOn(elinShown));
    expect(eskilstuna.vetting.expired.map((e) => e.id)).toEqual([seeded.elin]);
    expect(eskilstuna.vetting.expiring).toEqual([]);
  });

  test("no municipalities means no figures; an admin sees all nine", async () => {
    expect(await poolHealth(db, [], today)).toEqual([]);
    const all = await poolHealth(db, "all", today);
    expect(all).toHaveLength(9);
    expect(all.find((h) => h.municipality.code === "0482")).toMatchObject({ active: 1 });
  });
});

describe("can this ambassador be booked", () => {
  test("Amina can take grade 5 today", async () => {
    expect(await checkBookable(db, seeded.amina, today, 5)).toEqual({ bookable: true, reasons: [] });
  });

  test("Sam cannot: not active, not trained, no check", async () => {
    expect(await checkBookable(db, seeded.sam, today, 5)).toEqual({ bookable: false, reasons: ["not_active", "not_trained", "vetting_missing"] });
  });

  test("from the day Elin's check runs out she can visit the gymnasium but not grade 5", async () => {
    const shown = (await db.selectFrom("ambassador_vetting").select("shown_on").where("ambassador_id", "=", seeded.elin).executeTakeFirstOrThrow()).shown_on;
    const expires = vettingExpiresOn(shown);
    expect(await checkBookable(db, seeded.elin, addDays(expires, -1), 5)).toEqual({ bookable: true, reasons: [] });
    expect(await checkBookable(db, seeded.elin, expires, 5)).toEqual({ bookable: false, reasons: ["vetting_expired"] });
    expect(await checkBookable(db, seeded.elin, expires, 10)).toEqual({ bookable: true, reasons: [] });
  });

  test("an unknown ambassador is not bookable", async () => {
    expect((await checkBookable(db, 999_999, today, 5)).bookable).toBe(false);
  });
});

describe("companies", () => {
  test("the coordinator's list has the demo companies in her municipalities with their ambassadors", async () => {
    const companies = await listCompanies(db, coordinator.municipalityIds);
    expect(companies.map((c) => [c.org_number, c.ambassadors])).toEqual([
      ["556000-0001", 2], // Demo Verkstad: Amina and Yonas
      ["556000-0019", 1], // Exempel Stål: Elin
      ["556000-0027", 1], // Påhittad Logistik: Olena
    ]);
    expect(await listCompanies(db, [municipality["0482"]])).toEqual([]);
  });

  test("a new company is stored with its normalised number; the same number twice is refused", async () => {
    const form = {
      name: "Trosa Omsorg AB (test)",
      orgNumber: "16556036-0793",
      municipalityId: String(municipality["0488"]),
      sectorId: String(sectorIds["vard-och-omsorg"]),
      contactEmail: "Kontakt@Trosa.example",
      monthlyVisitCap: "3",
    };
    const input = companySchema.parse(form);
    const id = await createCompany(db, input, coordinator.id);
    expect(await db.selectFrom("company").select(["org_number", "contact_email", "monthly_visit_cap"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({
      org_number: "556036-0793",
      contact_email: "kontakt@trosa.example",
      monthly_visit_cap: 3,
    });
    await refused(createCompany(db, companySchema.parse({ ...form, name: "Annat namn AB", orgNumber: "5560360793" }), coordinator.id), "ambassadors:errors.orgNumberTaken", "orgNumber");
    expect(await listCompanies(db, coordinator.municipalityIds)).toHaveLength(3);
    expect((await listCompanies(db, "all")).map((c) => c.name)).toContain("Trosa Omsorg AB (test)");
  });

  test("linking an ambassador to a company is recorded with before and after", async () => {
    const id = await apply("foretag@test.example");
    const company = await db.selectFrom("company").select("id").where("org_number", "=", "556036-0793").executeTakeFirstOrThrow();
    await setAmbassadorCompany(db, { ambassadorId: id, companyId: company.id, actorUserId: coordinator.id });
    expect((await ambassador(id)).company_id).toBe(company.id);
    const [entry] = await auditFor(id, "ambassador.company");
    expect(JSON.parse(entry.before_json!)).toEqual({ companyId: null });
    expect(JSON.parse(entry.after_json!)).toEqual({ companyId: company.id });
  });
});

// ---------------------------------------------------------------- reminders (before any test adds checks)

describe("reminders about checks running out", () => {
  let elinExpires: string;
  beforeAll(async () => {
    const shown = (await db.selectFrom("ambassador_vetting").select("shown_on").where("ambassador_id", "=", seeded.elin).executeTakeFirstOrThrow()).shown_on;
    elinExpires = vettingExpiresOn(shown);
  });

  test("31 days before Elin's check runs out nobody is reminded yet", async () => {
    const before = await mailCount();
    expect(await sendVettingReminders(db, addDays(elinExpires, -31))).toBe(0);
    expect(await mailCount()).toBe(before);
  });

  test("30 days before, the Eskilstuna coordinator and Elin are reminded, once", async () => {
    const before = await lastMailId();
    expect(await sendVettingReminders(db, addDays(elinExpires, -30))).toBe(1);
    const added = await mailsSince(before);
    expect(added.map((m) => m.to_address).sort()).toEqual(["elin.demo@demo.example", demo.coordinator].sort());
    for (const mail of added) {
      expect(mail.subject).toBe("Registerutdraget för Elin Exempel (demo) går snart ut");
      expect(mail.text_body).toContain(elinExpires);
    }
    expect(added.find((m) => m.to_address === demo.coordinator)!.text_body).toContain("ambassadören Elin Exempel (demo)");
    expect(added.find((m) => m.to_address === "elin.demo@demo.example")!.text_body).toContain("Hej Elin Exempel (demo)!");
    // the next hourly run, and the next day, send nothing new
    const after = await mailCount();
    expect(await sendVettingReminders(db, addDays(elinExpires, -30))).toBe(0);
    expect(await sendVettingReminders(db, addDays(elinExpires, -29))).toBe(0);
    expect(await mailCount()).toBe(after);
    const check = await db.selectFrom("ambassador_vetting").select("reminder_sent_at").where("ambassador_id", "=", seeded.elin).executeTakeFirstOrThrow();
    expect(check.reminder_sent_at).not.toBeNull();
  });

  test("only the latest check counts: an old one replaced by a new one is not reminded about", async () => {
    const id = await apply("fornyad@test.example");
    await changeStatus(db, { ambassadorId: id, to: "approved", actor: coordinator });
    await recordVetting(db, { ambassadorId: id, shownOn: addDays(today, -350), actor: coordinator });
    await recordVetting(db, { ambassadorId: id, shownOn: addDays(today, -5), actor: coordinator });
    const before = await lastMailId();
    // Elin, whose check is also in the window today, has been reminded already
    expect(await sendVettingReminders(db, today)).toBe(0);
    expect(await mailsSince(before)).toEqual([]);
    // tidy up: a rejected ambassador is never reminded
    await changeStatus(db, { ambassadorId: id, to: "rejected", reason: "Test", actor: coordinator });
  });

  test("a check entered twice by mistake (same date) gives one reminder, not two", async () => {
    const email = "dubbel@test.example";
    const id = await apply(email);
    await changeStatus(db, { ambassadorId: id, to: "approved", actor: coordinator });
    const shownOn = addDays(today, -340);
    await recordVetting(db, { ambassadorId: id, shownOn, actor: coordinator });
    await recordVetting(db, { ambassadorId: id, shownOn, actor: coordinator });
    const before = await lastMailId();
    const reminded = await sendVettingReminders(db, today);
    const toHer = (await mailsSince(before)).filter((m) => m.to_address === email);
    await changeStatus(db, { ambassadorId: id, to: "rejected", reason: "Test", actor: coordinator });
    expect(toHer.map((m) => m.subject)).toEqual([`Registerutdraget för ${(await ambassador(id)).name} går snart ut`]);
    expect(reminded).toBe(1);
  });

  test("a rejected or alumni ambassador is not reminded", async () => {
    const id = await apply("avslutad@test.example");
    await changeStatus(db, { ambassadorId: id, to: "approved", actor: coordinator });
    await recordVetting(db, { ambassadorId: id, shownOn: addDays(today, -340), actor: coordinator });
    await changeStatus(db, { ambassadorId: id, to: "rejected", reason: "Flyttat", actor: coordinator });
    const before = await lastMailId();
    expect(await sendVettingReminders(db, today)).toBe(0);
    expect(await mailsSince(before)).toEqual([]);
  });
});

// ---------------------------------------------------------------- applications

describe("applying", () => {
  test("an application is stored as applied, with its consents, and the applicant gets a confirmation", async () => {
    const before = await ambassadorCount();
    const result = await applyAsAmbassador(db, application("Nora.Ny@Test.Example", { name: "Nora Ny" }), "sv");
    expect(result).toEqual({ ok: true, id: expect.any(Number) });
    const id = (result as { id: number }).id;
    expect(await ambassadorCount()).toBe(before + 1);
    expect(await ambassador(id)).toMatchObject({
      status: "applied",
      name: "Nora Ny",
      email: "nora.ny@test.example",
      phone: "0701234567",
      municipality_id: municipality["0488"],
      languages_json: '["pl"]',
      grades_json: "[5,6,10]",
      user_id: null,
      erased_at: null,
    });
    expect(await consentsOf(id)).toEqual(["photo", "profile"]);
    const mails = await mailsTo("nora.ny@test.example");
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ subject: "Tack för din ansökan till Vägval", status: "pending" });
    expect(mails[0].text_body).toContain("Hej Nora Ny!");
    expect(await auditFor(id, "ambassador.apply")).toHaveLength(1);
    // not public until approved and active
    expect(await getPublicAmbassador(db, id)).toBeNull();
  });

  test("a second application with the same e-mail is answered 'duplicate' and changes nothing", async () => {
    const [rows, mails] = [await ambassadorCount(), await mailCount()];
    expect(await applyAsAmbassador(db, application("NORA.NY@test.example"), "sv")).toEqual({ ok: false, reason: "duplicate" });
    expect(await applyAsAmbassador(db, application("elin.demo@demo.example"), "sv")).toEqual({ ok: false, reason: "duplicate" });
    expect(await ambassadorCount()).toBe(rows);
    expect(await mailCount()).toBe(mails);
  });

  test("two submissions racing with the same e-mail: one row, one 'duplicate', one mail", async () => {
    const [rows, mails] = [await ambassadorCount(), await mailCount()];
    const results = await Promise.all([applyAsAmbassador(db, application("tvilling@test.example"), "sv"), applyAsAmbassador(db, application("tvilling@test.example"), "sv")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "duplicate" }]);
    expect(await ambassadorCount()).toBe(rows + 1);
    expect(await mailCount()).toBe(mails + 1);
  });

  test("only the consents that were ticked are recorded", async () => {
    const none = await apply("inga-samtycken@test.example", { consentProfile: undefined, consentPhoto: undefined });
    expect(await consentsOf(none)).toEqual([]);
    const all = await apply("alla-samtycken@test.example", { consentFilms: "on" });
    expect(await consentsOf(all)).toEqual(["films", "photo", "profile"]);
  });
});

// ---------------------------------------------------------------- status changes

describe("status changes", () => {
  test("a change outside the graph is refused and nothing changes", async () => {
    const id = await apply("hoppa-over@test.example");
    const [mails, audits] = [await mailCount(), (await auditFor(id, "ambassador.status")).length];
    await refused(changeStatus(db, { ambassadorId: id, to: "active", actor: coordinator }), "ambassadors:errors.transition", "to");
    await refused(changeStatus(db, { ambassadorId: id, to: "paused", actor: coordinator }), "ambassadors:errors.transition", "to");
    await refused(changeStatus(db, { ambassadorId: seeded.amina, to: "approved", actor: coordinator }), "ambassadors:errors.transition", "to");
    await refused(changeStatus(db, { ambassadorId: seeded.amina, to: "applied", actor: coordinator }), "ambassadors:errors.transition", "to");
    expect((await ambassador(id)).status).toBe("applied");
    expect((await ambassador(seeded.amina)).status).toBe("active");
    expect(await mailCount()).toBe(mails);
    expect(await auditFor(id, "ambassador.status")).toHaveLength(audits);
    expect(await db.selectFrom("app_user").select("id").where("email", "=", "hoppa-over@test.example").executeTakeFirst()).toBeUndefined();
  });

  test("an unknown ambassador is 'not found'", async () => {
    await refused(changeStatus(db, { ambassadorId: 999_999, to: "approved", actor: coordinator }), "errors.notFound");
  });

  describe("from application to active", () => {
    let id: number;
    const email = "vera.vag@test.example";

    test("approval creates an ambassador account and e-mails a single-use invitation", async () => {
      id = await apply(email, { name: "Vera Väg" });
      await changeStatus(db, { ambassadorId: id, to: "approved", actor: coordinator });
      const row = await ambassador(id);
      expect(row.status).toBe("approved");
      const user = await db.selectFrom("app_user").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
      expect(user).toMatchObject({ role: "ambassador", name: "Vera Väg", locale: "sv", password_hash: null, disabled_at: null });
      expect(row.user_id).toBe(user.id);
      const invitation = (await mailsTo(email)).find((m) => m.text_body.includes("/inbjudan/"));
      expect(invitation, "no invitation mail").toBeDefined();
      expect(invitation!.subject).toBe("Du är inbjuden till Vägval");
      const token = invitation!.text_body.match(/\/inbjudan\/([^\s/]+)/)![1];
      expect(await checkAuthToken(db, token, "invitation")).toMatchObject({ state: "valid", userId: user.id });
      const [entry] = await auditFor(id, "ambassador.status");
      expect(entry.actor_user_id).toBe(coordinator.id);
      expect(JSON.parse(entry.before_json!)).toEqual({ status: "applied" });
      expect(JSON.parse(entry.after_json!)).toEqual({ status: "approved" });
    });

    test("activation without a criminal-record check is refused", async () => {
      await refused(changeStatus(db, { ambassadorId: id, to: "active", actor: coordinator }), "ambassadors:errors.needsVetting", "to");
      expect((await ambassador(id)).status).toBe("approved");
    });

    test("activation with a check but without the required training is refused", async () => {
      await recordVetting(db, { ambassadorId: id, shownOn: addDays(today, -3), actor: coordinator });
      await refused(changeStatus(db, { ambassadorId: id, to: "active", actor: coordinator }), "ambassadors:errors.needsTraining", "to");
      // the optional module alone is not enough
      await recordTraining(db, { ambassadorId: id, moduleId: optionalModule, completedOn: today, actor: coordinator });
      await refused(changeStatus(db, { ambassadorId: id, to: "active", actor: coordinator }), "ambassadors:errors.needsTraining", "to");
      expect((await ambassador(id)).status).toBe("approved");
    });

    test("with both, activation works, is audited, and she is told and shown in the gallery", async () => {
      for (const moduleId of requiredModules) await recordTraining(db, { ambassadorId: id, moduleId, completedOn: today, actor: coordinator });
      await changeStatus(db, { ambassadorId: id, to: "active", actor: coordinator });
      expect((await ambassador(id)).status).toBe("active");
      const entries = await auditFor(id, "ambassador.status");
      const last = entries[entries.length - 1];
      expect(JSON.parse(last.before_json!)).toEqual({ status: "approved" });
      expect(JSON.parse(last.after_json!)).toEqual({ status: "active" });
      const welcome = (await mailsTo(email)).find((m) => m.subject === "Du är nu aktiv ambassadör i Vägval");
      expect(welcome?.text_body).toContain("/ambassador/profil");
      expect(await getPublicAmbassador(db, id)).toMatchObject({ name: "Vera Väg", municipality: "Trosa" });
      expect(await checkBookable(db, id, today, 5)).toEqual({ bookable: true, reasons: [] });
    });

    test("pausing hides her from the gallery and booking; she can come back", async () => {
      await changeStatus(db, { ambassadorId: id, to: "paused", actor: coordinator });
      expect(await getPublicAmbassador(db, id)).toBeNull();
      expect((await checkBookable(db, id, today, 5)).reasons).toEqual(["not_active"]);
      await changeStatus(db, { ambassadorId: id, to: "active", actor: coordinator });
      expect(await getPublicAmbassador(db, id)).not.toBeNull();
    });

    test("leaving as alumni disables her account; alumni cannot come back", async () => {
      await changeStatus(db, { ambassadorId: id, to: "alumni", actor: coordinator });
      const user = await db.selectFrom("app_user").select("disabled_at").where("email", "=", email).executeTakeFirstOrThrow();
      expect(user.disabled_at).not.toBeNull();
      await refused(changeStatus(db, { ambassadorId: id, to: "active", actor: coordinator }), "ambassadors:errors.transition", "to");
    });
  });

  test("an approved ambassador whose only check has expired cannot be activated", async () => {
    const id = await apply("gammalt-utdrag@test.example");
    await changeStatus(db, { ambassadorId: id, to: "approved", actor: coordinator });
    for (const moduleId of requiredModules) await recordTraining(db, { ambassadorId: id, moduleId, completedOn: today, actor: coordinator });
    // recorded long ago, when it was still valid
    await recordVetting(db, { ambassadorId: id, shownOn: addMonths(today, -13), actor: coordinator, today: addMonths(today, -12) });
    await refused(changeStatus(db, { ambassadorId: id, to: "active", actor: coordinator }), "ambassadors:errors.needsVetting", "to");
    // out of the way of the reminder tests
    await changeStatus(db, { ambassadorId: id, to: "rejected", reason: "Test", actor: coordinator });
  });

  test("rejection stores the reason and e-mails it to the applicant", async () => {
    const email = "avslag@test.example";
    const id = await apply(email, { name: "Ada Avslag" });
    const reason = "Vi har just nu fler ambassadörer i Trosa än skolorna hinner boka.";
    await changeStatus(db, { ambassadorId: id, to: "rejected", reason, actor: coordinator });
    expect(await ambassador(id)).toMatchObject({ status: "rejected", rejection_reason: reason });
    const mail = (await mailsTo(email)).find((m) => m.subject === "Om din ansökan till Vägval");
    expect(mail?.text_body).toContain("Hej Ada Avslag!");
    expect(mail?.text_body).toContain(`Skäl: ${reason}`);
    const [entry] = await auditFor(id, "ambassador.status");
    expect(JSON.parse(entry.after_json!)).toEqual({ status: "rejected", reason });
    await refused(changeStatus(db, { ambassadorId: id, to: "approved", actor: coordinator }), "ambassadors:errors.transition", "to");
  });

  test("rejecting an approved ambassador disables the account that approval created", async () => {
    const email = "andrat-sig@test.example";
    const id = await apply(email);
    await changeStatus(db, { ambassadorId: id, to: "approved", actor: coordinator });
    await changeStatus(db, { ambassadorId: id, to: "rejected", reason: "Kunde inte visa utdrag.", actor: coordinator });
    expect((await db.selectFrom("app_user").select("disabled_at").where("email", "=", email).executeTakeFirstOrThrow()).disabled_at).not.toBeNull();
  });

  test("approval when the e-mail already has an account is refused and rolled back", async () => {
    const id = await apply(demo.communicator);
    const [mails, users] = [(await mailsTo(demo.communicator)).length, await db.selectFrom("app_user").select("id").execute()];
    await refused(changeStatus(db, { ambassadorId: id, to: "approved", actor: coordinator }), "ambassadors:errors.emailHasAccount");
    expect(await ambassador(id)).toMatchObject({ status: "applied", user_id: null });
    expect(await mailsTo(demo.communicator)).toHaveLength(mails);
    expect(await db.selectFrom("app_user").select("id").execute()).toEqual(users);
    expect(await auditFor(id, "ambassador.status")).toEqual([]);
    await changeStatus(db, { ambassadorId: id, to: "rejected", reason: "Test", actor: coordinator });
  });
});

// ---------------------------------------------------------------- checks and training

describe("recording a criminal-record check", () => {
  let id: number;
  beforeAll(async () => {
    id = await apply("utdrag@test.example");
  });
  const checks = () => db.selectFrom("ambassador_vetting").selectAll().where("ambassador_id", "=", id).execute();

  test("a date in the future is refused", async () => {
    await refused(recordVetting(db, { ambassadorId: id, shownOn: "2026-01-11", actor: coordinator, today: "2026-01-10" }), "ambassadors:errors.vettingFuture", "shownOn");
    await refused(recordVetting(db, { ambassadorId: id, shownOn: addDays(today, 1), actor: coordinator }), "ambassadors:errors.vettingFuture", "shownOn");
    expect(await checks()).toEqual([]);
  });

  test("a check twelve months old or more is refused; one a day younger is accepted", async () => {
    await refused(recordVetting(db, { ambassadorId: id, shownOn: "2025-01-10", actor: coordinator, today: "2026-01-10" }), "ambassadors:errors.vettingTooOld", "shownOn");
    await refused(recordVetting(db, { ambassadorId: id, shownOn: "2024-06-01", actor: coordinator, today: "2026-01-10" }), "ambassadors:errors.vettingTooOld", "shownOn");
    expect(await checks()).toEqual([]);
    await recordVetting(db, { ambassadorId: id, shownOn: "2025-01-11", actor: coordinator, today: "2026-01-10" });
    expect(await checks()).toHaveLength(1);
  });

  test("today's date is accepted and records who checked it", async () => {
    await recordVetting(db, { ambassadorId: id, shownOn: today, actor: coordinator });
    const latest = (await checks()).find((c) => c.shown_on === today)!;
    expect(latest).toMatchObject({ checked_by_name: "Sam Samordnare (demo)", checked_by_user_id: coordinator.id, reminder_sent_at: null });
    const entries = await auditFor(id, "ambassador.vetting");
    expect(JSON.parse(entries[entries.length - 1].after_json!)).toEqual({ shownOn: today, checkedBy: "Sam Samordnare (demo)" });
  });

  test("training in the future or an unknown module is refused; recording it again updates the date", async () => {
    const [moduleId] = requiredModules;
    await refused(recordTraining(db, { ambassadorId: id, moduleId, completedOn: addDays(today, 1), actor: coordinator }), "ambassadors:errors.dateFuture", "completedOn");
    await refused(recordTraining(db, { ambassadorId: id, moduleId: 999_999, completedOn: today, actor: coordinator }), "errors.choose", "moduleId");
    await recordTraining(db, { ambassadorId: id, moduleId, completedOn: addDays(today, -7), actor: coordinator });
    await recordTraining(db, { ambassadorId: id, moduleId, completedOn: addDays(today, -2), actor: coordinator });
    const rows = await db.selectFrom("ambassador_training").selectAll().where("ambassador_id", "=", id).execute();
    expect(rows).toEqual([expect.objectContaining({ module_id: moduleId, completed_on: addDays(today, -2), recorded_by_user_id: coordinator.id })]);
  });
});

// ---------------------------------------------------------------- consent

describe("consent", () => {
  const calls: { ambassadorId: number; kind: ConsentKind }[] = [];
  let failHook = false;
  let id: number;
  const photo = { key: "ambassadors/test/abc", width: 640, height: 480 };

  beforeAll(async () => {
    onConsentWithdrawn(async (_trx, input) => {
      if (failHook) throw new Error("film service unavailable");
      calls.push(input);
    });
    id = await activeAmbassador("samtycke@test.example", { name: "Signe Samtycke", consentFilms: "on" });
    await db.updateTable("ambassador").set({ photo_key: photo.key, photo_width: photo.width, photo_height: photo.height }).where("id", "=", id).execute();
  });

  test("with profile and photo consent she is shown with her photo", async () => {
    expect(await getPublicAmbassador(db, id)).toMatchObject({ name: "Signe Samtycke", photo });
    expect(await isPhotoPublic(db, photo.key)).toBe(true);
  });

  test("withdrawing photo consent keeps the profile but removes the photo at once", async () => {
    await withdrawConsent(db, { ambassadorId: id, kind: "photo", actorUserId: null });
    const profile = await getPublicAmbassador(db, id);
    expect(profile).not.toBeNull();
    expect(profile!.photo).toBeNull();
    expect((await listPublicAmbassadors(db, { municipality: "0488" })).find((r) => r.id === id)!.photo).toBeNull();
    expect(await isPhotoPublic(db, photo.key)).toBe(false);
    expect(calls).toEqual([{ ambassadorId: id, kind: "photo" }]);
  });

  test("withdrawing profile consent removes her from the gallery at once, and the hook hears of it", async () => {
    expect(await countPublicAmbassadors(db, { municipality: "0488" })).toBe(1);
    await withdrawConsent(db, { ambassadorId: id, kind: "profile", actorUserId: null });
    expect(await getPublicAmbassador(db, id)).toBeNull();
    expect((await listPublicAmbassadors(db, {})).map((r) => r.id)).not.toContain(id);
    expect(await countPublicAmbassadors(db, { municipality: "0488" })).toBe(0);
    expect(calls).toEqual([
      { ambassadorId: id, kind: "photo" },
      { ambassadorId: id, kind: "profile" },
    ]);
    const entries = await auditFor(id, "ambassador.consent.withdraw");
    expect(entries.map((e) => JSON.parse(e.after_json!).kind)).toEqual(["photo", "profile"]);
    // she is still an active ambassador who can be booked; only the public profile is gone
    expect((await ambassador(id)).status).toBe("active");
  });

  test("withdrawing what is already withdrawn does nothing", async () => {
    await withdrawConsent(db, { ambassadorId: id, kind: "profile", actorUserId: null });
    expect(calls).toHaveLength(2);
    expect(await auditFor(id, "ambassador.consent.withdraw")).toHaveLength(2);
  });

  test("if a hook fails, the withdrawal does not take effect, so it can be tried again", async () => {
    failHook = true;
    await expect(withdrawConsent(db, { ambassadorId: id, kind: "films", actorUserId: null })).rejects.toThrow("film service unavailable");
    expect(await consentsOf(id)).toEqual(["films"]);
    failHook = false;
    await withdrawConsent(db, { ambassadorId: id, kind: "films", actorUserId: null });
    expect(await consentsOf(id)).toEqual([]);
    expect(calls[calls.length - 1]).toEqual({ ambassadorId: id, kind: "films" });
  });

  test("giving consent again brings her back, with her photo once photo consent is back too", async () => {
    await giveConsent(db, id, "profile");
    expect(await getPublicAmbassador(db, id)).toMatchObject({ photo: null });
    await giveConsent(db, id, "photo");
    await giveConsent(db, id, "photo"); // twice is the same as once
    expect(await getPublicAmbassador(db, id)).toMatchObject({ photo });
    expect(await consentsOf(id)).toEqual(["photo", "profile"]);
  });
});

// ---------------------------------------------------------------- GDPR

describe("a copy of her data, and erasure", () => {
  let id: number;
  let userId: number;
  let storage: MediaStorage;
  let dir: string;
  const email = "radera@test.example";
  const photoKey = "ambassadors/radera/0123456789abcdef";

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-erase-"));
    storage = createStorage({ driver: "local", dir });
    id = await activeAmbassador(email, { name: "Rut Radera", consentFilms: "on", phone: "0709876543" });
    userId = (await ambassador(id)).user_id!;
    await setAvailability(db, id, { maxVisitsPerMonth: 3, slots: ["1-09", "3-13"] });
    await db.insertInto("blackout").values({ ambassador_id: id, from_date: "2030-07-01", to_date: "2030-07-31", note: "Semester" }).execute();
    for (const file of ["160.webp", "160.jpg"]) await storage.put(`${photoKey}/${file}`, Buffer.from("not really an image"), { contentType: "image/webp" });
    await db.updateTable("ambassador").set({ photo_key: photoKey, photo_width: 160, photo_height: 120 }).where("id", "=", id).execute();
    await createUserSession(new Request(BASE), userId);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rowsOf = async (table: "ambassador_consent" | "ambassador_vetting" | "ambassador_training" | "availability_slot" | "blackout") =>
    (await db.selectFrom(table).select("ambassador_id").where("ambassador_id", "=", id).execute()).length;

  test("the copy of her data holds her profile, account, consents, check, training and times", async () => {
    const data = await collectAmbassadorData(db, id);
    expect(data).not.toBeNull();
    expect(data!.profile).toMatchObject({ name: "Rut Radera", email, phone: "0709876543", languages: ["pl"], grades: [5, 6, 10], sector: "Vård och omsorg" });
    expect(data!.profile.municipality).toEqual({ code: "0488", name: "Trosa" });
    expect(data!.account).toMatchObject({ email, role: "ambassador" });
    expect(data!.consents.map((c) => c.kind).sort()).toEqual(["films", "photo", "profile"]);
    expect(data!.consents.every((c) => c.version === 1 && c.withdrawn_at === null)).toBe(true);
    expect(data!.vetting).toEqual([expect.objectContaining({ shown_on: addDays(today, -10), checked_by_name: "Sam Samordnare (demo)" })]);
    expect(data!.training.map((t) => t.name)).toContain("Ambassadörsutbildning");
    expect(data!.availability).toHaveLength(2);
    expect(data!.blackouts).toEqual([{ from_date: "2030-07-01", to_date: "2030-07-31", note: "Semester" }]);
    expect(data!.history.map((h) => h.action)).toEqual(expect.arrayContaining(["ambassador.apply", "ambassador.status", "ambassador.vetting", "ambassador.training"]));
    // nothing about anyone else
    expect(JSON.stringify(data)).not.toContain("Amina");
  });

  test("erasure empties her personal data but keeps the anonymous row", async () => {
    const count = await ambassadorCount();
    for (const table of ["ambassador_consent", "ambassador_vetting", "ambassador_training", "availability_slot", "blackout"] as const) expect(await rowsOf(table), table).toBeGreaterThan(0);
    expect(await eraseAmbassador(db, storage, { ambassadorId: id, actorUserId: coordinator.id })).toBe(true);
    expect(await ambassadorCount()).toBe(count);
    const row = await ambassador(id);
    expect(row).toMatchObject({
      name: null,
      email: null,
      phone: null,
      story: null,
      occupation: null,
      employer_name: null,
      education_path: null,
      gender: null,
      photo_key: null,
      languages_json: "[]",
      user_id: null,
      status: "alumni",
      municipality_id: municipality["0488"],
      sector_id: sectorIds["vard-och-omsorg"],
    });
    expect(row.erased_at).not.toBeNull();
    for (const table of ["ambassador_consent", "ambassador_vetting", "ambassador_training", "availability_slot", "blackout"] as const) expect(await rowsOf(table), table).toBe(0);
  });

  test("her account, sessions and photo files are gone", async () => {
    expect(await db.selectFrom("app_user").select("id").where("id", "=", userId).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom("session").select("id").where("user_id", "=", userId).execute()).toEqual([]);
    const left: string[] = [];
    for await (const entry of storage.list(`${photoKey}/`)) left.push(entry.key);
    expect(left).toEqual([]);
  });

  test("afterwards she is not public, not bookable, cannot change status, and erasing again does nothing", async () => {
    expect(await getPublicAmbassador(db, id)).toBeNull();
    expect(await checkBookable(db, id, today, 10)).toEqual({ bookable: false, reasons: ["erased", "not_active", "not_trained"] });
    await refused(changeStatus(db, { ambassadorId: id, to: "active", actor: coordinator }), "errors.notFound");
    expect(await eraseAmbassador(db, storage, { ambassadorId: id, actorUserId: coordinator.id })).toBe(false);
    const [entry] = await auditFor(id, "ambassador.erase");
    expect(entry.actor_user_id).toBe(coordinator.id);
    expect(await auditFor(id, "ambassador.erase")).toHaveLength(1);
  });

  test("a copy asked for after erasure holds nothing that identifies her", async () => {
    const data = await collectAmbassadorData(db, id);
    const text = JSON.stringify(data);
    expect(text).not.toContain("Rut Radera");
    expect(text).not.toContain(email);
    expect(data!.consents).toEqual([]);
    expect(data!.account).toBeNull();
  });

  test("a rejected applicant's reason is removed from the row and the audit trail", async () => {
    const other = await apply("avslag-radera@test.example");
    const reason = "Personlig uppgift om hälsa som inte ska sparas.";
    await changeStatus(db, { ambassadorId: other, to: "rejected", reason, actor: coordinator });
    expect(await eraseAmbassador(db, storage, { ambassadorId: other, actorUserId: null })).toBe(true);
    expect(await ambassador(other)).toMatchObject({ status: "rejected", rejection_reason: null, name: null, email: null });
    const trail = await db.selectFrom("audit_log").select(["before_json", "after_json"]).where("entity_type", "=", "ambassador").where("entity_id", "=", String(other)).execute();
    expect(JSON.stringify(trail)).not.toContain(reason);
  });
});

test("erasure also removes mail about her to coordinators and her failed sign-in counts", async () => {
  const { db } = await import("~/db.server");
  const { eraseAmbassador } = await import("~/ambassadors/gdpr.server");
  const { enqueueMail } = await import("~/mail.server");
  const { createStorage } = await import("#media/index");
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const yonas = await db.selectFrom("ambassador").select(["id", "name", "email"]).where("email", "=", "yonas.demo@demo.example").executeTakeFirstOrThrow();
  await enqueueMail(db, { to: "samordnare@demo.example", subject: `Registerutdraget för ${yonas.name} går snart ut`, text: `Hej! ${yonas.name}` });
  await db.insertInto("login_attempt").values({ key: `account:${yonas.email}`, attempted_at: new Date().toISOString() }).execute();
  const storage = createStorage({ driver: "local", dir: fs.mkdtempSync(path.join(os.tmpdir(), "erase-")) });
  await storage.put(`ambassadors/${yonas.id}/aaaaaaaaaaaaaaaaaaaaaaaa/160.webp`, Buffer.from("old photo"));
  await eraseAmbassador(db, storage, { ambassadorId: yonas.id, actorUserId: null });
  expect(await db.selectFrom("mail_outbox").select("id").where("text_body", "like", `%${yonas.name}%`).execute()).toEqual([]);
  expect(await db.selectFrom("login_attempt").select("id").where("key", "=", `account:${yonas.email}`).execute()).toEqual([]);
  expect(await storage.head(`ambassadors/${yonas.id}/aaaaaaaaaaaaaaaaaaaaaaaa/160.webp`)).toBeNull();
});

test("a coordinator erases a rejected applicant on request; another network cannot", async () => {
  const { db } = await import("~/db.server");
  const { cookieFor, form, request } = await import("./helpers");
  const sam = await db.selectFrom("ambassador").select("id").where("email", "=", "sokande.demo@demo.example").executeTakeFirstOrThrow();
  const flen = await request(`/samordnare/ambassadorer/${sam.id}`, { ...form({ intent: "erase", confirm: "on" }), cookie: await cookieFor("samordnare.flen@demo.example") });
  expect(flen.status).toBe(404);
  const coordinator = await cookieFor("samordnare@demo.example");
  const unconfirmed = await request(`/samordnare/ambassadorer/${sam.id}`, { ...form({ intent: "erase" }), cookie: coordinator });
  expect(unconfirmed.status).toBe(400);
  const ok = await request(`/samordnare/ambassadorer/${sam.id}`, { ...form({ intent: "erase", confirm: "on" }), cookie: coordinator });
  expect(ok.status).toBe(302);
  const after = await db.selectFrom("ambassador").select(["name", "email", "erased_at"]).where("id", "=", sam.id).executeTakeFirstOrThrow();
  expect(after).toMatchObject({ name: null, email: null });
  expect(after.erased_at).not.toBeNull();
});
