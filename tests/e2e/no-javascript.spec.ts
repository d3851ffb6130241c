import { expect, test } from "@playwright/test";
import { accounts, DEMO_PASSWORD, expectLangDir, sv, switchLanguage } from "./helpers";

// Every form is a real HTML form answered by the server: nothing needs JavaScript.
test.use({ javaScriptEnabled: false });

test("without JavaScript: form errors, signing in, switching language and signing out", async ({ page }) => {
  await page.goto("/logga-in");
  // an empty form comes back from the server as a 400 document with the error summary
  const [empty] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/logga-in"),
    page.getByRole("button", { name: sv.signIn, exact: true }).click(),
  ]);
  expect(empty.status()).toBe(400);
  await expect(page.getByRole("alert").getByRole("heading", { name: sv.errorSummary })).toBeVisible();

  const account = accounts.coordinator;
  await page.getByLabel(sv.email, { exact: true }).fill(account.email);
  await page.getByLabel(sv.password, { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: sv.signIn, exact: true }).click();
  await expect(page).toHaveURL(/\/oversikt$/);
  await expect(page.getByRole("banner").getByRole("link", { name: account.name })).toBeVisible();

  // links are plain links
  await page.getByRole("link", { name: "Eskilstuna" }).click();
  await expect(page).toHaveURL(/\/samordnare\/kommun\/0484$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Eskilstuna");

  await switchLanguage(page, "العربية");
  await expect(page).toHaveURL(/\/samordnare\/kommun\/0484$/);
  await expectLangDir(page, "ar", "rtl");
  await page.goto("/oversikt");
  await expectLangDir(page, "ar", "rtl");

  await switchLanguage(page, "Svenska");
  await expectLangDir(page, "sv", "ltr");

  await page.getByRole("banner").getByRole("button", { name: sv.signOut, exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/konto");
  await expect(page).toHaveURL(/\/logga-in\?redirectTo=%2Fkonto$/);
});
