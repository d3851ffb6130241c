/**
 * Campaign films end to end (issue 5), in Debian's Chromium against the production server (local
 * media storage): a communicator creates and publishes a campaign, drags in a five-second film
 * made by ffmpeg here, sees it processed (length, size, poster), adds Swedish (SRT) and Arabic
 * (WebVTT) subtitles and a PDF, marks who appears and publishes; a teacher opens the public page,
 * picks the Arabic track, seeks into the middle (byte ranges) and finds the download. An upload cut
 * off by a reload continues where it stopped when the same file is chosen again. axe-core on every
 * new page, in Swedish and Arabic.
 */
import { expect, test, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { accounts, collectConsoleErrors, expectLangDir, expectNoAxeViolations, signInAs, switchLanguage } from "./helpers";

const t = {
  newCampaign: "Ny kampanj",
  createCampaign: "Skapa kampanjen",
  publishCampaign: "Publicera",
  newFilm: "Ny film i kampanjen",
  createFilm: "Skapa filmen",
  ready: "Klar",
  subtitleLanguage: "Undertexternas språk",
  subtitleFile: "Undertextfil (SRT eller WebVTT)",
  uploadSubtitle: "Ladda upp undertexter",
  subtitlesSaved: "Undertexterna är sparade.",
  documentTitle: "Materialets namn",
  documentFile: "PDF-fil",
  uploadDocument: "Ladda upp material",
  documentSaved: "Materialet är sparat.",
  savePeople: "Spara medverkande",
  peopleSaved: "De medverkande är sparade.",
  publishFilm: "Publicera filmen",
  published: "Publiceringen är ändrad.",
  resuming: "Fortsätter där den förra uppladdningen av filen stannade.",
};

let dir: string;
let film: string;
let big: string;
let srt: string;
let vtt: string;
let pdf: string;

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-e2e-films-"));
  film = path.join(dir, "verkstaden.webm");
  // five seconds of test picture and tone (VP8/Vorbis, which Chromium plays everywhere)
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=duration=5:size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:duration=5", "-c:v", "libvpx", "-b:v", "400k", "-c:a", "libvorbis", "-shortest", film]);
  // a 48 MB file for the reload test: a film's header followed by noise
  big = path.join(dir, "lang-film.webm");
  fs.writeFileSync(big, Buffer.concat([fs.readFileSync(film), crypto.randomBytes(48 * 1024 * 1024)]));
  srt = path.join(dir, "svenska.srt");
  fs.writeFileSync(srt, "1\n00:00:00,500 --> 00:00:02,500\nHär börjar dagen i verkstaden.\n\n2\n00:00:02,500 --> 00:00:04,800\nMaskinen fräser detaljen.\n");
  vtt = path.join(dir, "arabiska.vtt");
  fs.writeFileSync(vtt, "WEBVTT\n\n00:00.500 --> 00:02.500\nهنا يبدأ اليوم في الورشة.\n\n00:02.500 --> 00:04.800\nالآلة تقوم بتفريز القطعة.\n");
  pdf = path.join(dir, "fragor.pdf");
  fs.writeFileSync(pdf, "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
});
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function newCampaignWithFilm(page: Page, title: string) {
  await page.goto("/kommunikator/kampanjer");
  await page.getByRole("link", { name: t.newCampaign }).click();
  await page.getByLabel("Namn", { exact: true }).fill(title);
  await page.getByLabel("Röd tråd").fill("Unga i industrin visar sin vardag – samma röda tråd i varje film.");
  await page.getByLabel("Startar").fill("2026-01-01");
  await page.getByLabel("Slutar").fill("2026-12-31");
  await page.getByLabel("Årskurs 5").check();
  await page.getByLabel("Årskurs 9").check();
  await page.getByRole("button", { name: t.createCampaign }).click();
  await expect(page.locator("h1")).toHaveText(title);
  const campaignUrl = page.url();
  await page.getByLabel(t.newFilm).fill("En dag i verkstaden");
  await page.getByRole("button", { name: t.createFilm }).click();
  await expect(page).toHaveURL(/\/kommunikator\/filmer\/\d+\?skapad=1$/);
  return { campaignUrl, filmUrl: page.url().split("?")[0] };
}

test("a communicator uploads, processes, subtitles and publishes a film; a teacher watches it with Arabic subtitles", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await signInAs(page, accounts.communicator);
  const title = `Framtidens industri 2026 (e2e ${Date.now().toString(36)})`;
  const { campaignUrl, filmUrl } = await newCampaignWithFilm(page, title);
  await expectNoAxeViolations(page, "film page before upload", testInfo);

  // the film: chosen in the drop zone, progress shown, then processed
  await page.locator("#film-file").setInputFiles(film);
  await expect(page.locator("#film-progress")).toBeVisible();
  // (processing a 5-second film is so quick that "uploaded, being processed" may never be seen)
  await expect(page.getByTestId("processing")).toHaveText(t.ready, { timeout: 30_000 });
  const facts = page.getByTestId("film-facts");
  await expect(facts).toContainText("0:05");
  await expect(facts).toContainText("640 × 360");
  await expect(facts).toContainText("video/webm · vp8 + vorbis");
  const sha = crypto.createHash("sha256").update(fs.readFileSync(film)).digest("hex");
  await expect(facts).toContainText(sha);
  await expect(page.locator("img.poster")).toBeVisible();
  expect(await page.locator("img.poster").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // subtitles: Swedish as SRT (converted), Arabic as WebVTT
  await page.getByLabel(t.subtitleLanguage, { exact: true }).selectOption("sv");
  await page.getByLabel(t.subtitleFile).setInputFiles(srt);
  await page.getByRole("button", { name: t.uploadSubtitle }).click();
  await expect(page.getByText(t.subtitlesSaved)).toBeVisible();
  await page.getByLabel(t.subtitleLanguage, { exact: true }).selectOption("ar");
  await page.getByLabel(t.subtitleFile).setInputFiles(vtt);
  await page.getByRole("button", { name: t.uploadSubtitle }).click();
  await expect(page.getByText(t.subtitlesSaved)).toBeVisible();
  await expect(page.getByRole("row", { name: /Svenska/ })).toContainText("2 repliker (SRT)");
  await expect(page.getByRole("row", { name: /العربية/ })).toContainText("2 repliker (VTT)");
  await expect(page.getByRole("row", { name: /Soomaali/ })).toContainText("Saknas");

  // a file that is not subtitles: a 400 with the reason, nothing saved
  await page.getByLabel(t.subtitleLanguage, { exact: true }).selectOption("en");
  await page.getByLabel(t.subtitleFile).setInputFiles(pdf);
  await page.getByRole("button", { name: t.uploadSubtitle }).click();
  await expect(page.locator(".error-summary")).toContainText("Filen är varken SRT eller WebVTT.");
  await expectNoAxeViolations(page, "film page with a subtitle error", testInfo);
  await page.goto(filmUrl);
  await expect(page.getByRole("row", { name: /English/ })).toContainText("Saknas");

  // discussion questions as PDF, who appears, publish
  await page.getByLabel(t.documentTitle).fill("Diskussionsfrågor");
  await page.getByLabel(t.documentFile).setInputFiles(pdf);
  await page.getByRole("button", { name: t.uploadDocument }).click();
  await expect(page.getByText(t.documentSaved)).toBeVisible();
  await page.getByLabel(/Amina Ambassadör \(demo\)/).check();
  await page.getByRole("button", { name: t.savePeople }).click();
  await expect(page.getByText(t.peopleSaved)).toBeVisible();
  await page.getByRole("button", { name: t.publishFilm }).click();
  await expect(page.getByText(t.published)).toBeVisible();
  await expectNoAxeViolations(page, "film page, published", testInfo);
  await page.goto(campaignUrl);
  await page.getByRole("button", { name: t.publishCampaign, exact: true }).click();
  await expect(page.getByText("Statusen är ändrad.")).toBeVisible();
  await page.goto("/kommunikator/kampanjer");
  await expect(page.getByRole("row", { name: /En dag i verkstaden/ }).first()).toBeVisible();
  await expectNoAxeViolations(page, "campaign library with films", testInfo);
  expect(errors).toEqual([]);

  // a teacher on a projector, not signed in, reading in Arabic
  const teacher = await browser.newPage();
  const teacherErrors = collectConsoleErrors(teacher);
  await teacher.goto("/kampanjer");
  await teacher.getByRole("link", { name: title }).click();
  await expect(teacher.locator("h1")).toHaveText(title);
  await expectNoAxeViolations(teacher, "public campaign page", testInfo);
  await teacher.getByRole("link", { name: "En dag i verkstaden" }).click();
  const video = teacher.getByTestId("film-video");
  await expect(video).toBeVisible();
  await expectNoAxeViolations(teacher, "public film page (sv)", testInfo);
  await switchLanguage(teacher, "العربية");
  await expectLangDir(teacher, "ar", "rtl");
  await expectNoAxeViolations(teacher, "public film page (ar)", testInfo);
  // the page's language is the default track; the chooser switches it, the browser shows it
  const tracks = () => teacher.locator("video").evaluate((v: HTMLVideoElement) => Array.from(v.textTracks).map((tt) => `${tt.language}:${tt.label}:${tt.mode}`));
  await expect.poll(tracks).toEqual(["ar:العربية:showing", "sv:Svenska:disabled"]);
  await teacher.locator("select[id^=subtitles-]").selectOption("sv");
  await expect.poll(tracks).toEqual(["ar:العربية:disabled", "sv:Svenska:showing"]);
  await teacher.locator("select[id^=subtitles-]").selectOption("ar");
  await expect.poll(tracks).toEqual(["ar:العربية:showing", "sv:Svenska:disabled"]);
  // cues of the Arabic track are loaded and readable
  await expect.poll(() => teacher.locator("video").evaluate((v: HTMLVideoElement) => Array.from(v.textTracks).find((tt) => tt.language === "ar")?.cues?.length ?? 0)).toBe(2);

  // seek into the middle: the browser asks for byte ranges and gets 206
  const ranged: number[] = [];
  teacher.on("response", (r) => {
    if (r.url().includes("/video") && r.request().headers()["range"]) ranged.push(r.status());
  });
  await teacher.locator("video").evaluate(async (v: HTMLVideoElement) => {
    if (v.readyState < 1) await new Promise((resolve) => v.addEventListener("loadedmetadata", resolve, { once: true }));
    v.currentTime = 2.5;
    await new Promise((resolve) => v.addEventListener("seeked", resolve, { once: true }));
  });
  expect(await teacher.locator("video").evaluate((v: HTMLVideoElement) => Math.round(v.currentTime * 10) / 10)).toBe(2.5);
  const src = await teacher.locator("video source").getAttribute("src");
  const part = await teacher.evaluate(async (url) => {
    const res = await fetch(url!, { headers: { Range: "bytes=1000-1999" } });
    return { status: res.status, range: res.headers.get("Content-Range"), length: (await res.arrayBuffer()).byteLength };
  }, src);
  expect(part.status).toBe(206);
  expect(part.range).toMatch(/^bytes 1000-1999\/\d+$/);
  expect(part.length).toBe(1000);
  expect(ranged.every((s) => s === 206)).toBe(true);

  // the download for a classroom with poor Wi-Fi
  const download = teacher.locator('a[href$="/video?ladda-ner"]').last();
  await expect(download).toBeVisible();
  const [file] = await Promise.all([teacher.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toBe("en-dag-i-verkstaden.webm");
  expect(crypto.createHash("sha256").update(fs.readFileSync((await file.path())!)).digest("hex")).toBe(sha);
  expect(teacherErrors).toEqual([]);
  await teacher.close();
});

test("an upload cut off by a reload continues where it stopped when the same file is chosen again", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signInAs(page, accounts.communicator);
  const { filmUrl } = await newCampaignWithFilm(page, `Avbruten uppladdning (e2e ${Date.now().toString(36)})`);
  // a slow line: about 4 MB/s up
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: 50 * 1024 * 1024, uploadThroughput: 4 * 1024 * 1024 });
  await page.locator("#film-file").setInputFiles(big);
  const status = page.getByTestId("upload-status");
  await expect(status).toContainText(/\d+ %/);
  await expect.poll(async () => Number((await status.textContent())?.match(/(\d+) %/)?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThanOrEqual(15);
  // the train enters a tunnel; later she reloads the page
  await cdp.send("Network.emulateNetworkConditions", { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.waitForTimeout(500);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.goto(filmUrl);
  await expect(page.getByText(/En uppladdning av lang-film\.webm .* är inte klar/)).toBeVisible();
  await expectNoAxeViolations(page, "film page with an unfinished upload", testInfo);
  // it does not start again: no new upload is created, and the server says how far it had come
  const created: string[] = [];
  const offsets: number[] = [];
  page.on("response", (r) => {
    if (!new URL(r.url()).pathname.startsWith("/uploads/tus")) return;
    if (r.request().method() === "POST") created.push(r.url());
    if (r.request().method() === "HEAD") offsets.push(Number(r.headers()["upload-offset"]));
  });
  // still a slow line, so the rest takes a while and the reader sees that it continues
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: 50 * 1024 * 1024, uploadThroughput: 4 * 1024 * 1024 });
  await page.locator("#film-file").setInputFiles(big);
  await expect(page.getByText(t.resuming)).toBeVisible();
  await expect.poll(() => offsets.length).toBeGreaterThan(0);
  expect(offsets[0]).toBeGreaterThan(0.1 * fs.statSync(big).size);
  // the server has exactly the bytes of the file
  await expect(page.getByTestId("processing")).toHaveText(t.ready, { timeout: 60_000 });
  await expect(page.getByTestId("film-facts")).toContainText(crypto.createHash("sha256").update(fs.readFileSync(big)).digest("hex"));
  expect(created).toEqual([]);
});

test("when storage does not answer, the uploader says so and carries on by itself once it does", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signInAs(page, accounts.communicator);
  await newCampaignWithFilm(page, `Lagring nere (e2e ${Date.now().toString(36)})`);
  // the first two attempts to send bytes meet a storage that is down (the app answers 503)
  let refused = 0;
  await page.route("**/uploads/tus/*", async (route) => {
    if (route.request().method() === "PATCH" && refused < 2) {
      refused++;
      return route.fulfill({ status: 503, body: "storage unavailable" });
    }
    return route.continue();
  });
  await page.locator("#film-file").setInputFiles(film);
  await expect(page.getByText("Lagringen svarar inte just nu. Uppladdningen fortsätter av sig själv när den är tillbaka.")).toBeVisible();
  await expectNoAxeViolations(page, "uploader while storage is down", testInfo);
  await expect(page.getByTestId("processing")).toHaveText(t.ready, { timeout: 30_000 });
  expect(refused).toBe(2);
});
