import { expect, request, test, type Page, type TestInfo } from "@playwright/test";
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

const publicPages = ["/", "/logga-in", "/glomt-losenord", "/tillganglighet", "/finns-inte", "/inbjudan/okand", "/aterstall/okand", "/enkat/okand"];
/** Public pages that answer with an error status on purpose. */
const expectedStatus: Record<string, number> = { "/finns-inte": 404, "/inbjudan/okand": 410, "/aterstall/okand": 410, "/enkat/okand": 404 };

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
  coordinator: ["/oversikt", "/konto", "/samordnare/kommun/0484", "/samordnare/kommun/0486", "/skolor/1", "/samordnare/besok"],
  school_staff: ["/oversikt", "/konto", "/skolor/1", "/skolor/1/besok"],
  ambassador: ["/oversikt", "/konto", "/ambassador/besok"],
  communicator: ["/oversikt", "/konto", "/kommunikator/kampanjer", "/kommunikator/kampanjer/ny", "/kommunikator/filmer/1"],
  translator: ["/oversikt", "/konto", "/oversattning"],
};

const MAX_PAGES = 60;

/**
 * Pages anyone can open (found by asking the server without a session) look the same to every
 * role apart from the header, whose menu every role's own pages already show. They are scanned
 * signed out, and signed in as the admin (the widest menu, and the role most likely to see extra
 * controls on them); other roles only check the status they get there. Likewise at most two
 * records of one route (/ambassadorer/1, /ambassadorer/2 …) are scanned per run, the rest get a
 * status check. Pages in the fixed lists are always scanned. This keeps the suite fast as the app
 * grows.
 */
const scanPublicPagesFor: RoleKey[] = ["admin"];

/**
 * What a crawl scans: "all" (signed out: everything it reaches is public), "private" (a role's own
 * pages; public ones get a status check only) or "public" (the public pages as a signed-in user;
 * the role's own pages are left to its "private" run, which runs in parallel).
 */
type Scope = "all" | "private" | "public";
const PER_ROUTE = 2;
const routeShape = (path: string) =>
  path
    .replace(/\?.*$/, "")
    .replace(/\/\d+(?=\/|$)/g, "/:n")
    // guides and their translations are records too (guidance.spec.ts scans them per language)
    .replace(/^\/oversattning\/(?!ny$)[^/]+\/[^/]+$/, "/oversattning/:guide/:lang")
    .replace(/^\/([^/]+)\/vagledning\/[^/]+/, "/$1/vagledning/:guide");

/** Same-site page links on the current page (no fragments, downloads, files or form-only routes). */
async function pageLinks(page: Page) {
  const hrefs = await page
    .locator("a[href]:not([download])")
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const origin = new URL(page.url()).origin;
  const lang = await page.locator("html").getAttribute("lang");
  const paths = new Set<string>();
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== origin) continue;
    if (/^\/(build|media|logga-ut|sprak|healthz)(\/|$)|\.\w+$/.test(url.pathname)) continue;
    // the board's calendar pages on without end; visits.spec.ts scans its month and week views
    if (/[?&](manad|vecka|vy)=/.test(url.search)) continue;
    // guidance pages in other reading languages (the switcher): guidance.spec.ts scans them per language
    const reading = /^\/([^/]+)\/vagledning(\/|$)/.exec(url.pathname);
    if (reading && reading[1] !== lang) continue;
    paths.add(url.pathname + url.search);
  }
  return [...paths];
}

interface Visited {
  path: string;
  status: number;
  /** scanned with axe; otherwise why not */
  scanned: boolean;
  note?: string;
}

/**
 * Visits the start pages and every page linked from them (breadth first), plus the fixed extra
 * pages; runs axe on each (see above for the pages it does not rescan) and checks the language
 * stays as chosen. Pages reached by links must answer 200.
 */
async function crawlAndScan(
  page: Page,
  testInfo: TestInfo,
  opts: {
    start: string[];
    extra: string[];
    lang: (typeof languages)[number];
    who: string;
    scope: Scope;
    baseURL: string;
  },
) {
  const queue: { path: string; linked: boolean }[] = [
    ...opts.start.map((path) => ({ path, linked: true })),
    ...opts.extra.map((path) => ({ path, linked: false })),
  ];
  const fixed = new Set(opts.extra);
  const seen = new Set<string>();
  const visited: Visited[] = [];
  const failures: string[] = [];
  const perShape = new Map<string, number>();
  const anonymous = await request.newContext({ baseURL: opts.baseURL });
  const isPublic = async (path: string) => {
    const r = await anonymous.get(path, { maxRedirects: 0 });
    return r.status() < 300 || r.status() === 404 || r.status() === 410;
  };
  const expectStatus = (path: string, status: number, linked: boolean) => {
    const expected = expectedStatus[path] ?? 200;
    if (status !== expected)
      failures.push(`${opts.who}: ${path} answered ${status}, expected ${expected}${linked ? " (reached by a link)" : ""}`);
  };
  try {
    while (queue.length && visited.length < MAX_PAGES) {
      const { path, linked } = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);

      const shape = routeShape(path);
      if (!fixed.has(path) && shape !== path && (perShape.get(shape) ?? 0) >= PER_ROUTE) {
        const r = await page.request.get(path); // follows redirects, like the browser
        expectStatus(path, r.status(), linked);
        visited.push({ path, status: r.status(), scanned: false, note: "same route" });
        continue;
      }

      // public pages another run scans: the status for this user, no second rendering
      if (opts.scope === "public" && !(await isPublic(path))) continue; // the "private" run's
      if (opts.scope === "private" && !fixed.has(path) && (await isPublic(path))) {
        const r = await page.request.get(path); // follows redirects, like the browser
        expectStatus(path, r.status(), linked);
        visited.push({ path, status: r.status(), scanned: false, note: "public" });
        continue;
      }

      let response;
      try {
        response = await page.goto(path);
      } catch (error) {
        // a link to a file the server sends as an attachment, not a page
        if (!/Download is starting/.test(String(error))) throw error;
        visited.push({ path, status: 200, scanned: false, note: "download" });
        continue;
      }
      const status = response?.status() ?? 0;
      const finalPath = new URL(page.url()).pathname + new URL(page.url()).search;
      if (finalPath !== path) {
        // a redirect (e.g. /logga-in when signed in): handle the target once, under its own name
        if (seen.has(finalPath)) continue;
        seen.add(finalPath);
        if (opts.scope === "public" && !(await isPublic(finalPath))) continue;
      }
      expectStatus(finalPath, status, linked);
      await expectLangDir(page, opts.lang.code, opts.lang.dir);
      perShape.set(routeShape(finalPath), (perShape.get(routeShape(finalPath)) ?? 0) + 1);

      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await test.step(`axe ${opts.who} ${opts.lang.code} ${finalPath}`, async () => {
        await expectNoAxeViolations(page, `${opts.who} ${opts.lang.code} ${finalPath}`, testInfo);
      });
      visited.push({ path: finalPath, status, scanned: true });
      for (const next of await pageLinks(page)) if (!seen.has(next)) queue.push({ path: next, linked: true });
    }
  } finally {
    await anonymous.dispose();
  }
  const left = [...new Set(queue.map((q) => q.path).filter((p) => !seen.has(p)))];
  if (left.length) console.warn(`${opts.who} ${opts.lang.code}: stopped after ${MAX_PAGES} pages; not visited: ${left.join(", ")}`);
  expect(failures, failures.join("\n")).toEqual([]);
  return visited;
}

function report(testInfo: TestInfo, title: string, visited: Visited[]) {
  const fmt = (v: Visited) => `${v.path}${v.status !== 200 ? ` (${v.status})` : ""}`;
  const done = visited.filter((v) => v.scanned).map(fmt);
  const pub = visited.filter((v) => v.note === "public").map(fmt);
  const same = visited.filter((v) => v.note === "same route").map(fmt);
  const text =
    `${done.length} scanned: ${done.join(", ")}` +
    (pub.length ? `; status only, public (scanned signed out and as admin): ${pub.join(", ")}` : "") +
    (same.length ? `; status only (more records of a scanned route): ${same.join(", ")}` : "");
  console.log(`axe ${title}: ${text}`);
  testInfo.annotations.push({ type: "axe pages", description: `${title}: ${text}` });
}

for (const lang of languages) {
  test.describe(`accessibility (${lang.code})`, () => {
    test(`public pages, ${lang.code}`, async ({ page, baseURL }, testInfo) => {
      const consoleErrors = collectConsoleErrors(page);
      await page.goto("/");
      if (lang.code !== "sv") await switchLanguage(page, lang.name);
      const visited = await crawlAndScan(page, testInfo, {
        start: ["/"],
        extra: publicPages,
        lang,
        who: "anonymous",
        scope: "all",
        baseURL: baseURL!,
      });
      for (const p of publicPages) expect(visited.map((s) => s.path)).toContain(p);

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
        ...visited,
        { path: "/logga-in (empty form)", status: 400, scanned: true },
        { path: "/logga-in (wrong credentials)", status: 400, scanned: true },
        { path: "/glomt-losenord (empty form)", status: 400, scanned: true },
        { path: "/glomt-losenord (sent)", status: 200, scanned: true },
      ]);
      expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
    });

    for (const account of Object.values(accounts)) {
      test(`${account.role} pages, ${lang.code}`, async ({ page, baseURL }, testInfo) => {
        const consoleErrors = collectConsoleErrors(page);
        await signInAs(page, account);
        if (lang.code !== "sv") await switchLanguage(page, lang.name);

        // pages outside the role are refused (403 for another role's pages, 404 outside its scope)
        const refused = signedInPages.filter((p) => !allowed[account.role].includes(p));
        for (const p of refused) {
          const r = await page.request.get(p, { maxRedirects: 0 });
          expect([403, 404], `${account.role} ${p} answered ${r.status()}`).toContain(r.status());
        }

        const visited = await crawlAndScan(page, testInfo, {
          start: [account.home],
          extra: allowed[account.role],
          lang,
          who: account.role,
          scope: "private",
          baseURL: baseURL!,
        });
        const paths = visited.map((s) => s.path);
        for (const p of allowed[account.role]) expect(paths).toContain(p);
        for (const p of mustDiscover[account.role]) expect(paths, `${account.role} should reach ${p} by links`).toContain(p);

        // what a refused page looks like (once per language is enough)
        if (account.role === "coordinator") {
          const r = await page.goto("/admin");
          expect(r?.status()).toBe(403);
          await expectNoAxeViolations(page, `${account.role} ${lang.code} /admin (403)`, testInfo);
          visited.push({ path: "/admin", status: 403, scanned: true });
        }
        if (account.role === "admin") {
          // the invitation form with its errors
          await page.goto("/admin/anvandare/ny");
          await page.locator("main form button[type=submit]").click();
          await expect(page.locator(".error-summary")).toBeVisible();
          await expectNoAxeViolations(page, `admin ${lang.code} /admin/anvandare/ny (empty form)`, testInfo);
          visited.push({ path: "/admin/anvandare/ny (empty form)", status: 400, scanned: true });
        }
        report(testInfo, `${account.role} ${lang.code}`, visited);
        expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
      });
    }

    for (const role of scanPublicPagesFor) {
      const account = accounts[role];
      test(`public pages signed in as ${role}, ${lang.code}`, async ({ page, baseURL }, testInfo) => {
        const consoleErrors = collectConsoleErrors(page);
        await signInAs(page, account);
        if (lang.code !== "sv") await switchLanguage(page, lang.name);
        const visited = await crawlAndScan(page, testInfo, {
          start: ["/"],
          // the link-error pages share one component whose signed-in look the 403 page covers
          extra: publicPages.filter((p) => !/^\/(inbjudan|aterstall)\//.test(p)),
          lang,
          who: `${role} (public pages)`,
          scope: "public",
          baseURL: baseURL!,
        });
        expect(visited.map((v) => v.path)).toEqual(expect.arrayContaining(["/", "/tillganglighet", "/glomt-losenord"]));
        report(testInfo, `${role} on public pages ${lang.code}`, visited);
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
