/**
 * Resumable film uploads (tus) through the production server, with the local store and with the S3
 * store against a real Ceph radosgw (S3 multipart uploads; required when REQUIRE_S3=1): only a
 * communicator (or admin) may start one and only she may continue it; the size limit is enforced
 * before any byte is stored; a server killed in the middle of an upload comes back and the same
 * upload completes with the same SHA-256; file names never become paths.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import * as tus from "tus-js-client";
import { openSqlite } from "#db/connection";
import { createStorage } from "#media/index";
import type { S3Storage } from "#media/s3-driver";

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

describe.each(drivers)("tus uploads with the %s store", (driver) => {
  const PORT = (driver === "s3" ? 4100 : 4000) + Math.floor(Math.random() * 90);
  const BASE = `http://127.0.0.1:${PORT}`;
  let server: ChildProcess | undefined;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  /** The stored bytes of a finished upload: a file of the file store, or the S3 object. */
  async function storedBytes(id: string) {
    if (driver === "local") return fs.readFileSync(path.join(dataDir, "tus", id));
    const storage = createStorage(s3Config!);
    const { body } = await storage.get(`uploads/${id}`);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
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

  function upload(data: Buffer, cookie: string, options: Partial<tus.UploadOptions> = {}) {
    return new tus.Upload(data, {
      endpoint: `${BASE}/uploads/tus`,
      chunkSize: 5 * MiB,
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
      MAX_UPLOAD_BYTES: String(64 * MiB),
      STORAGE_DRIVER: driver,
    };
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

  afterAll(() => {
    kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("only communicators and admins may start an upload; nobody else may continue hers", async () => {
    const anonymous = await fetch(`${BASE}/uploads/tus`, { method: "POST", headers: { "Tus-Resumable": "1.0.0", "Upload-Length": "10", Origin: BASE } });
    expect(anonymous.status).toBe(403);
    const school = await signIn("skola@demo.example");
    const staff = await fetch(`${BASE}/uploads/tus`, {
      method: "POST",
      headers: { "Tus-Resumable": "1.0.0", "Upload-Length": "10", Origin: BASE, Cookie: school },
    });
    expect(staff.status).toBe(403);

    const communicator = await signIn("kommunikator@demo.example");
    const created = await fetch(`${BASE}/uploads/tus`, {
      method: "POST",
      headers: { "Tus-Resumable": "1.0.0", "Upload-Length": "10", Origin: BASE, Cookie: communicator },
    });
    expect(created.status).toBe(201);
    const location = created.headers.get("location")!;
    expect(location).toMatch(/^\/uploads\/tus\/[0-9a-f]{32}$/);
    expect(created.headers.get("access-control-allow-origin")).toBeNull();
    const admin = await signIn("admin@demo.example");
    const other = await fetch(`${BASE}${location}`, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0", Cookie: admin } });
    expect(other.status).toBe(404);
    const own = await fetch(`${BASE}${location}`, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0", Cookie: communicator } });
    expect(own.status).toBe(200);
    expect(own.headers.get("upload-offset")).toBe("0");
    const foreign = await fetch(`${BASE}/uploads/tus`, {
      method: "POST",
      headers: { "Tus-Resumable": "1.0.0", "Upload-Length": "10", Origin: "https://evil.example", Cookie: communicator },
    });
    expect(foreign.status).toBe(403);
  });

  test("an upload over the limit is refused before a byte is stored", async () => {
    const communicator = await signIn("kommunikator@demo.example");
    const res = await fetch(`${BASE}/uploads/tus`, {
      method: "POST",
      headers: { "Tus-Resumable": "1.0.0", "Upload-Length": String(65 * MiB), Origin: BASE, Cookie: communicator },
    });
    expect(res.status).toBe(413);
  });

  test("the server killed mid-upload: after the restart the same upload completes, checksum equal; the name is only shown, cleaned", async () => {
    const communicator = await signIn("kommunikator@demo.example");
    const data = crypto.randomBytes(30 * MiB);
    let uploadUrl = "";
    let killedAt = 0;
    await new Promise<void>((resolve) => {
      const first = upload(data, communicator, {
        metadata: { filename: "../../etc/\u202Egpj.mp4" },
        onAfterResponse(_req, res) {
          // once two chunks are in, the server dies
          const offset = Number(res.getHeader("Upload-Offset") ?? 0);
          if (offset >= 10 * MiB && !killedAt) {
            killedAt = offset;
            kill();
          }
        },
        onUploadUrlAvailable() {
          uploadUrl = first.url!;
        },
        onError: () => resolve(),
        onSuccess: () => resolve(),
      });
      first.start();
    });
    expect(killedAt).toBeGreaterThanOrEqual(10 * MiB);
    expect(uploadUrl).toMatch(/\/uploads\/tus\/[0-9a-f]{32}$/);

    await start();
    const resumedFrom = await new Promise<number>((resolve, reject) => {
      let from = -1;
      const again = upload(data, communicator, {
        uploadUrl,
        onProgress(sent) {
          if (from < 0) from = sent;
        },
        onSuccess: () => resolve(from),
        onError: reject,
      });
      again.start();
    });
    expect(resumedFrom).toBeGreaterThanOrEqual(10 * MiB);

    const id = uploadUrl.split("/").pop()!;
    const stored = await storedBytes(id);
    expect(crypto.createHash("sha256").update(stored).digest("hex")).toBe(crypto.createHash("sha256").update(data).digest("hex"));
    const db = openSqlite(path.join(dataDir, "vagval.sqlite"));
    try {
      const row = await db
        .selectFrom("upload")
        .selectAll()
        .where("id", "=", driver === "s3" ? `uploads/${id}` : id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe("received");
      expect(row.declared_size).toBe(30 * MiB);
      expect(row.original_name).toBe("gpj.mp4");
      if (driver === "local") expect(fs.readdirSync(path.join(dataDir, "tus")).every((f) => /^[0-9a-f]{32}(\.json)?$/.test(f))).toBe(true);
    } finally {
      await db.destroy();
    }
  });
});
