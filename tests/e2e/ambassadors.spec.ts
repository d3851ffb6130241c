/**
 * The ambassador pool, end to end (issue 3): a young welder applies from her phone, the
 * Eskilstuna coordinator approves, vets, trains and activates her, she sets up her profile,
 * photo and times, appears in the public gallery, withdraws consent, downloads her data and is
 * erased. Runs as one serial journey with a unique e-mail address per run.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import sharp from "sharp";
import { accounts, DEMO_PASSWORD, expectNoAxeViolations, signInAs, submitSignIn, switchLanguage, uniqueEmail } from "./helpers";

test.describe.configure({ mode: "serial" });

const email = uniqueEmail("svetsare");
const name = `Wilma Svetsare ${Date.now().toString(36)}`;
const password = "min svetsbåge lyser blå";
let ambassadorId = 0;

async function newPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ locale: "sv-SE", ...options });
  return context.newPage();
}

async function asAdmin(browser: Browser, run: (page: Page) => Promise<void>) {
  const page = await newPage(browser);
  await signInAs(page, accounts.admin);
  await run(page);
  await page.context().close();
}

test("a young welder applies from her phone and gets a confirmation e-mail", async ({ browser }) => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto("/");
  await page.getByRole("link", { name: "Bli ambassadör" }).first().click();
  await expect(page).toHaveURL(/\/bli-ambassador$/);
  await page.getByLabel("Namn", { exact: true }).fill(name);
  await page.getByLabel("E-postadress", { exact: true }).fill(email);
  await page.getByLabel("Telefonnummer (frivilligt)").fill("070-123 45 67");
  await page.getByLabel("Kommun där du vill besöka skolor").selectOption({ label: "Eskilstuna" });
  await page.getByLabel("Yrke", { exact: true }).fill("Svetsare");
  await page.getByLabel("Arbetsgivare").fill("Demo Verkstad AB");
  await page.getByLabel("Bransch").selectOption({ label: "Industri och tillverkning" });
  await page.getByLabel("Din väg hit, med egna ord").fill("Industritekniska programmet → lärling → svetsare");
  await page.getByLabel("Berätta kort om ditt jobb").fill("Jag svetsar ramar till truckar och visar gärna att industrin är modern.");
  await page.getByLabel("العربية").check();
  await page.getByLabel("Svenska").check();
  await page.getByLabel("Kvinna").check();
  await page.getByLabel("På plats i skolan").check();
  await page.getByLabel("Årskurs 5").check();
  await page.getByLabel("Årskurs 8").check();
  await page.getByLabel("Visa min profil publikt").check();
  await page.getByLabel("Visa mitt foto publikt").check();
  await page.getByRole("button", { name: "Skicka ansökan" }).click();
  await expect(page.getByRole("heading", { name: "Tack för din ansökan!" })).toBeVisible();

  // The same address again: a clear message, not a second application.
  await page.goto("/bli-ambassador");
  await page.getByLabel("E-postadress", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Skicka ansökan" }).click();
  await expect(page.getByText("Det finns ett problem")).toBeVisible();
  await page.context().close();

  await asAdmin(browser, async (admin) => {
    await admin.goto("/admin/e-post");
    await expect(admin.locator("details", { hasText: email }).filter({ hasText: "Tack för din ansökan till Vägval" })).toHaveCount(1);
  });
});

test("the Eskilstuna coordinator approves, vets, trains and activates her; Flen's coordinator cannot see her", async ({ browser }) => {
  const page = await newPage(browser);
  await signInAs(page, accounts.coordinator);
  await page.goto("/samordnare/ambassadorer?status=applied");
  await page.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/samordnare\/ambassadorer\/\d+$/);
  ambassadorId = Number(new URL(page.url()).pathname.split("/").pop());
  expect(ambassadorId).toBeGreaterThan(0);

  // Activation before vetting and training is refused with the reason.
  await page.getByRole("button", { name: "Godkänn" }).click();
  await expect(page.getByRole("status")).toHaveText("Statusen är ändrad.");
  await page.getByRole("button", { name: "Aktivera" }).click();
  await expect(page.getByText("Ambassadören kan inte aktiveras utan ett giltigt registerutdrag.").first()).toBeVisible();

  // A check dated in the future is refused; today's is recorded with who checked it.
  const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(new Date());
  await page.getByLabel("Datum då utdraget visades").fill("2099-01-01");
  await page.getByRole("button", { name: "Spara kontrollen" }).click();
  await expect(page.getByText("Datumet kan inte vara i framtiden.").first()).toBeVisible();
  await page.getByLabel("Datum då utdraget visades").fill(today);
  await page.getByRole("button", { name: "Spara kontrollen" }).click();
  await expect(page.getByText(/kontrollerat av Sam Samordnare/)).toBeVisible();

  await page.getByLabel("Utbildningsmodul").selectOption({ label: "Ambassadörsutbildning" });
  await page.getByRole("button", { name: "Spara utbildning" }).click();
  await expect(page.getByText(`Ambassadörsutbildning (obligatorisk): Klar ${today}`)).toBeVisible();

  await page.getByRole("button", { name: "Aktivera" }).click();
  await expect(page.getByText("Nuvarande status: Aktiv")).toBeVisible();
  await expect(page.getByText("Kan bokas för grundskolan")).toBeVisible();

  const flen = await newPage(browser);
  await flen.goto("/logga-in");
  await submitSignIn(flen, "samordnare.flen@demo.example", DEMO_PASSWORD);
  await expect(flen).toHaveURL(/\/oversikt$/);
  const response = await flen.goto(`/samordnare/ambassadorer/${ambassadorId}`);
  expect(response?.status()).toBe(404);
  await flen.goto("/samordnare/ambassadorer");
  await expect(flen.getByRole("link", { name })).toHaveCount(0);
  await flen.context().close();
  await page.context().close();
});

test("she accepts the invitation, fills in her profile, photo and times, and appears in the gallery", async ({ browser }) => {
  let link = "";
  await asAdmin(browser, async (admin) => {
    await admin.goto("/admin/e-post");
    const mail = admin.locator("details", { hasText: email }).filter({ hasText: "Du är inbjuden till Vägval" });
    await expect(mail).toHaveCount(1);
    await mail.locator("summary").click();
    link = ((await mail.locator(".mail-body").textContent()) ?? "").match(/\/inbjudan\/[\w-]{20,}/)?.[0] ?? "";
    expect(link).not.toBe("");
  });
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(link);
  await page.getByLabel("Nytt lösenord").fill(password);
  await page.getByLabel("Skriv lösenordet igen").fill(password);
  await page.getByRole("button", { name: "Skapa mitt konto" }).click();
  await expect(page).toHaveURL(/\/oversikt$/);

  await page.goto("/ambassador/profil");
  await page.getByLabel("Berätta kort om ditt jobb").fill("Jag svetsar ramar till truckar. Inget damm, mycket precision.");
  await page.getByRole("button", { name: "Spara profilen" }).click();
  await expect(page.getByText("Profilen är sparad.")).toBeVisible();

  // A PDF pretending to be a photo is refused; a real photo (with GPS in its EXIF) is accepted.
  await page.locator('input[type="file"]').setInputFiles({ name: "foto.jpg", mimeType: "image/jpeg", buffer: Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF") });
  await page.getByRole("button", { name: "Ladda upp foto" }).click();
  await expect(page.getByText("Filen är ingen JPEG-, PNG- eller WebP-bild.").first()).toBeVisible();
  const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#3a6ea5" } })
    .jpeg()
    .withExif({ IFD0: { Make: "Telefon" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "59/1 22/1 0/1" } })
    .toBuffer();
  await page.locator('input[type="file"]').setInputFiles({ name: "jag.jpg", mimeType: "image/jpeg", buffer: photo });
  await page.getByRole("button", { name: "Ladda upp foto" }).click();
  await expect(page.getByText("Fotot är sparat.")).toBeVisible();

  await page.goto("/ambassador/tider");
  await page.getByLabel("Måndag kl. 09–10").check();
  await page.getByLabel("Onsdag kl. 13–14").check();
  await page.getByLabel("Högst antal besök per månad").fill("3");
  await page.getByRole("button", { name: "Spara tiderna" }).click();
  await expect(page.getByText("Tiderna är sparade.")).toBeVisible();
  await expect(page.getByLabel("Måndag kl. 09–10")).toBeChecked();

  // A visitor filters the gallery by Eskilstuna and Arabic and finds her, with photo and no contact details.
  const visitor = await newPage(browser);
  await visitor.goto("/ambassadorer");
  await visitor.getByLabel("Kommun").selectOption({ label: "Eskilstuna" });
  await visitor.getByLabel("Språk som ambassadören talar").selectOption({ label: "العربية" });
  await visitor.getByRole("button", { name: "Visa" }).click();
  await expect(visitor).toHaveURL(/kommun=0484/);
  const card = visitor.locator(".profile-card", { hasText: name });
  await expect(card).toBeVisible();
  const img = card.locator("img");
  await expect(img).toHaveAttribute("width", /\d+/);
  await expect(img).toHaveAttribute("height", /\d+/);
  expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  await expect(visitor.locator("main")).not.toContainText(email);
  await expect(visitor.locator("main")).not.toContainText("070-123 45 67");
  const src = await img.evaluate((el: HTMLImageElement) => el.currentSrc);
  const served = await visitor.request.get(src);
  expect(served.status()).toBe(200);
  const meta = await sharp(await served.body()).metadata();
  expect(meta.exif).toBeUndefined();
  await visitor.context().close();
  await page.context().close();
});

test("she withdraws consent and is gone from every public page at once; then downloads her data and is erased", async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto("/logga-in");
  await submitSignIn(page, email, password);
  await expect(page).toHaveURL(/\/oversikt$/);

  const visitor = await newPage(browser);
  expect((await visitor.goto(`/ambassadorer/${ambassadorId}`))?.status()).toBe(200);
  const photoSrc = await visitor.locator("main img").first().evaluate((el: HTMLImageElement) => el.currentSrc);

  await page.goto("/ambassador/samtycken");
  await page.getByRole("button", { name: "Återkalla samtycke: Visa min profil publikt" }).click();
  await expect(page.getByText("Samtycket är återkallat. Det gäller från och med nu.")).toBeVisible();

  expect((await visitor.goto(`/ambassadorer/${ambassadorId}`))?.status()).toBe(404);
  expect((await visitor.request.get(photoSrc)).status()).toBe(404);
  await visitor.goto("/ambassadorer?kommun=0484");
  await expect(visitor.getByText(name)).toHaveCount(0);
  await visitor.context().close();

  await page.goto("/ambassador/mina-uppgifter");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Ladda ner mina uppgifter" }).click()]);
  expect(download.suggestedFilename()).toBe("vagval-mina-uppgifter.zip");
  const zip = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of zip) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  expect(bytes.subarray(0, 2).toString()).toBe("PK");
  expect(bytes.toString("latin1")).toContain("data.json");

  await page.getByRole("button", { name: "Radera mina uppgifter" }).click();
  await expect(page.getByText("Kryssa i rutan för att bekräfta.").first()).toBeVisible();
  await page.getByLabel("Jag förstår att mina uppgifter raderas för gott").check();
  await page.getByRole("button", { name: "Radera mina uppgifter" }).click();
  await expect(page.getByText("Dina uppgifter är raderade.")).toBeVisible();

  await page.goto("/logga-in");
  await submitSignIn(page, email, password);
  await expect(page.getByText("E-postadressen eller lösenordet stämmer inte.")).toBeVisible();
  await page.context().close();
});

for (const lang of [
  { code: "sv", name: "Svenska" },
  { code: "ar", name: "العربية" },
]) {
  test(`the application form with errors and an ambassador profile pass axe-core (${lang.code})`, async ({ page }, testInfo) => {
    await page.goto("/bli-ambassador");
    if (lang.code !== "sv") await switchLanguage(page, lang.name);
    await page.locator("form.stack button[type=submit]").click();
    await expect(page.locator(".error-summary")).toBeVisible();
    await expectNoAxeViolations(page, `application errors ${lang.code}`, testInfo);
    await page.goto("/ambassadorer/1");
    await expectNoAxeViolations(page, `ambassador profile ${lang.code}`, testInfo);
  });
}
