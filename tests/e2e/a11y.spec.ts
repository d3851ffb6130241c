import { expect, test, type Page, type TestInfo } from "@playwright/test";
import {
  accounts,
  collectConsoleErrors,
  expectLangDir,
  expectNoAxeViolations,
  inviteUser,
  readInvitationLink,
  signInAs,
  sv,
  switchLanguage,
  uniqueEmail,
  type RoleKey,
} from "./helpers";

/**
 * axe-core (WCAG 2.0/2.1 A and AA) on every page each role can reach, in Swedish and in Arabic
 * (right to left). Pages are found by following the links a role sees, starting from where it
 * lands after signing in, plus a fixed list so that nothing is missed if a link disappears.
 */

const languages = [
  { code: "sv", name: "Svenska", dir: "ltr" as const },
  { code: "ar", name: "العربية", dir: "rtl" as const },
];

const publicPages = ["/", "/logga-in", "/glomt-losenord", "/tillganglighet", "/finns-inte", "/inbjudan/okand", "/aterstall/okand"];
/** Public pages that answer with an error status on purpose. */
const expectedStatus: Record<string, number> = { "/finns-inte": 404, "/inbjudan/okand": 410, "/aterstall/okand": 410 };

const signedInPages = [
  "/konto",
  "/oversikt",
  "/admin",
  "/admin/anvandare",
  "/admin/anvandare/ny",
  "/admin/e-post",
  "/admin/referensdata",
  "/samordnare/kommun/0484",
  "/skolor/1",
];

/** Which of signedInPages each role may open (the rest must be refused). */
const allowed: Record<RoleKey, string[]> = {
  admin: signedInPages,
  coordinator: ["/konto", "/oversikt", "/samordnare/kommun/0484", "/skolor/1"],
  school_staff: ["/konto", "/oversikt", "/skolor/1"],
  ambassador: ["/konto", "/oversikt"],
  communicator: ["/konto", "/oversikt"],
  translator: ["/konto", "/oversikt"],
};

/** Pages each role must reach by links alone (the crawl proves the navigation works). */
const mustDiscover: Record<RoleKey, string[]> = {
  admin: ["/admin", "/admin/anvandare", "/admin/anvandare/ny", "/admin/e-post", "/admin/referensdata", "/konto"],
  coordinator: ["/oversikt", "/konto", "/samordnare/kommun/0484", "/samordnare/kommun/0486", "/skolor/1"],
  school_staff: ["/oversikt", "/konto", "/skolor/1"],
  ambassador: ["/oversikt", "/konto"],
  communicator: ["/oversikt", "/konto"],
  translator: ["/oversikt", "/konto"],
};

const MAX_PAGES = 40;

/**
 * Public pages look the same to every signed-in role except for the header, and the header has
 * two shapes: the admin's (four menu items) and everyone else's (one). Those pages are scanned
 * for the admin and the coordinator; the other roles still visit them (status and language are
 * checked) but do not scan the same markup again, which keeps the suite fast.
 */
const scanPublicPagesFor: RoleKey[] = ["admin", "coordinator"];

/** Same-site page links on the current page (no fragments, no files, no form-only routes). */
async function pageLinks(page: Page) {
  const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const origin = new URL(page.url()).origin;
  const paths = new Set<string>();
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== origin) continue;
    if (/^\/(build|logga-ut|sprak|healthz)(\/|$)|\.\w+$/.test(url.pathname)) continue;
    paths.add(url.pathname + url.search);
  }
  return [...paths];
}

interface Scanned {
  path: string;
  status: number;
  /** visited and checked, but not scanned again (see scanPublicPagesFor) */
  skipped?: boolean;
}

/**
 * Visits start pages and every page linked from them (breadth first), runs axe on each, and checks
 * the language stays as chosen. Returns what was scanned; pages reached by links must answer 200.
 */
async function crawlAndScan(
  page: Page,
  testInfo: TestInfo,
  opts: {
    start: string[];
    extra: string[];
    lang: (typeof languages)[number];
    who: string;
    /** pages to visit and check without running axe again */
    skipScan?: string[];
  },
) {
  const queue: { path: string; linked: boolean }[] = [
    ...opts.start.map((path) => ({ path, linked: true })),
    ...opts.extra.map((path) => ({ path, linked: false })),
  ];
  const seen = new Set<string>();
  const scanned: Scanned[] = [];
  const failures: string[] = [];
  while (queue.length && scanned.length < MAX_PAGES) {
    const { path, linked } = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const response = await page.goto(path);
    const status = response?.status() ?? 0;
    const finalPath = new URL(page.url()).pathname + new URL(page.url()).search;
    if (finalPath !== path) {
      // a redirect (e.g. /logga-in when signed in): scan the target once, under its own name
      if (seen.has(finalPath)) continue;
      seen.add(finalPath);
    }
    const expected = expectedStatus[finalPath] ?? 200;
    if (status !== expected)
      failures.push(`${opts.who}: ${finalPath} answered ${status}, expected ${expected}${linked ? " (reached by a link)" : ""}`);
    await expectLangDir(page, opts.lang.code, opts.lang.dir);
    if (opts.skipScan?.includes(finalPath)) {
      scanned.push({ path: finalPath, status, skipped: true });
    } else {
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await test.step(`axe ${opts.who} ${opts.lang.code} ${finalPath}`, async () => {
        await expectNoAxeViolations(page, `${opts.who} ${opts.lang.code} ${finalPath}`, testInfo);
      });
      scanned.push({ path: finalPath, status });
    }
    for (const next of await pageLinks(page)) if (!seen.has(next)) queue.push({ path: next, linked: true });
  }
  const left = [...new Set(queue.map((q) => q.path).filter((p) => !seen.has(p)))];
  if (left.length) console.warn(`${opts.who} ${opts.lang.code}: stopped after ${MAX_PAGES} pages; not visited: ${left.join(", ")}`);
  expect(failures, failures.join("\n")).toEqual([]);
  return scanned;
}

function report(testInfo: TestInfo, title: string, scanned: Scanned[]) {
  const done = scanned.filter((s) => !s.skipped);
  const list = done.map((s) => `${s.path}${s.status !== 200 ? ` (${s.status})` : ""}`).join(", ");
  const skipped = scanned.filter((s) => s.skipped).map((s) => s.path);
  const also = skipped.length ? `; also visited, scanned in other roles' runs: ${skipped.join(", ")}` : "";
  console.log(`axe ${title}: ${done.length} scans: ${list}${also}`);
  testInfo.annotations.push({ type: "axe pages", description: `${title}: ${list}${also}` });
}

for (const lang of languages) {
  test.describe(`accessibility (${lang.code})`, () => {
    test(`public pages, ${lang.code}`, async ({ page }, testInfo) => {
      const consoleErrors = collectConsoleErrors(page);
      await page.goto("/");
      if (lang.code !== "sv") await switchLanguage(page, lang.name);
      const scanned = await crawlAndScan(page, testInfo, { start: ["/"], extra: publicPages, lang, who: "anonymous" });
      for (const p of publicPages) expect(scanned.map((s) => s.path)).toContain(p);

      // forms in their error states; texts may be translated, so press buttons by position
      await page.goto("/logga-in");
      await page.locator("main form button[type=submit]").click();
      await expect(page.locator(".error-summary")).toBeVisible();
      await expectNoAxeViolations(page, `anonymous ${lang.code} /logga-in (empty form)`, testInfo);

      await page.locator("#email").fill("nobody-here@demo.example");
      await page.locator("#password").fill("wrong password");
      await page.locator("main form button[type=submit]").click();
      await expect(page.locator(".error-summary")).toHaveCount(1);
      await expect(page.locator(".error-summary ul")).toHaveCount(0); // the form-level message
      await expectNoAxeViolations(page, `anonymous ${lang.code} /logga-in (wrong credentials)`, testInfo);

      await page.goto("/glomt-losenord");
      await page.locator("main form button[type=submit]").click();
      await expect(page.locator(".error-summary")).toBeVisible();
      await expectNoAxeViolations(page, `anonymous ${lang.code} /glomt-losenord (empty form)`, testInfo);
      await page.locator("#email").fill("nobody-here@demo.example");
      await page.locator("main form button[type=submit]").click();
      await expect(page.locator("main [role=status]")).toBeVisible();
      await expectNoAxeViolations(page, `anonymous ${lang.code} /glomt-losenord (sent)`, testInfo);

      report(testInfo, `anonymous ${lang.code}`, [
        ...scanned,
        { path: "/logga-in (empty form)", status: 400 },
        { path: "/logga-in (wrong credentials)", status: 400 },
        { path: "/glomt-losenord (empty form)", status: 400 },
        { path: "/glomt-losenord (sent)", status: 200 },
      ]);
      expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
    });

    for (const account of Object.values(accounts)) {
      test(`${account.role} pages, ${lang.code}`, async ({ page }, testInfo) => {
        const consoleErrors = collectConsoleErrors(page);
        await signInAs(page, account);
        if (lang.code !== "sv") await switchLanguage(page, lang.name);

        // pages outside the role are refused (403 for another role's pages, 404 outside its scope)
        const refused = signedInPages.filter((p) => !allowed[account.role].includes(p));
        for (const p of refused) {
          const r = await page.request.get(p, { maxRedirects: 0 });
          expect([403, 404], `${account.role} ${p} answered ${r.status()}`).toContain(r.status());
        }

        const scanned = await crawlAndScan(page, testInfo, {
          start: [account.home],
          extra: allowed[account.role],
          lang,
          who: account.role,
          skipScan: scanPublicPagesFor.includes(account.role) ? [] : publicPages,
        });
        const paths = scanned.map((s) => s.path);
        for (const p of allowed[account.role]) expect(paths).toContain(p);
        for (const p of mustDiscover[account.role]) expect(paths, `${account.role} should reach ${p} by links`).toContain(p);

        // what a refused page looks like (once per language is enough)
        if (account.role === "coordinator") {
          const r = await page.goto("/admin");
          expect(r?.status()).toBe(403);
          await expectNoAxeViolations(page, `${account.role} ${lang.code} /admin (403)`, testInfo);
          scanned.push({ path: "/admin", status: 403 });
        }
        if (account.role === "admin") {
          // the invitation form with its errors
          await page.goto("/admin/anvandare/ny");
          await page.locator("main form button[type=submit]").click();
          await expect(page.locator(".error-summary")).toBeVisible();
          await expectNoAxeViolations(page, `admin ${lang.code} /admin/anvandare/ny (empty form)`, testInfo);
          scanned.push({ path: "/admin/anvandare/ny (empty form)", status: 400 });
        }
        report(testInfo, `${account.role} ${lang.code}`, scanned);
        expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
      });
    }
  });
}

test("invitation and password-reset pages with a valid link, sv and ar", async ({ page, browser, baseURL }, testInfo) => {
  // the admin invites someone and asks for a reset link for the same person, so both links exist
  const email = uniqueEmail("a11y");
  await signInAs(page, accounts.admin);
  await inviteUser(page, { email, name: "Ada Axe", roleLabel: "Kommunikatör" });
  const invitation = await readInvitationLink(page, email);

  const context = await browser.newContext({ baseURL });
  try {
    const anon = await context.newPage();
    const consoleErrors = collectConsoleErrors(anon);
    await anon.goto("/glomt-losenord");
    await anon.getByLabel(sv.email, { exact: true }).fill(email);
    await anon.locator("main form button[type=submit]").click();
    await expect(anon.locator("main [role=status]")).toBeVisible();

    await page.goto("/admin/e-post");
    const mail = page.locator("details", { hasText: email }).filter({ hasText: "Återställ" }).first();
    await mail.locator("summary").click();
    const resetPath = ((await mail.locator(".mail-body").textContent()) ?? "").match(/\/aterstall\/[A-Za-z0-9_-]{20,}/)?.[0];
    expect(resetPath, "reset link in the outbox").toBeTruthy();

    const scanned: string[] = [];
    for (const lang of languages) {
      await anon.goto("/");
      await switchLanguage(anon, lang.name);
      for (const path of [invitation.path, resetPath!]) {
        const kind = path.startsWith("/inbjudan") ? "/inbjudan/<token>" : "/aterstall/<token>";
        const response = await anon.goto(path);
        expect(response?.status()).toBe(200);
        await expectLangDir(anon, lang.code, lang.dir);
        await expectNoAxeViolations(anon, `anonymous ${lang.code} ${kind}`, testInfo);
        await anon.locator("main form button[type=submit]").click();
        await expect(anon.locator(".error-summary")).toBeVisible();
        await expectNoAxeViolations(anon, `anonymous ${lang.code} ${kind} (empty form)`, testInfo);
        scanned.push(`${lang.code} ${kind}`, `${lang.code} ${kind} (empty form)`);
      }
    }
    console.log(`axe link pages: ${scanned.join(", ")}`);
    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
  } finally {
    await context.close();
  }
});
