import { expect, test } from "@playwright/test";
import { accounts, DEMO_PASSWORD, signInAs, submitSignIn, sv } from "./helpers";

test.describe("signing in and out", () => {
  for (const account of Object.values(accounts)) {
    test(`${account.role} signs in through the form, sees their name, and signs out`, async ({ page }) => {
      await signInAs(page, account);
      expect(new URL(page.url()).pathname).toBe(account.home);

      const banner = page.getByRole("banner");
      await expect(banner.getByRole("link", { name: account.name })).toBeVisible();
      // the account page shows who is signed in
      await page.goto("/konto");
      await expect(page.getByRole("main")).toContainText(account.email);

      await banner.getByRole("button", { name: sv.signOut, exact: true }).click();
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole("banner").getByRole("link", { name: sv.signIn, exact: true })).toBeVisible();
      await expect(page.getByRole("banner")).not.toContainText(account.name);

      // the session is gone on the server, not only in the page
      await page.goto("/konto");
      await expect(page).toHaveURL(/\/logga-in\?redirectTo=%2Fkonto$/);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    });
  }

  test("after signing in, a sign-in link with redirectTo returns to the page asked for", async ({ page }) => {
    await page.goto("/konto");
    await expect(page).toHaveURL(/\/logga-in\?redirectTo=%2Fkonto$/);
    await submitSignIn(page, accounts.ambassador.email, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/konto$/);
    await expect(page.getByRole("main")).toContainText(accounts.ambassador.email);
  });

  test("a wrong password and an unknown account get the very same message", async ({ page }) => {
    await page.goto("/logga-in");
    await submitSignIn(page, accounts.communicator.email, "not-the-password");
    const alert = page.getByRole("alert");
    await expect(alert).toContainText(sv.invalidCredentials);
    const wrongPassword = (await alert.innerText()).trim();
    await expect(page).toHaveURL(/\/logga-in$/);
    // the e-mail address is kept; the server never sends the password back
    await expect(page.getByLabel(sv.email, { exact: true })).toHaveValue(accounts.communicator.email);
    const echoed = await page.request.post("/logga-in", {
      form: { email: accounts.communicator.email, password: "not-the-password" },
      maxRedirects: 0,
    });
    expect(echoed.status()).toBe(400);
    const html = await echoed.text();
    expect(html).toContain(sv.invalidCredentials);
    expect(html).not.toContain("not-the-password");

    await page.goto("/logga-in");
    await submitSignIn(page, "nobody-here@demo.example", "not-the-password");
    await expect(page.getByRole("alert")).toContainText(sv.invalidCredentials);
    const unknownAccount = (await page.getByRole("alert").innerText()).trim();

    expect(unknownAccount).toBe(wrongPassword);
  });
});

test.describe("form errors", () => {
  test("an empty sign-in form shows an error summary linking to each field, with status 400", async ({ page }) => {
    await page.goto("/logga-in");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/logga-in")),
      page.getByRole("button", { name: sv.signIn, exact: true }).click(),
    ]);
    expect(response.status()).toBe(400);

    const summary = page.getByRole("alert");
    await expect(summary.getByRole("heading", { name: sv.errorSummary })).toBeVisible();
    const links = summary.getByRole("link");
    await expect(links).toHaveCount(2);
    await expect(links.nth(0)).toHaveText(new RegExp(`^${sv.email}:`));
    await expect(links.nth(0)).toHaveAttribute("href", "#email");
    await expect(links.nth(1)).toHaveText(new RegExp(`^${sv.password}:`));
    await expect(links.nth(1)).toHaveAttribute("href", "#password");
    // each link leads to a field that exists and is marked invalid
    for (const id of ["email", "password"]) {
      const field = page.locator(`#${id}`);
      await expect(field).toHaveAttribute("aria-invalid", "true");
      await expect(field).toHaveAccessibleDescription(/Fyll i fältet/);
    }
    await links.nth(1).click();
    await expect(page).toHaveURL(/#password$/);

    // the same as a plain HTTP request: the document itself answers 400
    const plain = await page.request.post("/logga-in", { form: { email: "", password: "" }, maxRedirects: 0 });
    expect(plain.status()).toBe(400);
    expect(await plain.text()).toContain(sv.errorSummary);
  });

  test("the error summary takes the focus, so keyboard and screen-reader users start there", async ({ page }) => {
    // app/components/forms.tsx documents the summary as "focused on load" (GOV.UK/Digg pattern)
    // and gives it tabIndex=-1, but nothing moves the focus there yet (app bug, reported).
    await page.goto("/logga-in");
    await page.getByRole("button", { name: sv.signIn, exact: true }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toBeVisible();
    await expect(summary).toBeFocused();
  });

  test("an invalid e-mail address is explained next to the field", async ({ page }) => {
    await page.goto("/logga-in");
    await page.getByLabel(sv.email, { exact: true }).fill("inte-en-adress");
    await page.getByLabel(sv.password, { exact: true }).fill("något");
    await page.getByRole("button", { name: sv.signIn, exact: true }).click();
    await expect(page.getByRole("alert").getByRole("link")).toHaveText(
      `${sv.email}: Skriv en e-postadress i formatet namn@exempel.se.`,
    );
    await expect(page.getByLabel(sv.email, { exact: true })).toHaveValue("inte-en-adress");
  });
});

test.describe("error pages", () => {
  test("an unknown address answers 404 with a page that says so", async ({ page }) => {
    const response = await page.goto("/finns-inte");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: sv.notFound })).toBeVisible();
    await expect(page.getByRole("link", { name: "Till startsidan" })).toHaveAttribute("href", "/");
  });

  test("a signed-in user without the role gets 403 on admin pages", async ({ page }) => {
    await signInAs(page, accounts.translator);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "Du har inte behörighet" })).toBeVisible();
  });
});
