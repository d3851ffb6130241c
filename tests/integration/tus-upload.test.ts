/**
 * Resumable film uploads (tus) through the production server, with the local store and with the S3
 * store against a real Ceph radosgw (S3 multipart uploads; required when REQUIRE_S3=1): only a
 * communicator (or admin) may start one and only she may continue it; every upload is for an
 * existing film that is not being processed (metadata "film"), otherwise 400; the size limit is
 * enforced before any byte is stored; a server killed in the middle of an upload (with S3: 200 MiB,
 * killed mid-PATCH) comes back and the same upload completes with the same SHA-256; file names never
 * become paths; a finished upload marks the film "processing" and queues its "film.process" job.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { CreateBucketCommand, DeleteObjectsCommand, HeadBucketCommand, ListMultipartUploadsCommand, ListPartsCommand } from "@aws-sdk/client-s3";
import * as tus from "tus-js-client";
import { openSqlite } from "#db/connection";
import { createStorage } from "#media/index";
import type { S3Storage } from "#media/s3-driver";
import { sha256Of } from "./helpers/streams";

const MiB = 1024 * 1024;
const s3Config = process.env.S3_ENDPOINT
  ? {
      driver: "s3" as const,
      endpoint: process.env.S3_ENDPOINT,
      region: process.env.S3_REGION || "us-east-1",
      bucket: process.env.S3_BUCKET || "vagval-test",
      accessKeyId: process.env.S3_ACCESS_KEY_ID!,
      secretAccessKey: process.env.S3_SECRET_ACCESS_KEY!,
    }
  : undefined;
if (!s3Config && process.env.REQUIRE_S3 === "1") throw new Error("REQUIRE_S3=1 but S3_ENDPOINT is not set (scripts/s3-up.sh)");
const drivers = s3Config ? (["local", "s3"] as const) : (["local"] as const);

/** Upload-Metadata: comma-separated "key base64(value)" pairs. */
const tusMetadata = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`)
    .join(",");

/**
 * tus-js-client's Node HTTP stack, except that the PATCH starting at `offset` sends only its first
 * `bytes` bytes (with the full Content-Length) and then keeps the connection open, so the server can
 * be killed in the middle of a PATCH at a known point.
 */
class StallingStack implements tus.HttpStack {
  private inner = new tus.DefaultHttpStack({});
  constructor(
    private offset: number,
    private bytes: number,
    private onStall: () => void,
  ) {}
  createRequest(method: string, url: string) {
    const req = this.inner.createRequest(method, url);
    const send = req.send.bind(req);
    req.send = (body: unknown) => {
      if (method !== "PATCH" || req.getHeader("Upload-Offset") !== String(this.offset) || !(body instanceof Uint8Array)) return send(body);
      req.setHeader("Content-Length", String(body.length));
      const stream = new Readable({ read() {} }); // never ends
      stream.push(Buffer.from(body.subarray(0, this.bytes)));
      this.onStall();
      return send(stream);
    };
    return req;
  }
  getName() {
    return "stalling";
  }
}

describe.each(drivers)("tus uploads with the %s store", (driver) => {
  const PORT = (driver === "s3" ? 4100 : 4000) + Math.floor(Math.random() * 90);
  const BASE = `http://127.0.0.1:${PORT}`;
  // the S3 store gets the 200 MB (in 64 MiB PATCHes, a multiple of its 16 MiB parts); the
  // file store 30 MiB in 5 MiB PATCHes
  const SIZE = driver === "s3" ? 200 * MiB : 30 * MiB;
  const CHUNK = driver === "s3" ? 64 * MiB : 5 * MiB;
  const LIMIT = driver === "s3" ? 256 * MiB : 64 * MiB;
  let server: ChildProcess | undefined;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const storedKeys: string[] = [];

  const database = () => openSqlite(path.join(dataDir, "vagval.sqlite"));
  const dbId = (hex: string) => (driver === "s3" ? `uploads/${hex}` : hex);

  /** SHA-256 and size of a finished upload's stored bytes: a file in MEDIA_DIR/uploads, or the S3 object uploads/<hex>. */
  async function storedSha256(hex: string) {
    if (driver === "local") return sha256Of(fs.createReadStream(path.join(dataDir, "media", "uploads", hex)));
    const { body } = await createStorage(s3Config!).get(`uploads/${hex}`);
    return sha256Of(body);
  }

  /** How many bytes of an unfinished upload the store holds: the file's size, or the sum of the multipart upload's parts. */
  async function storedSoFar(hex: string) {
    if (driver === "local") return fs.statSync(path.join(dataDir, "media", "uploads", hex), { throwIfNoEntry: false })?.size ?? 0;
    const { client, bucket } = createStorage(s3Config!) as S3Storage;
    const key = `uploads/${hex}`;
    const pending = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }));
    const uploadId = pending.Uploads?.find((u) => u.Key === key)?.UploadId;
    if (!uploadId) return 0;
    const parts = await client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    return (parts.Parts ?? []).reduce((n, p) => n + (p.Size ?? 0), 0);
  }

  /** A campaign with a film in it, straight into the database; returns the film's id. */
  async function newFilm(title = "Film") {
    const db = database();
    try {
      const campaign = await db
        .insertInto("campaign")
        .values({ title: `Kampanj ${title}`, slug: `tus-${crypto.randomBytes(6).toString("hex")}`, thread: "Industrin är framtiden", starts_on: "2026-01-01", ends_on: "2026-12-31" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const film = await db.insertInto("film").values({ campaign_id: campaign.id, title }).returning("id").executeTakeFirstOrThrow();
      return film.id;
    } finally {
      await db.destroy();
    }
  }

  async function start() {
    server = spawn("node", ["server.js"], { env: { ...env, PORT: String(PORT), VAGVAL_NO_WORKERS: "1" }, stdio: "ignore" });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${BASE}/healthz`)).ok) return;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("server did not start");
  }
  function kill() {
    server?.kill("SIGKILL");
    server = undefined;
  }

  async function signIn(email: string) {
    const res = await fetch(`${BASE}/logga-in`, {
      method: "POST",
      body: new URLSearchParams({ email, password: "vagval-demo" }),
      headers: { Origin: BASE },
      redirect: "manual",
    });
    const cookie = res.headers.get("set-cookie")?.split(";")[0];
    if (!cookie) throw new Error(`no session for ${email}: ${res.status}`);
    return cookie;
  }

  /** A bare tus creation request (POST) with the given length, metadata and session. */
  const create = (cookie: string | undefined, length: number, metadata?: Record<string, string>, origin = BASE) =>
    fetch(`${BASE}/uploads/tus`, {
      method: "POST",
      headers: {
        "Tus-Resumable": "1.0.0",
        "Upload-Length": String(length),
        Origin: origin,
        ...(cookie ? { Cookie: cookie } : {}),
        ...(metadata ? { "Upload-Metadata": tusMetadata(metadata) } : {}),
      },
    });

  function upload(data: Buffer, cookie: string, options: Partial<tus.UploadOptions> = {}) {
    return new tus.Upload(data, {
      endpoint: `${BASE}/uploads/tus`,
      chunkSize: CHUNK,
      retryDelays: [],
      headers: { Cookie: cookie, Origin: BASE },
      metadata: { filename: "film.mp4" },
      ...options,
    });
  }

  beforeAll(async () => {
    if (!fs.existsSync("build/index.js")) execFileSync("npx", ["remix", "build"], { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-tus-"));
    env = {
      ...process.env,
      DATA_DIR: dataDir,
      DEMO_MODE: "true",
      NODE_ENV: "production",
      INSECURE_COOKIES: "true",
      MAX_UPLOAD_BYTES: String(LIMIT),
      STORAGE_DRIVER: driver,
    };
    delete env.DATABASE_FILE;
    if (driver === "s3") {
      Object.assign(env, { S3_BUCKET: s3Config!.bucket });
      const storage = createStorage(s3Config!) as S3Storage;
      try {
        await storage.client.send(new HeadBucketCommand({ Bucket: storage.bucket }));
      } catch {
        await storage.client.send(new CreateBucketCommand({ Bucket: storage.bucket }));
      }
    }
    execFileSync("npx", ["tsx", "db/migrate.ts"], { env, stdio: "ignore" });
    execFileSync("npx", ["tsx", "db/seed.ts"], { env, stdio: "ignore" });
    await start();
  });

  afterAll(async () => {
    kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (driver === "s3" && storedKeys.length) {
      // radosgw's in-memory OSD holds 4 GiB and frees multipart data only by its garbage collector:
      // remove what this test stored and collect now, so later tests have room
      const storage = createStorage(s3Config!) as S3Storage;
      await storage.client.send(new DeleteObjectsCommand({ Bucket: storage.bucket, Delete: { Objects: storedKeys.flatMap((k) => [{ Key: k }, { Key: `${k}.info` }]) } }));
      const conf = process.env.RGW_STATE_DIR && path.join(process.env.RGW_STATE_DIR, "ceph.conf");
      if (conf && fs.existsSync(conf)) execFileSync("radosgw-admin", ["-c", conf, "gc", "process", "--include-all"], { stdio: "ignore", timeout: 60_000 });
    }
  });

  test("only communicators and admins may start an upload; nobody else may continue hers", async () => {
    const film = await newFilm("Behörighet");
    expect((await create(undefined, 10, { film: String(film) })).status).toBe(403);
    const school = await signIn("skola@demo.example");
    expect((await create(school, 10, { film: String(film) })).status).toBe(403);

    const communicator = await signIn("kommunikator@demo.example");
    const created = await create(communicator, 10, { film: String(film), filename: "a.mp4" });
    expect(created.status).toBe(201);
    const location = created.headers.get("location")!;
    expect(location).toMatch(/^\/uploads\/tus\/[0-9a-f]{32}$/);
    expect(created.headers.get("access-control-allow-origin")).toBeNull();
    const admin = await signIn("admin@demo.example");
    const other = await fetch(`${BASE}${location}`, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0", Cookie: admin } });
    expect(other.status).toBe(404);
    const otherPatch = await fetch(`${BASE}${location}`, {
      method: "PATCH",
      body: Buffer.alloc(10, 1),
      headers: { "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream", Origin: BASE, Cookie: admin },
    });
    expect(otherPatch.status).toBe(404);
    const own = await fetch(`${BASE}${location}`, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0", Cookie: communicator } });
    expect(own.status).toBe(200);
    expect(own.headers.get("upload-offset")).toBe("0");
    expect((await create(communicator, 10, { film: String(film) }, "https://evil.example")).status).toBe(403);

    // the row knows its film; the film is untouched until the upload has arrived
    const db = database();
    try {
      const row = await db.selectFrom("upload").select(["film_id", "status"]).where("id", "=", dbId(location.split("/").pop()!)).executeTakeFirstOrThrow();
      expect(row).toEqual({ film_id: film, status: "uploading" });
      expect((await db.selectFrom("film").select("processing").where("id", "=", film).executeTakeFirstOrThrow()).processing).toBe("none");
    } finally {
      await db.destroy();
    }
  });

  test("an upload must be for an existing film: without one, or for an unknown film, 400 and nothing stored", async () => {
    const communicator = await signIn("kommunikator@demo.example");
    const db = database();
    try {
      const rowsBefore = (await db.selectFrom("upload").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
      expect((await create(communicator, 10)).status).toBe(400);
      expect((await create(communicator, 10, { filename: "film.mp4" })).status).toBe(400);
      expect((await create(communicator, 10, { film: "999999", filename: "film.mp4" })).status).toBe(400);
      expect((await create(communicator, 10, { film: "abc" })).status).toBe(400);
      expect((await create(communicator, 10, { film: "" })).status).toBe(400);
      // tus-js-client gets the same answer
      const refused = await new Promise<number>((resolve) => {
        const u = upload(Buffer.alloc(1024), communicator, {
          metadata: { filename: "film.mp4", film: "999999" },
          onError: (error) => resolve((error as tus.DetailedError).originalResponse?.getStatus() ?? 0),
          onSuccess: () => resolve(201),
        });
        u.start();
      });
      expect(refused).toBe(400);
      const rowsAfter = (await db.selectFrom("upload").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
      expect(rowsAfter).toBe(rowsBefore);
    } finally {
      await db.destroy();
    }
  });

  test("an upload over the limit is refused before a byte is stored", async () => {
    const communicator = await signIn("kommunikator@demo.example");
    const film = await newFilm("För stor");
    expect((await create(communicator, LIMIT + MiB, { film: String(film) })).status).toBe(413);
  });

  test(`the server killed mid-PATCH of ${SIZE / MiB} MiB: after the restart the same upload completes from where the bytes stopped, checksum equal; the film is queued for processing`, async () => {
    const communicator = await signIn("kommunikator@demo.example");
    const film = await newFilm("Avbruten");
    const data = crypto.randomBytes(SIZE);
    const expectedSha = crypto.createHash("sha256").update(data).digest("hex");
    // The PATCH from this offset (the second with S3, the third with the file store) sends half its
    // bytes and one more, then holds the connection open; once the server has stored them (with S3:
    // two more whole 16 MiB parts; the extra byte waits in an unfinished part), it is killed.
    const cutAt = driver === "s3" ? CHUNK : 2 * CHUNK;
    const sent = CHUNK / 2 + 1;
    const arrived = driver === "s3" ? cutAt + CHUNK / 2 : cutAt + sent;
    let uploadUrl = "";
    let stalled!: () => void;
    const stalledAt = new Promise<void>((resolve) => (stalled = resolve));
    const firstError = new Promise<Error | undefined>((resolve) => {
      const first = upload(data, communicator, {
        metadata: { filename: "../../etc/\u202Egpj.mp4", film: String(film) },
        httpStack: new StallingStack(cutAt, sent, stalled),
        onUploadUrlAvailable() {
          uploadUrl = first.url!;
        },
        onError: (error) => resolve(error),
        onSuccess: () => resolve(undefined),
      });
      first.start();
    });
    await stalledAt;
    const hex = uploadUrl.split("/").pop()!;
    expect(hex).toMatch(/^[0-9a-f]{32}$/);
    if (driver === "s3") storedKeys.push(`uploads/${hex}`);
    for (let i = 0; (await storedSoFar(hex)) < arrived; i++) {
      if (i > 300) throw new Error(`the server did not store ${arrived} bytes (has ${await storedSoFar(hex)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    kill();
    expect(await firstError).toBeDefined(); // the connection died with the server

    await start();
    // only the starter may continue it, also after the restart
    const admin = await signIn("admin@demo.example");
    expect((await fetch(`${BASE}/uploads/tus/${hex}`, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0", Cookie: admin } })).status).toBe(404);
    const resumedFrom = await new Promise<number>((resolve, reject) => {
      let from = -1;
      const again = upload(data, communicator, {
        uploadUrl,
        onAfterResponse(req, res) {
          if (req.getMethod() === "HEAD") from = Number(res.getHeader("Upload-Offset"));
        },
        onSuccess: () => resolve(from),
        onError: reject,
      });
      again.start();
    });
    // what had been stored before the kill was kept, also from the PATCH that was cut off: with the
    // file store every byte, with S3 the whole parts (the byte in the unfinished part is sent again)
    expect(resumedFrom).toBe(arrived);

    const stored = await storedSha256(hex);
    expect(stored.bytes).toBe(SIZE);
    expect(stored.sha256).toBe(expectedSha);
    const db = database();
    try {
      const row = await db.selectFrom("upload").selectAll().where("id", "=", dbId(hex)).executeTakeFirstOrThrow();
      expect(row.status).toBe("received");
      expect(row.declared_size).toBe(SIZE);
      expect(row.film_id).toBe(film);
      expect(row.original_name).toBe("gpj.mp4");
      const filmRow = await db.selectFrom("film").selectAll().where("id", "=", film).executeTakeFirstOrThrow();
      expect(filmRow.processing).toBe("processing");
      expect(filmRow.upload_id).toBe(dbId(hex));
      expect(filmRow.original_name).toBe("gpj.mp4");
      const job = await db.selectFrom("job").selectAll().where("id", "=", filmRow.job_id!).executeTakeFirstOrThrow();
      expect(job.kind).toBe("film.process");
      expect(job.status).toBe("queued");
      expect(JSON.parse(job.payload_json)).toMatchObject({ filmId: film, uploadId: dbId(hex) });
      if (driver === "local") expect(fs.readdirSync(path.join(dataDir, "media", "uploads")).every((f) => /^[0-9a-f]{32}(\.json)?$/.test(f))).toBe(true);
    } finally {
      await db.destroy();
    }

    // a film being processed takes no new upload
    expect((await create(communicator, 10, { film: String(film), filename: "igen.mp4" })).status).toBe(400);
  });
});
