/**
 * Films with the S3 driver against Ceph radosgw: a film stored where the tus S3 store leaves it is
 * processed (ffprobe and ffmpeg read it by a presigned URL), its poster variants land in the bucket;
 * playback serves byte ranges from S3 (206, suffix, 416); presigned URLs work, carry the type and
 * download name we chose, honour ranges and stop working when they expire; and a public film's
 * media route redirects to a presigned URL at S3_PUBLIC_ORIGIN when FILM_PRESIGNED_REDIRECT is on.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { createStorage } from "#media/index";
import type { S3Storage } from "#media/s3-driver";

const endpoint = process.env.S3_ENDPOINT;
if (!endpoint && process.env.REQUIRE_S3 === "1") throw new Error("REQUIRE_S3=1 but S3_ENDPOINT is not set (scripts/s3-up.sh)");
const bucket = `vagval-films-${crypto.randomBytes(4).toString("hex")}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-films-s3-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.runIf(!!endpoint)("films on S3 (radosgw)", () => {
  let storage: S3Storage;
  let webm: Buffer;
  let filmId: number;
  let key: string;

  beforeAll(async () => {
    Object.assign(process.env, {
      DATA_DIR: dir,
      NODE_ENV: "test",
      SESSION_SECRET: "films-s3-test-secret-films-s3-test-secret-01",
      STORAGE_DRIVER: "s3",
      S3_BUCKET: bucket,
      S3_PUBLIC_ORIGIN: endpoint,
      FILM_PRESIGNED_REDIRECT: "true",
      DEMO_MODE: "false",
      MAIL_TRANSPORT: "log",
    });
    delete process.env.DATABASE_FILE;
    storage = createStorage({ driver: "s3", endpoint, region: process.env.S3_REGION || "us-east-1", bucket, accessKeyId: process.env.S3_ACCESS_KEY_ID!, secretAccessKey: process.env.S3_SECRET_ACCESS_KEY! }) as S3Storage;
    await storage.client.send(new CreateBucketCommand({ Bucket: bucket }));
    const file = path.join(dir, "film.webm");
    execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=duration=5:size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:duration=5", "-c:v", "libvpx", "-b:v", "400k", "-c:a", "libvorbis", "-shortest", file]);
    webm = fs.readFileSync(file);

    const { migrateToLatest } = await import("#db/migrator");
    const { db } = await import("~/db.server");
    await migrateToLatest(db);
    const user = await db.insertInto("app_user").values({ email: "k@films.test", name: "K", role: "communicator", locale: "sv" }).returning("id").executeTakeFirstOrThrow();
    const campaign = await db
      .insertInto("campaign")
      .values({ title: "Kampanj", slug: "kampanj", thread: "Tråd", starts_on: "2026-01-01", ends_on: "2026-12-31", status: "published" })
      .returning("id")
      .executeTakeFirstOrThrow();
    filmId = (await db.insertInto("film").values({ campaign_id: campaign.id, title: "Filmen på S3", created_by_user_id: user.id }).returning("id").executeTakeFirstOrThrow()).id;
    // the bytes as the tus S3 store leaves them: uploads/<hex>, with its .info beside
    const uploadId = `uploads/${crypto.randomBytes(16).toString("hex")}`;
    await storage.put(uploadId, webm);
    await storage.put(`${uploadId}.info`, Buffer.from("{}"));
    await db.insertInto("upload").values({ id: uploadId, user_id: user.id, film_id: filmId, status: "received" }).execute();
    const { enqueueJob } = await import("~/jobs/queue.server");
    const jobId = await enqueueJob(db, "film.process", { filmId, uploadId });
    await db.updateTable("film").set({ processing: "processing", upload_id: uploadId, job_id: jobId }).where("id", "=", filmId).execute();
    key = uploadId;
  });

  test("processing reads the film from S3 by a presigned URL and stores the poster variants there", async () => {
    const { db } = await import("~/db.server");
    const { runDueJobs } = await import("~/jobs/queue.server");
    const { filmProcessor } = await import("~/films/process.server");
    expect(await runDueJobs(db, { "film.process": filmProcessor(db) })).toEqual({ done: 1, failed: 0 });
    const film = await db.selectFrom("film").selectAll().where("id", "=", filmId).executeTakeFirstOrThrow();
    expect([film.processing, film.key, film.content_type, film.width, film.height]).toEqual(["ready", key, "video/webm", 640, 360]);
    expect(film.duration_seconds).toBeGreaterThan(4.9);
    expect(film.sha256).toBe(crypto.createHash("sha256").update(webm).digest("hex"));
    const keys: string[] = [];
    for await (const entry of storage.list(`films/${filmId}/`)) keys.push(entry.key.split("/").pop()!);
    expect(keys.sort()).toEqual(["320.jpg", "320.webp", "640.jpg", "640.webp"]);
    expect(await storage.head(`${key}.info`)).toBeNull();
  });

  test("byte ranges are served from S3", async () => {
    const { serveObject } = await import("~/serve.server");
    const serve = (range?: string) =>
      serveObject(new Request("http://x/video", { headers: range ? { Range: range } : {} }), storage, key, { contentType: "video/webm", cacheControl: "public, no-cache" });
    const middle = Math.floor(webm.length / 2);
    const part = await serve(`bytes=${middle}-${middle + 65_535}`);
    expect(part.status).toBe(206);
    expect(part.headers.get("Content-Range")).toBe(`bytes ${middle}-${middle + 65_535}/${webm.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(webm.subarray(middle, middle + 65_536))).toBe(true);
    const tail = await serve("bytes=-500");
    expect(Buffer.from(await tail.arrayBuffer()).equals(webm.subarray(webm.length - 500))).toBe(true);
    expect((await serve(`bytes=${webm.length}-`)).status).toBe(416);
    const whole = await serve();
    expect(whole.headers.get("ETag")).toBeTruthy();
    expect(Buffer.from(await whole.arrayBuffer()).equals(webm)).toBe(true);
  });

  test("a presigned URL gives the bytes with our type and name, honours ranges, and expires", async () => {
    const url = await storage.presign(key, { expiresIn: 60, contentType: "video/webm", disposition: 'attachment; filename="filmen.webm"' });
    expect(url.startsWith(`${endpoint}/${bucket}/`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("video/webm");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="filmen.webm"');
    expect(Buffer.from(await res.arrayBuffer()).equals(webm)).toBe(true);
    const part = await fetch(url, { headers: { Range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(webm.subarray(100, 200))).toBe(true);
    const short = await storage.presign(key, { expiresIn: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    const expired = await fetch(short);
    expect(expired.status).toBe(403);
    await expired.arrayBuffer();
  });

  test("a public film's media route redirects to a short-lived presigned URL; an unpublished one is a 404", async () => {
    const { db } = await import("~/db.server");
    const route = await import("~/routes/media.filmer.$id.video");
    const call = (search = "") => route.loader({ request: new Request(`http://localhost/media/filmer/${filmId}/video${search}`), params: { id: String(filmId) }, context: {} });
    await expect(call()).rejects.toMatchObject({ status: 404 });
    await db.updateTable("film").set({ status: "published" }).where("id", "=", filmId).execute();
    const res = (await call("?ladda-ner")) as Response;
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    expect(location.startsWith(`${endpoint}/${bucket}/`)).toBe(true);
    expect(new URL(location).searchParams.get("X-Amz-Expires")).toBe("600");
    const followed = await fetch(location);
    expect(followed.headers.get("Content-Disposition")).toBe('attachment; filename="filmen-pa-s3.webm"');
    expect(Buffer.from(await followed.arrayBuffer()).equals(webm)).toBe(true);
  });
});
