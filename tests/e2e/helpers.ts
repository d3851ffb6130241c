import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** The demo accounts from db/seed-data.ts. */
export const DEMO_PASSWORD = "vagval-demo";

export type RoleKey = "admin" | "coordinator" | "school_staff" | "ambassador" | "communicator" | "translator";

export interface DemoAccount {
  role: RoleKey;
  email: string;
  name: string;
  home: "/admin" | "/oversikt";
}

export const accounts: Record<RoleKey, DemoAccount> = {
  admin: { role: "admin", email: "admin@demo.example", name: "Alva Admin (demo)", home: "/admin" },
  coordinator: { role: "coordinator", email: "samordnare@demo.example", name: "Sam Samordnare (demo)", home: "/oversikt" },
  school_staff: { role: "school_staff", email: "skola@demo.example", name: "Siv Studievägledare (demo)", home: "/oversikt" },
  ambassador: { role: "ambassador", email: "ambassador@demo.example", name: "Amina Ambassadör (demo)", home: "/oversikt" },
  communicator: { role: "communicator", email: "kommunikator@demo.example", name: "Kim Kommunikatör (demo)", home: "/oversikt" },
  translator: { role: "translator", email: "oversattare@demo.example", name: "Tove Översättare (demo)", home: "/oversikt" },
};

/** Swedish texts (locales/sv/common.json) that the tests look for. */
export const sv = {
  email: "E-postadress",
  password: "Lösenord",
  name: "Namn",
  signIn: "Logga in",
  signOut: "Logga ut",
  changeLanguage: "Byt språk",
  errorSummary: "Det finns ett problem",
  invalidCredentials: "E-postadressen eller lösenordet stämmer inte. Kontrollera och försök igen.",
  rateLimitedStart: "För många misslyckade inloggningsförsök",
  newPassword: "Nytt lösenord",
  confirmPassword: "Skriv lösenordet igen",
  linkUsed: "Länken har redan använts",
  notFound: "Sidan finns inte",
};

/** How many failed sign-ins one account is allowed (the server's LOGIN_MAX_ATTEMPTS; the app's default is 5). */
export const loginMaxAttempts = Number(process.env.LOGIN_MAX_ATTEMPTS || 5);

/** A unique, clearly fake address for accounts a test creates. */
export const uniqueEmail = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@e2e.example`;

/** Signs in through the real form; does not wait for where it lands. */
export async function submitSignIn(page: Page, email: string, password: string) {
  if (!new URL(page.url(), "http://x").pathname.startsWith("/logga-in")) await page.goto("/logga-in");
  await page.getByLabel(sv.email, { exact: true }).fill(email);
  await page.getByLabel(sv.password, { exact: true }).fill(password);
  await page.getByRole("button", { name: sv.signIn, exact: true }).click();
}

/** Signs in as a demo account through the form and waits for its landing page. */
export async function signInAs(page: Page, account: DemoAccount, password = DEMO_PASSWORD) {
  await page.goto("/logga-in");
  await submitSignIn(page, account.email, password);
  await expect(page).toHaveURL(new RegExp(`${account.home}$`));
}

/**
 * Picks a language in the header's switcher and presses the button next to it, the way a reader
 * does (works with and without JavaScript: the form posts to /sprak and comes back to this page).
 */
export async function switchLanguage(page: Page, nativeName: string) {
  const switcher = page.locator("form.language-switcher");
  await switcher.locator("#language-select").selectOption({ label: nativeName });
  const before = page.url();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sprak"),
    page.waitForEvent("load"), // the page the POST redirects back to
    switcher.getByRole("button").click(),
  ]);
  expect(response.status()).toBe(302);
  expect(new URL(page.url()).pathname).toBe(new URL(before).pathname);
  await expect(page.locator("#language-select option:checked")).toHaveText(nativeName);
}

/** Asserts <html lang dir> (through locators, so it works with JavaScript turned off too). */
export async function expectLangDir(page: Page, lang: string, dir: "ltr" | "rtl") {
  const html = page.locator("html");
  await expect(html).toHaveAttribute("lang", lang);
  await expect(html).toHaveAttribute("dir", dir);
}

/**
 * The fonts Chromium really used to draw the text of an element (DevTools protocol): the only way
 * to tell a real font from a fallback, since document.fonts.check() is also true when no web font
 * matches at all.
 */
export async function renderedFonts(page: Page, selector: string) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument", { depth: -1, pierce: true });
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`renderedFonts: no element matches ${selector}`);
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    return fonts as { familyName: string; postScriptName?: string; isCustomFont: boolean; glyphCount: number }[];
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Loads a web font for a sample text and returns the faces the browser fetched for it. */
export async function loadWebFont(page: Page, family: string, sample: string) {
  return page.evaluate(
    async ({ family, sample }) => {
      await document.fonts.ready;
      const faces = await document.fonts.load(`16px "${family}"`, sample);
      return {
        check: document.fonts.check(`16px "${family}"`, sample),
        faces: faces.map((f) => ({ family: f.family.replace(/["']/g, ""), status: f.status, unicodeRange: f.unicodeRange })),
      };
    },
    { family, sample },
  );
}

// ---------------------------------------------------------------------------------------------
// Accessibility

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Runs axe-core on the page as it is now; fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page, label: string, testInfo?: TestInfo) {
  // Legacy mode runs axe.run() in the page itself instead of runPartial per frame plus a helper
  // page for finishRun: twice as fast, and the app has no iframes (its CSP forbids framing).
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode().analyze();
  const violations = results.violations;
  if (violations.length && testInfo)
    await testInfo.attach(`axe-${label.replace(/[^\w-]+/g, "_")}.json`, {
      body: JSON.stringify(violations, null, 2),
      contentType: "application/json",
    });
  // compare rule ids only, so a failure prints the readable list and not a diff of axe's objects
  expect(
    violations.map((v) => v.id),
    formatViolations(label, page.url(), violations),
  ).toEqual([]);
}

type AxeViolation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

export function formatViolations(label: string, url: string, violations: AxeViolation[]) {
  if (!violations.length) return `${label}: no axe violations`;
  const lines = [`${violations.length} axe violation(s) on ${label} (${url}):`];
  for (const v of violations) {
    lines.push(`  • ${v.id} [${v.impact ?? "?"}] ${v.help}`);
    lines.push(`    ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 8)) {
      lines.push(`    - ${node.target.join(" ")}`);
      lines.push(`      ${node.html.replace(/\s+/g, " ").slice(0, 200)}`);
      const why = node.failureSummary
        ?.split("\n")
        .map((line) => line.trim())
        .filter((line) => line && !/^Fix (any|all) of the following:$/.test(line))
        .join("; ");
      if (why) lines.push(`      ${why.slice(0, 300)}`);
    }
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more`);
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Invitations

/** Admin invites a user through /admin/anvandare/ny (in the admin's page, already signed in). */
export async function inviteUser(page: Page, input: { email: string; name: string; roleLabel: string }) {
  await page.goto("/admin/anvandare/ny");
  await page.getByLabel(sv.email, { exact: true }).fill(input.email);
  await page.getByLabel(sv.name, { exact: true }).fill(input.name);
  await page.getByLabel("Roll", { exact: true }).selectOption({ label: input.roleLabel });
  await page.getByRole("button", { name: "Skicka inbjudan" }).click();
  await expect(page).toHaveURL(/\/admin\/anvandare\?invited=/);
  await expect(page.getByRole("status")).toContainText(input.email);
}

/**
 * Reads the invitation link from the newest mail to `email` in /admin/e-post (the outbox the
 * embedded mail-to-log default shows). Returns the path, e.g. /inbjudan/abc…
 */
export async function readInvitationLink(page: Page, email: string) {
  await page.goto("/admin/e-post");
  // newest first; other tests may invite people at the same time, so pick the mail by recipient
  const mail = page.locator("details", { hasText: email }).first();
  await expect(mail).toBeVisible();
  await mail.locator("summary").click();
  const body = mail.locator(".mail-body");
  await expect(body).toBeVisible();
  const text = (await body.textContent()) ?? "";
  const match = text.match(/(https?:\/\/[^\s]+)?(\/inbjudan\/[A-Za-z0-9_-]{20,})/);
  expect(match, `no /inbjudan/<token> link in the mail body:\n${text}`).not.toBeNull();
  return { path: match![2], absolute: match![0], text };
}

/** Opens an invitation link (in a page of a fresh browser context) and creates the account. */
export async function acceptInvitation(page: Page, path: string, input: { name: string; password: string }) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  await page.getByLabel(sv.name, { exact: true }).fill(input.name);
  await page.getByLabel(sv.newPassword, { exact: true }).fill(input.password);
  await page.getByLabel(sv.confirmPassword, { exact: true }).fill(input.password);
  await page.getByRole("button", { name: "Skapa mitt konto" }).click();
  await expect(page).toHaveURL(/\/oversikt$/);
}

/** Console errors worth failing for (CSP refusals, script errors), not the browser's notes on 4xx answers. */
export function collectConsoleErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    if (text.startsWith("Failed to load resource: the server responded with a status of 4")) return;
    errors.push(`${page.url()}: ${text}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: uncaught ${e.name}: ${e.message}`));
  return errors;
}
