import { expect, test } from "@playwright/test";
import { expectLangDir, loadWebFont, renderedFonts, switchLanguage } from "./helpers";

// Only the language names in the switcher and the lang/dir attributes are asserted: the
// translations themselves may still be Swedish copies while the translators work.

test("the switcher offers every interface language by its own name", async ({ page }) => {
  await page.goto("/");
  const options = page.locator("#language-select option");
  await expect(options).toHaveText(["Svenska", "English", "العربية", "دری", "فارسی", "Soomaali", "ትግርኛ", "Українська"]);
  await expect(page.locator("#language-select")).toHaveValue("sv");
  await expectLangDir(page, "sv", "ltr");
  // the switcher is a labelled control with its own button
  await expect(page.getByLabel("Språk", { exact: true })).toBeVisible();
});

test("Arabic: right-to-left, remembered on the next page, drawn with Noto Sans Arabic", async ({ page, context }) => {
  await page.goto("/tillganglighet");
  await switchLanguage(page, "العربية");
  // back on the same page, now in Arabic
  await expect(page).toHaveURL(/\/tillganglighet$/);
  await expectLangDir(page, "ar", "rtl");
  await expect(page.locator("#language-select")).toHaveValue("ar");

  // the choice is a cookie, so it holds on the next page and on a fresh load
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === "vagval_lng")).toBeTruthy();
  await page.goto("/logga-in");
  await expectLangDir(page, "ar", "rtl");
  await page.locator("a.brand").click();
  await expect(page).toHaveURL(/\/$/);
  await expectLangDir(page, "ar", "rtl");

  // the layout really flows right to left: the brand sits at the right edge of the header
  const brand = await page.locator(".brand").boundingBox();
  const viewport = page.viewportSize()!;
  expect(brand!.x + brand!.width / 2).toBeGreaterThan(viewport.width / 2);

  const font = await loadWebFont(page, "Noto Sans Arabic", "مرحبا");
  expect(font.faces.some((f) => f.status === "loaded")).toBe(true);
  const used = await renderedFonts(page, "#language-select");
  expect(used.map((f) => [f.familyName, f.isCustomFont]), JSON.stringify(used)).toEqual([["Noto Sans Arabic", true]]);

  // and back to Swedish
  await switchLanguage(page, "Svenska");
  await expectLangDir(page, "sv", "ltr");
});

test("Tigrinya: left-to-right, and the Ethiopic script renders with a real font", async ({ page }, testInfo) => {
  await page.goto("/");
  await switchLanguage(page, "ትግርኛ");
  await expectLangDir(page, "ti", "ltr");
  await page.goto("/tillganglighet");
  await expectLangDir(page, "ti", "ltr");
  await expect(page.locator("#language-select")).toHaveValue("ti");

  // The web font the app serves (@fontsource, font-src 'self') is fetched and decoded for Ethiopic …
  const font = await loadWebFont(page, "Noto Sans Ethiopic", "ሰላም");
  expect(font.check).toBe(true);
  const ethiopicFace = font.faces.find((f) => f.status === "loaded" && /U\+1200-1399/i.test(f.unicodeRange));
  expect(ethiopicFace, `faces for Ethiopic: ${JSON.stringify(font.faces)}`).toBeTruthy();

  // … and Chromium really draws the selected language name "ትግርኛ" with it: every glyph from the
  // web font (isCustomFont), none from a fallback or system font (which is how tofu boxes, or a
  // look that depends on what the reader has installed, would show up).
  const used = await renderedFonts(page, "#language-select");
  expect(used, JSON.stringify(used)).toEqual([
    expect.objectContaining({ familyName: "Noto Sans Ethiopic", isCustomFont: true, glyphCount: 4 }),
  ]);

  // for humans: what the page looks like in Tigrinya (before the test adds anything to it)
  const shot = testInfo.outputPath("tigrinya.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("tigrinya", { path: shot, contentType: "image/png" });
  console.log(`Tigrinya screenshot: ${shot}`);

  // the page's own heading: drawn with Noto Sans Ethiopic alone (Ethiopic or Latin glyphs, as
  // the translation stands), with nothing left to a fallback font
  const heading = await renderedFonts(page, "main h1");
  expect(heading.map((f) => [f.familyName, f.isCustomFont]), JSON.stringify(heading)).toEqual([["Noto Sans Ethiopic", true]]);

  // an Ethiopic sentence in the page's body styles, whatever the translation holds today
  await page.evaluate(() => {
    const p = document.createElement("p");
    p.id = "e2e-ethiopic-sample";
    p.textContent = "ሰላም ንዓኹም";
    document.querySelector("main")!.prepend(p);
  });
  const sample = await renderedFonts(page, "#e2e-ethiopic-sample");
  expect(sample.map((f) => [f.familyName, f.isCustomFont]), JSON.stringify(sample)).toEqual([["Noto Sans Ethiopic", true]]);
});
