import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { accounts, expectLangDir, expectNoAxeViolations, renderedFonts, signInAs } from "./helpers";

/**
 * Guidance in the newcomer's own language (issue 6), in Debian's Chromium against the built app:
 * a Tigrinya reader on a phone without JavaScript, an Arabic reader right to left with the fallback
 * note, search in Arabic, the SFI teacher's print on A4, a translator's draft and publication, the
 * editor's source change that makes translations outdated, two people saving the same section,
 * and axe-core on the guide pages in Swedish, Arabic and Tigrinya.
 */

type Texts = { sections: Record<string, { heading: string; body: string }> };
const guideText = (slug: string, code: string) => JSON.parse(fs.readFileSync(`content/guides/${slug}/${code}.json`, "utf8")) as Texts;
const ui = (code: string) => JSON.parse(fs.readFileSync(`locales/${code}/guidance.json`, "utf8")) as Record<string, Record<string, string>>;

/** Bytes the page really transferred (document, CSS, fonts, images), as the browser reports them. */
async function transferredBytes(page: Page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    return { total: nav.transferSize + resources.reduce((n, r) => n + r.transferSize, 0), scripts: resources.filter((r) => r.initiatorType === "script").length };
  });
}

test.describe("a reader on a phone without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("reads the engineering guide in Tigrinya, with its ambassador who speaks Tigrinya, in Ethiopic glyphs", async ({ page }) => {
    const ti = guideText("verkstadsindustri", "ti");
    await page.goto("/ti/vagledning");
    await expectLangDir(page, "ti", "ltr");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ui("ti").list.title);
    await page.getByRole("link", { name: ti.sections.intro.heading, exact: true }).click();
    await expect(page).toHaveURL(/\/ti\/vagledning\/verkstadsindustri$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ti.sections.intro.heading);
    for (const key of ["arbetet", "en-dag", "vagar-in", "var-borja"])
      await expect(page.getByRole("heading", { level: 2, name: ti.sections[key].heading, exact: true })).toBeVisible();
    // the figure from the seed documents and its source
    await expect(page.locator(".fact__figure").first()).toHaveText("500");
    // no section falls back: the whole guide is in Tigrinya
    await expect(page.locator(".section-note--fallback")).toHaveCount(0);
    // an ambassador who speaks the reader's language
    await expect(page.locator(".guide-ambassadors").getByRole("link", { name: "Yonas Påhittad (demo)" })).toBeVisible();
    // no JavaScript at all, and light: HTML, CSS and the Ethiopic font together well under 150 KB
    expect(await page.locator("script").count()).toBe(0);
    await page.evaluate(() => document.fonts.ready.then(() => undefined)).catch(() => undefined);
    // the glyphs are drawn by a real Ethiopic font, not as empty boxes
    const fonts = await renderedFonts(page, "h1");
    expect(fonts.map((f) => f.familyName).join(", ")).toMatch(/Ethiopic/);
    expect(fonts.every((f) => f.glyphCount > 0)).toBe(true);

    // the language switcher keeps the reader on the same guide
    await page.locator("details.reading-languages summary").click();
    await page.locator("details.reading-languages").getByRole("link", { name: "العربية" }).click();
    await expect(page).toHaveURL(/\/ar\/vagledning\/verkstadsindustri$/);
    await expectLangDir(page, "ar", "rtl");

    // search is a plain GET form
    await page.goto("/ti/vagledning");
    await page.getByRole("searchbox").fill("CNC");
    await page.getByRole("searchbox").press("Enter");
    await expect(page).toHaveURL(/\/ti\/vagledning\?q=CNC$/);
    await expect(page.locator(".guide-list").getByRole("link", { name: guideText("cnc-operator", "ti").sections.intro.heading })).toBeVisible();
  });

  test("a guide page transfers about 100 KB at most, without scripts", async ({ page }) => {
    for (const path of ["/sv/vagledning/cnc-operator", "/ar/vagledning/cnc-operator", "/ti/vagledning/cnc-operator"]) {
      await page.goto(path);
      await page.evaluate(() => document.fonts.ready.then(() => undefined)).catch(() => undefined);
      const { total, scripts } = await transferredBytes(page);
      expect(scripts, path).toBe(0);
      expect(total, `${path}: ${total} bytes`).toBeLessThan(110 * 1024);
    }
  });
});

test("an Arabic reader: right to left, and a section not yet translated in Swedish with a note in Arabic", async ({ page, browser }) => {
  // the editor creates and publishes a new guide: it has no translations yet
  const slug = `platslagare-${Date.now().toString(36)}`;
  await signInAs(page, accounts.admin);
  await page.goto("/oversattning/ny");
  await page.getByLabel("Adress").fill(slug);
  await page.getByLabel("Titel på svenska").fill("Plåtslagare");
  await page.getByLabel("Ingress på svenska (en till tre meningar)").fill("Plåtslagare formar och fogar plåt till bilar, maskiner och hus.");
  await page.getByRole("button", { name: "Skapa vägledning" }).click();
  await expect(page).toHaveURL(new RegExp(`/oversattning/${slug}/sv\\?skapad=1$`));
  const work = page.locator("#sektion-arbetet");
  await work.getByLabel("Text").fill("Du klipper, bockar och svetsar plåt efter ritningar.");
  await work.getByRole("button", { name: "Spara källtexten" }).click();
  await expect(page.getByRole("status")).toContainText("Källtexten är sparad");
  await page.locator("#sektion-_settings").getByLabel("Status").selectOption("published");
  await page.locator("#sektion-_settings").getByRole("button", { name: "Spara inställningar" }).click();
  await expect(page.getByRole("status")).toContainText("Sparat");

  const reader = await browser.newPage();
  await reader.goto(`/ar/vagledning/${slug}`);
  await expectLangDir(reader, "ar", "rtl");
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText("Plåtslagare");
  // the Swedish text is marked as Swedish, left to right, inside the right-to-left page
  await expect(reader.locator('#avsnitt-arbetet')).toHaveText(/.+/);
  const swedish = reader.locator("section", { has: reader.locator("#avsnitt-arbetet") }).locator('div[lang="sv"]');
  await expect(swedish).toHaveAttribute("dir", "ltr");
  await expect(swedish).toContainText("Du klipper, bockar och svetsar plåt");
  const note = ui("ar").guide.fallback.replace("{{shownIn}}", "Svenska");
  await expect(reader.locator("section", { has: reader.locator("#avsnitt-arbetet") }).locator(".section-note--fallback")).toHaveText(note);
  // the page's own chrome is Arabic and right to left
  const box = await reader.locator(".site-header .brand").boundingBox();
  expect(box!.x).toBeGreaterThan(200); // the brand sits at the right-hand start of the line
  await expectNoAxeViolations(reader, `ar /ar/vagledning/${slug}`);
  await reader.close();
});

test("search in Arabic finds the guide, with or without vowel marks", async ({ page }) => {
  const title = guideText("svetsare", "ar").sections.intro.heading;
  const word = title.split(/\s+/).find((w) => /\p{Script=Arabic}{3,}/u.test(w))!;
  for (const q of [word, word.replace(/(\p{Script=Arabic})/u, "$1\u064E")]) {
    await page.goto("/ar/vagledning");
    await page.getByRole("searchbox").fill(q);
    await page.getByRole("button", { name: ui("ar").list.search }).click();
    await expect(page.locator(".guide-list").getByRole("link", { name: title })).toBeVisible();
  }
  await expectNoAxeViolations(page, "ar search");
});

test("an SFI teacher prints the working material on A4: no navigation, links written out", async ({ page }) => {
  const sv = guideText("cnc-operator", "sv");
  await page.goto("/sv/vagledning/cnc-operator");
  await page.getByRole("link", { name: "Öppna arbetsmaterialet för utskrift" }).click();
  await expect(page).toHaveURL(/\/sv\/vagledning\/cnc-operator\/material$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(sv.sections.material.heading);
  await expectNoAxeViolations(page, "sv material");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator(".site-footer")).toBeHidden();
  await expect(page.locator(".breadcrumb")).toBeHidden();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // the address of the guide is printed at the foot
  await expect(page.locator(".material-footer")).toContainText("/sv/vagledning/cnc-operator");
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  // A4 is 595 × 842 points
  expect(pdf.toString("latin1")).toMatch(/\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]/);
});

test("a translator drafts and publishes a Somali section beside the Swedish source", async ({ page }) => {
  await signInAs(page, accounts.translator);
  await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Översättningar" }).click();
  await expect(page).toHaveURL(/\/oversattning$/);
  await expectNoAxeViolations(page, "translator dashboard");
  await page.goto("/oversattning/svetsare/so");
  const section = page.locator("#sektion-en-dag");
  await expect(section.locator(".section-editor__source")).toContainText(guideText("svetsare", "sv").sections["en-dag"].heading);
  await expect(section.locator(".status")).toHaveText("Publicerad");
  await section.getByLabel("Rubrik").fill("Maalin shaqo (qabyo)");
  await section.getByRole("button", { name: "Spara utkast" }).click();
  await expect(page.getByRole("status")).toContainText("Sparat");
  await expect(page.locator("#sektion-en-dag .status")).toHaveText("Utkast");
  // the public still reads nothing of the draft
  const reader = await page.context().browser()!.newPage();
  await reader.goto("/so/vagledning/svetsare");
  await expect(reader.getByText("Maalin shaqo (qabyo)")).toHaveCount(0);
  await page.locator("#sektion-en-dag").getByLabel("Rubrik").fill("Maalin shaqo");
  await page.locator("#sektion-en-dag").getByLabel("Granskad av en person med språket som modersmål").check();
  await page.locator("#sektion-en-dag").getByRole("button", { name: "Publicera" }).click();
  await expect(page.locator("#sektion-en-dag .status")).toHaveText("Publicerad");
  await expect(page.locator("#sektion-en-dag")).toContainText("Publicerad av Tove Översättare (demo)");
  await reader.goto("/so/vagledning/svetsare");
  await expect(reader.getByRole("heading", { level: 2, name: "Maalin shaqo", exact: true })).toBeVisible();
  await expectNoAxeViolations(page, "translator editor so");
  await reader.close();
});

test("the editor changes a Swedish section: every translation of it turns outdated until updated", async ({ page, browser }) => {
  await signInAs(page, accounts.admin);
  await page.goto("/oversattning/underhallstekniker/sv");
  await expectNoAxeViolations(page, "source editor");
  const section = page.locator("#sektion-arbetet");
  const body = section.getByLabel("Text");
  await body.fill(`${await body.inputValue()}\n\nArbetet blir allt mer digitalt.`);
  await section.getByRole("button", { name: "Spara källtexten" }).click();
  await expect(page.getByRole("status")).toContainText("Översättningar av avsnittet är nu markerade som inaktuella");

  const translator = await browser.newPage();
  await signInAs(translator, accounts.translator);
  for (const code of ["uk", "ti", "ar"]) {
    await translator.goto(`/oversattning/underhallstekniker/${code}`);
    await expect(translator.locator("#sektion-arbetet .status")).toHaveText("Inaktuell");
    await expect(translator.locator("#sektion-en-dag .status")).toHaveText("Publicerad");
  }
  await translator.goto("/oversattning");
  const row = translator.getByRole("row").filter({ hasText: guideText("underhallstekniker", "sv").sections.intro.heading });
  await expect(row.getByText("1 inaktuell").first()).toBeVisible();
  // the Ukrainian reader still reads the translation, told that the Swedish has changed
  const reader = await browser.newPage();
  await reader.goto("/uk/vagledning/underhallstekniker");
  await expect(reader.locator("section", { has: reader.locator("#avsnitt-arbetet") }).locator(".section-note")).toHaveText(ui("uk").guide.outdated);
  await reader.close();
  await translator.close();
});

test("two people save the same section: the second is told and loses nothing", async ({ page, browser }) => {
  await signInAs(page, accounts.translator);
  const other = await browser.newPage();
  await signInAs(other, accounts.admin);
  await page.goto("/oversattning/cnc-operator/ti");
  await other.goto("/oversattning/cnc-operator/ti");
  await page.locator("#sektion-var-borja").getByLabel("Rubrik").fill("ኣበይ ክጅምር");
  await page.locator("#sektion-var-borja").getByLabel("Text").fill("ናይ ቶቨ ጽሑፍ");
  await page.locator("#sektion-var-borja").getByRole("button", { name: "Spara utkast" }).click();
  await expect(page.getByRole("status")).toContainText("Sparat");

  await other.locator("#sektion-var-borja").getByLabel("Rubrik").fill("ኣበይ ክጅምር");
  await other.locator("#sektion-var-borja").getByLabel("Text").fill("ናይ ኣልቫ ጽሑፍ");
  const [response] = await Promise.all([
    other.waitForResponse((r) => r.request().method() === "POST"),
    other.locator("#sektion-var-borja").getByRole("button", { name: "Spara utkast" }).click(),
  ]);
  expect(response.status()).toBe(409);
  const section = other.locator("#sektion-var-borja");
  await expect(section.getByRole("alert")).toContainText("Någon annan har sparat avsnittet medan du skrev");
  await expect(section.getByLabel("Text")).toHaveValue("ናይ ኣልቫ ጽሑፍ");
  await expect(section.getByTestId("conflict-current")).toContainText("ናይ ቶቨ ጽሑፍ");
  // saving again, knowingly, keeps the second text
  await section.getByRole("button", { name: "Spara utkast" }).click();
  await expect(other.getByRole("status")).toContainText("Sparat");
  await expect(other.locator("#sektion-var-borja").getByLabel("Text")).toHaveValue("ናይ ኣልቫ ጽሑፍ");
  await other.close();
});

test("axe-core finds nothing on the guide pages in Swedish, Arabic and Tigrinya", async ({ page }) => {
  for (const code of ["sv", "ar", "ti"]) {
    for (const path of [`/${code}/vagledning`, `/${code}/vagledning/verkstadsindustri`, `/${code}/vagledning/svetsare/material`, `/${code}/vagledning?q=CNC`]) {
      await page.goto(path);
      await expectLangDir(page, code, code === "ar" ? "rtl" : "ltr");
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await expectNoAxeViolations(page, `${code} ${path}`);
    }
  }
  // an unknown language: 400 with the languages there are
  const response = await page.goto("/xx/vagledning");
  expect(response!.status()).toBe(400);
  await expect(page.getByRole("link", { name: "ትግርኛ" })).toBeVisible();
  await expectNoAxeViolations(page, "unknown language");
});
