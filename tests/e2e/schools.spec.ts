/**
 * Schools (groundwork of issue 4): a study counsellor registers her school, the coordinator
 * approves it, she sets her password through the invitation and registers class groups as counts.
 */
import { expect, test } from "@playwright/test";
import { accounts, expectNoAxeViolations, signInAs, switchLanguage, uniqueEmail } from "./helpers";

test.describe.configure({ mode: "serial" });

const email = uniqueEmail("syv");
const unitCode = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
const schoolName = `Provskolan ${Date.now().toString(36)} (påhittad)`;

test("a study counsellor registers her school; the coordinator approves; she adds class groups", async ({ browser }) => {
  const syv = await (await browser.newContext({ locale: "sv-SE" })).newPage();
  await syv.goto("/");
  await syv.getByRole("link", { name: "Registrera din skola" }).click();
  await syv.getByLabel("Skolans namn").fill(schoolName);
  await syv.getByLabel("Skolenhetskod").fill(unitCode);
  await syv.getByLabel("Kommun", { exact: true }).selectOption({ label: "Eskilstuna" });
  for (const g of ["4", "5", "6"]) await syv.getByLabel(`Årskurs ${g}`, { exact: true }).check();
  await syv.getByLabel("Ditt namn").fill("Sara Studievägledare");
  await syv.getByLabel("Din e-postadress i jobbet").fill(email);
  await syv.getByRole("button", { name: "Skicka registreringen" }).click();
  await expect(syv.getByRole("heading", { name: "Tack! Registreringen är skickad" })).toBeVisible();

  const coordinator = await (await browser.newContext({ locale: "sv-SE" })).newPage();
  await signInAs(coordinator, accounts.coordinator);
  await coordinator.goto("/samordnare/skolor");
  await coordinator.getByRole("button", { name: `Godkänn – ${schoolName}` }).click();
  await expect(coordinator.getByText("Skolan är godkänd och en inbjudan har skickats.")).toBeVisible();
  await coordinator.context().close();

  const admin = await (await browser.newContext({ locale: "sv-SE" })).newPage();
  await signInAs(admin, accounts.admin);
  await admin.goto("/admin/e-post");
  const mail = admin.locator("details", { hasText: email }).filter({ hasText: "Du är inbjuden till Vägval" });
  await mail.locator("summary").click();
  const link = ((await mail.locator(".mail-body").textContent()) ?? "").match(/\/inbjudan\/[\w-]{20,}/)?.[0];
  expect(link).toBeTruthy();
  await admin.context().close();

  await syv.goto(link!);
  await syv.getByLabel("Nytt lösenord").fill("klass fem b gillar svetsning");
  await syv.getByLabel("Skriv lösenordet igen").fill("klass fem b gillar svetsning");
  await syv.getByRole("button", { name: "Skapa mitt konto" }).click();
  await expect(syv).toHaveURL(/\/oversikt$/);
  await syv.getByRole("link", { name: schoolName }).click();
  await syv.getByLabel("Klass", { exact: true }).fill("5B");
  await syv.getByLabel("Årskurs nu").selectOption({ label: "Årskurs 5" });
  await syv.getByLabel("Antal elever").fill("41");
  await syv.getByRole("button", { name: "Lägg till klass" }).click();
  await expect(syv.getByText("Skriv ett antal mellan 1 och 40.").first()).toBeVisible();
  await syv.getByLabel("Antal elever").fill("24");
  await syv.getByRole("button", { name: "Lägg till klass" }).click();
  await expect(syv.getByText("Klassen är tillagd.")).toBeVisible();
  await expect(syv.getByRole("rowheader", { name: "5B" })).toBeVisible();
  await syv.context().close();
});

for (const lang of [
  { code: "sv", name: "Svenska" },
  { code: "ar", name: "العربية" },
]) {
  test(`school registration with errors, the school page and holidays pass axe-core (${lang.code})`, async ({ page }, testInfo) => {
    await signInAs(page, accounts.admin);
    await page.goto("/skolor/registrera");
    if (lang.code !== "sv") await switchLanguage(page, lang.name);
    await page.locator("form.stack button[type=submit]").click();
    await expect(page.locator(".error-summary")).toBeVisible();
    await expectNoAxeViolations(page, `school registration errors ${lang.code}`, testInfo);
    for (const path of ["/skolor/1", "/admin/lov", "/samordnare/skolor", "/admin/referensdata/program/1"]) {
      await page.goto(path);
      await expectNoAxeViolations(page, `${path} ${lang.code}`, testInfo);
    }
  });
}
