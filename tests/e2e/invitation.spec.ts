import { expect, test } from "@playwright/test";
import { accounts, acceptInvitation, inviteUser, readInvitationLink, signInAs, sv, uniqueEmail } from "./helpers";

test("admin invites a translator, who sets a password through the single-use link", async ({ page, browser, baseURL }) => {
  const email = uniqueEmail("oversattare");
  const invitedName = "Tindra Testöversättare";

  // the admin invites
  await signInAs(page, accounts.admin);
  await inviteUser(page, { email, name: invitedName, roleLabel: "Översättare" });
  const row = page.getByRole("row", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) });
  await expect(row).toContainText("Översättare");
  await expect(row).toContainText("Inbjuden");

  // the mail, as the admin reads it in the outbox
  const link = await readInvitationLink(page, email);
  expect(link.absolute.startsWith(`${baseURL}/inbjudan/`), link.absolute).toBe(true);

  // the invited person opens it in their own browser
  const context = await browser.newContext({ baseURL });
  try {
    const invitee = await context.newPage();
    await invitee.goto(link.path);
    await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("Välkommen till Vägval");
    await expect(invitee.getByRole("main")).toContainText(email);
    await expect(invitee.getByLabel(sv.name, { exact: true })).toHaveValue(invitedName);

    // a too short password is refused with an explanation
    await invitee.getByLabel(sv.newPassword, { exact: true }).fill("kort");
    await invitee.getByLabel(sv.confirmPassword, { exact: true }).fill("kort");
    await invitee.getByRole("button", { name: "Skapa mitt konto" }).click();
    await expect(invitee.getByRole("alert")).toContainText("Lösenordet måste ha minst 12 tecken.");

    const newName = "Tindra Översättare";
    await acceptInvitation(invitee, link.path, { name: newName, password: "en lång mening som lösenord" });
    await expect(invitee.getByRole("banner").getByRole("link", { name: newName })).toBeVisible();
    await expect(invitee.getByRole("heading", { level: 1 })).toContainText(newName);

    // the link works only once
    const again = await invitee.goto(link.path);
    expect(again?.status()).toBe(410);
    await expect(invitee.getByRole("heading", { level: 1 })).toHaveText(sv.linkUsed);
    await expect(invitee.getByLabel(sv.newPassword, { exact: true })).toHaveCount(0);
  } finally {
    await context.close();
  }

  // the admin now sees an active account
  await page.goto("/admin/anvandare");
  const activeRow = page.getByRole("row", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) });
  await expect(activeRow).toContainText("Aktiv");
  await expect(activeRow).toContainText("Tindra Översättare");

  // and the new account can sign in with the chosen password
  const fresh = await browser.newContext({ baseURL });
  try {
    const p = await fresh.newPage();
    await p.goto("/logga-in");
    await p.getByLabel(sv.email, { exact: true }).fill(email);
    await p.getByLabel(sv.password, { exact: true }).fill("en lång mening som lösenord");
    await p.getByRole("button", { name: sv.signIn, exact: true }).click();
    await expect(p).toHaveURL(/\/oversikt$/);
  } finally {
    await fresh.close();
  }
});

test("an unknown invitation link explains itself with status 410", async ({ page }) => {
  const response = await page.goto("/inbjudan/okand");
  expect(response?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Länken fungerar inte");
});
