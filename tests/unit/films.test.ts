/**
 * Campaign films on a real SQLite file and the local media storage: processing of uploaded bytes
 * (a real film made by ffmpeg, a picture pretending to be a film, an empty and a corrupt file, a
 * storage that fails), subtitles and PDF material checked by content, consent-aware publishing
 * and withdrawal, view counts, and the media routes' byte ranges and caching through the built app.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { LocalStorage, type MediaStorage } from "#media/index";
import { giveConsent, withdrawConsent } from "~/ambassadors/pool.server";
import { db } from "~/db.server";
import { getEnv } from "~/env.server";
import {
  addDocument,
  addSubtitle,
  createFilm,
  getFilm,
  isFilmPublic,
  listFilms,
  recordView,
  setFilmAmbassadors,
  setFilmStatus,
  viewsOf,
} from "~/films/films.server";
import { filmProcessor, markFailedJobs, retryFilm } from "~/films/process.server";
import { enqueueJob, runDueJobs } from "~/jobs/queue.server";
import { getStorage } from "~/storage.server";
import { cookieFor, demo, request } from "./helpers";

let dir: string;
let webm: Buffer;
let storage: MediaStorage;
let campaignId: number;
let communicatorId: number;
const AMINA = 1; // demo ambassador with film consent
const ELIN = 2; // demo ambassador without it

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-films-"));
  const file = path.join(dir, "film.webm");
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=duration=4:size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:duration=4", "-c:v", "libvpx", "-b:v", "300k", "-c:a", "libvorbis", "-shortest", file]);
  webm = fs.readFileSync(file);
  storage = getStorage();
  campaignId = (await db.selectFrom("campaign").select("id").where("status", "=", "published").executeTakeFirstOrThrow()).id;
  communicatorId = (await db.selectFrom("app_user").select("id").where("email", "=", demo.communicator).executeTakeFirstOrThrow()).id;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A film whose upload (these bytes) has just arrived, as the tus server leaves it. */
async function arrived(bytes: Buffer, title = "Testfilm") {
  const filmId = await createFilm(db, { campaignId, title, description: null }, communicatorId);
  const uploadId = crypto.randomBytes(16).toString("hex");
  await storage.put(`uploads/${uploadId}`, bytes);
  await db.insertInto("upload").values({ id: uploadId, user_id: communicatorId, film_id: filmId, declared_size: bytes.length, status: "received" }).execute();
  const jobId = await enqueueJob(db, "film.process", { filmId, uploadId });
  await db.updateTable("film").set({ processing: "processing", upload_id: uploadId, job_id: jobId }).where("id", "=", filmId).execute();
  return { filmId, uploadId };
}

const process = (s: MediaStorage = storage) => runDueJobs(db, { "film.process": filmProcessor(db, s) });

describe("processing an uploaded film", () => {
  test("a WebM film: checked, hashed, probed, given a poster in WebP and JPEG", async () => {
    const { filmId } = await arrived(webm);
    expect(await process()).toEqual({ done: 1, failed: 0 });
    const film = (await getFilm(db, filmId))!;
    expect(film.processing).toBe("ready");
    expect(film.content_type).toBe("video/webm");
    expect(film.size_bytes).toBe(webm.length);
    expect(film.sha256).toBe(crypto.createHash("sha256").update(webm).digest("hex"));
    expect(film.duration_seconds).toBeGreaterThan(3.9);
    expect([film.width, film.height, film.video_codec]).toEqual([640, 360, "vp8"]);
    expect(film.poster_source).toBe("frame");
    expect(film.poster_width).toBe(640);
    const variants = [];
    for await (const entry of storage.list(`${film.poster_key}/`)) variants.push(entry.key.split("/").pop());
    expect(variants.sort()).toEqual(["320.jpg", "320.webp", "640.jpg", "640.webp"]);
    const jpeg = await storage.get(`${film.poster_key}/640.jpg`);
    const chunks: Buffer[] = [];
    for await (const c of jpeg.body) chunks.push(c as Buffer);
    const meta = await sharp(Buffer.concat(chunks)).metadata();
    expect([meta.format, meta.width, meta.exif]).toEqual(["jpeg", 640, undefined]);
  });

  test("a picture named like a film is refused by its bytes and deleted", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } }).png().toBuffer();
    const { filmId, uploadId } = await arrived(png);
    await process();
    const film = (await getFilm(db, filmId))!;
    expect([film.processing, film.error_key]).toEqual(["failed", "films:errors.notAFilm"]);
    expect(await storage.head(`uploads/${uploadId}`)).toBeNull();
    expect((await db.selectFrom("upload").select("status").where("id", "=", uploadId).executeTakeFirstOrThrow()).status).toBe("rejected");
  });

  test("an empty file and a corrupt film fail with a visible reason", async () => {
    const empty = await arrived(Buffer.alloc(0));
    const corrupt = await arrived(Buffer.concat([webm.subarray(0, 200), Buffer.alloc(50_000, 7)]));
    await process();
    expect((await getFilm(db, empty.filmId))!.error_key).toBe("films:errors.emptyFile");
    const film = (await getFilm(db, corrupt.filmId))!;
    expect(film.processing).toBe("failed");
    expect(film.error_key).toMatch(/^films:errors\.(unreadable|noVideo|noDuration)$/);
    expect(await storage.head(`uploads/${corrupt.uploadId}`)).toBeNull();
  });

  test("storage that does not answer: the job is tried again, then the film offers a retry that works", async () => {
    const { filmId } = await arrived(webm);
    const broken = Object.assign(Object.create(storage), { head: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:7480")) }) as MediaStorage;
    let now = new Date();
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await runDueJobs(db, { "film.process": filmProcessor(db, broken) }, { now })).toEqual({ done: 0, failed: 1 });
      expect((await getFilm(db, filmId))!.processing).toBe("processing");
      now = new Date(now.getTime() + 2 * 3600_000);
    }
    await markFailedJobs(db);
    const failed = (await getFilm(db, filmId))!;
    expect([failed.processing, failed.error_key, failed.job_error]).toEqual(["failed", "films:errors.processingFailed", "connect ECONNREFUSED 127.0.0.1:7480"]);
    await retryFilm(db, filmId);
    await process();
    expect((await getFilm(db, filmId))!.processing).toBe("ready");
  });

  test("a refused file cannot be retried (its bytes are gone): a new upload is needed", async () => {
    const { filmId } = await arrived(Buffer.from("not a film at all"));
    await process();
    await expect(retryFilm(db, filmId)).rejects.toThrow("films:errors.cannotRetry");
  });
});

describe("subtitles and material", () => {
  let filmId: number;
  beforeAll(async () => {
    filmId = (await arrived(webm, "Undertextfilm")).filmId;
    await process();
  });

  test("SRT becomes WebVTT; a second file in the same language replaces the first", async () => {
    expect(await addSubtitle(db, filmId, "sv", Buffer.from("1\n00:00:00,500 --> 00:00:02,000\nHej!\n"), communicatorId)).toEqual({ cues: 1, converted: true });
    await addSubtitle(db, filmId, "sv", Buffer.from("WEBVTT\n\n00:00.500 --> 00:02.000\nHej igen!\n\n00:02.000 --> 00:03.000\nVälkommen\n"), communicatorId);
    await addSubtitle(db, filmId, "ar", Buffer.from("WEBVTT\n\n00:00.500 --> 00:02.000\nمرحبا!\n"), communicatorId);
    const film = (await getFilm(db, filmId))!;
    expect(film.subtitles.map((s) => [s.language, s.cues, s.source_format])).toEqual([
      ["ar", 1, "vtt"],
      ["sv", 2, "vtt"],
    ]);
    let stored = 0;
    for await (const _ of storage.list(`films/${filmId}/subtitles/`)) stored++;
    expect(stored).toBe(2);
    const [listed] = (await listFilms(db, [campaignId])).filter((f) => f.id === filmId);
    expect(listed.subtitleLanguages.sort()).toEqual(["ar", "sv"]);
    expect(listed.missingLanguages).toEqual(["en", "prs", "fa", "so", "ti", "uk"]);
  });

  test("a broken subtitle file is refused with its line, an unknown language too, and nothing is stored", async () => {
    await expect(addSubtitle(db, filmId, "en", Buffer.from("WEBVTT\n\n00:00.500 --> 00:00.100\nBakvänd\n"), communicatorId)).rejects.toThrow(/^films:subtitles\.invalid\?line=3$/);
    await expect(addSubtitle(db, filmId, "xx", Buffer.from("WEBVTT\n"), communicatorId)).rejects.toMatchObject({ field: "language" });
    await expect(addSubtitle(db, filmId, "en", Buffer.from("%PDF-1.4 nope"), communicatorId)).rejects.toThrow("films:subtitles.notSubtitles");
    expect((await getFilm(db, filmId))!.subtitles.map((s) => s.language)).not.toContain("en");
  });

  test("a PDF is kept; a picture called .pdf is refused", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    await addDocument(db, filmId, "Diskussionsfrågor", pdf, communicatorId);
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).png().toBuffer();
    await expect(addDocument(db, filmId, "Falsk", png, communicatorId)).rejects.toThrow("films:errors.notPdf");
    await expect(addDocument(db, filmId, "Tom", Buffer.alloc(0), communicatorId)).rejects.toThrow("films:errors.emptyFile");
    expect((await getFilm(db, filmId))!.documents.map((d) => d.title)).toEqual(["Diskussionsfrågor"]);
  });
});

describe("consent-aware publishing", () => {
  let filmId: number;
  beforeAll(async () => {
    filmId = (await arrived(webm, "Film med Amina och Elin")).filmId;
    await process();
  });

  test("a film without its file cannot be published", async () => {
    const empty = await createFilm(db, { campaignId, title: "Utan fil", description: null }, communicatorId);
    await expect(setFilmStatus(db, empty, "published", communicatorId)).rejects.toThrow("films:errors.notReady");
  });

  test("nobody without film consent may be in a published film; the refusal names her", async () => {
    await setFilmAmbassadors(db, filmId, [AMINA, ELIN], communicatorId);
    await expect(setFilmStatus(db, filmId, "published", communicatorId)).rejects.toThrow(/consentMissing\?names=Elin/);
    await giveConsent(db, ELIN, "films");
    await setFilmStatus(db, filmId, "published", communicatorId);
    expect(await isFilmPublic(db, filmId)).toBe(true);
  });

  test("withdrawing film consent withdraws the film at once and tells its maker why", async () => {
    await withdrawConsent(db, { ambassadorId: ELIN, kind: "films", actorUserId: null });
    expect(await isFilmPublic(db, filmId)).toBe(false);
    const film = (await getFilm(db, filmId))!;
    expect([film.status, film.withdrawn_reason]).toEqual(["withdrawn", "consent"]);
    const mail = await db.selectFrom("mail_outbox").selectAll().where("to_address", "=", demo.communicator).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(mail.subject).toContain("Film med Amina och Elin");
    expect(mail.text_body).toContain("Elin Exempel (demo)");
    expect(mail.text_body).toContain(`/kommunikator/filmer/${filmId}`);
    const log = await db.selectFrom("audit_log").select("action").where("entity_type", "=", "film").where("entity_id", "=", String(filmId)).execute();
    expect(log.map((l) => l.action)).toContain("film.withdrawn.consent");
  });

  test("views are counted per day only for public films, with nothing about the viewer", async () => {
    expect(await recordView(db, filmId)).toBe(false);
    await setFilmAmbassadors(db, filmId, [AMINA], communicatorId);
    await setFilmStatus(db, filmId, "published", communicatorId);
    const day = new Date("2026-11-23T10:00:00Z");
    expect(await recordView(db, filmId, day)).toBe(true);
    await recordView(db, filmId, day);
    await recordView(db, filmId, new Date("2026-11-24T10:00:00Z"));
    expect(await viewsOf(db, filmId)).toEqual([
      { day: "2026-11-24", views: 1 },
      { day: "2026-11-23", views: 2 },
    ]);
    const columns = await db.introspection.getTables().then((t) => t.find((x) => x.name === "film_view_daily")!.columns.map((c) => c.name));
    expect(columns.sort()).toEqual(["day", "film_id", "views"]);
  });
});

describe("media routes", () => {
  let filmId: number;
  let cookie: string;
  beforeAll(async () => {
    filmId = (await arrived(webm, "Publik film")).filmId;
    await process();
    await addSubtitle(db, filmId, "ar", Buffer.from("WEBVTT\n\n00:00.500 --> 00:02.000\nمرحبا!\n"), communicatorId);
    cookie = await cookieFor(demo.communicator);
  });

  test("an unpublished film is hidden from the public and shown to communicators as a preview", async () => {
    expect((await request(`/filmer/${filmId}`)).status).toBe(404);
    expect((await request(`/media/filmer/${filmId}/video`)).status).toBe(404);
    const preview = await request(`/filmer/${filmId}`, { cookie });
    expect(preview.status).toBe(200);
    const own = await request(`/media/filmer/${filmId}/video`, { cookie });
    expect(own.headers.get("Cache-Control")).toBe("private, no-cache");
    await own.arrayBuffer();
  });

  test("byte ranges, suffix ranges, unsatisfiable ranges, ETag and 304", async () => {
    await setFilmStatus(db, filmId, "published", communicatorId);
    const whole = await request(`/media/filmer/${filmId}/video`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("Content-Type")).toBe("video/webm");
    expect(whole.headers.get("Accept-Ranges")).toBe("bytes");
    expect(whole.headers.get("Cache-Control")).toBe("public, no-cache");
    expect(Buffer.from(await whole.arrayBuffer()).equals(webm)).toBe(true);
    const etag = whole.headers.get("ETag")!;
    expect(etag).toBeTruthy();

    const middle = Math.floor(webm.length / 2);
    const part = await request(`/media/filmer/${filmId}/video`, { headers: { Range: `bytes=${middle}-${middle + 999}` } });
    expect(part.status).toBe(206);
    expect(part.headers.get("Content-Range")).toBe(`bytes ${middle}-${middle + 999}/${webm.length}`);
    expect(part.headers.get("Content-Length")).toBe("1000");
    expect(Buffer.from(await part.arrayBuffer()).equals(webm.subarray(middle, middle + 1000))).toBe(true);

    const tail = await request(`/media/filmer/${filmId}/video`, { headers: { Range: "bytes=-100" } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(webm.subarray(webm.length - 100))).toBe(true);

    const beyond = await request(`/media/filmer/${filmId}/video`, { headers: { Range: `bytes=${webm.length + 10}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("Content-Range")).toBe(`bytes */${webm.length}`);

    const again = await request(`/media/filmer/${filmId}/video`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);

    const download = await request(`/media/filmer/${filmId}/video?ladda-ner`);
    expect(download.headers.get("Content-Disposition")).toBe('attachment; filename="publik-film.webm"');
    await download.arrayBuffer();
  });

  test("the public film page carries the poster and every subtitle track, labelled in its own language", async () => {
    const html = await (await request(`/filmer/${filmId}`, { headers: { "Accept-Language": "ar" } })).text();
    expect(html).toMatch(/<track[^>]*src="\/media\/filmer\/\d+\/undertexter\/ar\.vtt"[^>]*>/);
    expect(html).toContain('label="العربية"');
    expect(html).toMatch(/srcLang="ar"|srclang="ar"/i);
    expect(html).toMatch(/poster="\/media\/filmer\/\d+\/affisch\/640\.jpg"/);
    const vtt = await request(`/media/filmer/${filmId}/undertexter/ar.vtt`);
    expect(vtt.headers.get("Content-Type")).toBe("text/vtt; charset=utf-8");
    expect(await vtt.text()).toContain("مرحبا");
  });

  test("withdrawal takes the film off its public page and its media at once", async () => {
    await setFilmStatus(db, filmId, "withdrawn", communicatorId);
    expect((await request(`/filmer/${filmId}`)).status).toBe(404);
    expect((await request(`/media/filmer/${filmId}/undertexter/ar.vtt`)).status).toBe(404);
    expect((await request(`/media/filmer/${filmId}/affisch/640.jpg`)).status).toBe(404);
  });

  test("the view beacon counts a public film and nothing else", async () => {
    await setFilmStatus(db, filmId, "published", communicatorId);
    const res = await request(`/filmer/${filmId}/visning`, { method: "POST" });
    expect(res.status).toBe(204);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect((await request(`/filmer/999999/visning`, { method: "POST" })).status).toBe(404);
  });

  test("the local storage keeps uploads in the media folder where the tus file store writes them", () => {
    expect(storage).toBeInstanceOf(LocalStorage);
    expect((storage as LocalStorage).pathOf("uploads/abc")).toBe(path.join(getEnv().MEDIA_DIR, "uploads", "abc"));
  });
});

describe("the management page's forms", () => {
  let filmId: number;
  let cookie: string;
  beforeAll(async () => {
    filmId = (await arrived(webm, "Formulärfilm")).filmId;
    await process();
    cookie = await cookieFor(demo.communicator);
  });
  const multipart = (fields: Record<string, string | Blob>) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) {
      if (typeof v === "string") body.append(k, v);
      else body.append(k, v, "x.srt");
    }
    return { method: "POST", body, cookie };
  };

  test("a broken subtitle file is a 400 naming the field and the line, in the user's language, and nothing is saved", async () => {
    const bad = new Blob(["1\n00:00:02,000 --> 00:00:01,000\nBakvänt\n"]);
    const page = await request(`/kommunikator/filmer/${filmId}`, multipart({ intent: "subtitle", language: "sv", subtitleFile: bad }));
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain("Undertextfilen har ett fel på rad 2.");
    expect(html).toMatch(/<a href="#subtitleFile">[^<]*Undertextfil/);
    expect((await getFilm(db, filmId))!.subtitles).toEqual([]);
  });

  test("publishing with someone lacking film consent is a 400 that names her", async () => {
    await setFilmAmbassadors(db, filmId, [AMINA, 3], communicatorId); // 3: Yonas, no film consent
    const res = await request(`/kommunikator/filmer/${filmId}`, { method: "POST", body: new URLSearchParams({ intent: "status", status: "published" }), cookie });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Yonas Påhittad (demo) har inte gett samtycke");
    expect((await getFilm(db, filmId))!.status).toBe("draft");
  });

  test("a new film gets a title or a 400", async () => {
    const empty = await request(`/kommunikator/kampanjer/${campaignId}`, { method: "POST", body: new URLSearchParams({ intent: "film", "film-title": " " }), cookie });
    expect(empty.status).toBe(400);
    const made = await request(`/kommunikator/kampanjer/${campaignId}`, { method: "POST", body: new URLSearchParams({ intent: "film", "film-title": "Ny film" }), cookie });
    expect(made.status).toBe(302);
    expect(made.headers.get("Location")).toMatch(/^\/kommunikator\/filmer\/\d+\?skapad=1$/);
  });
});
