/**
 * The sweeper of abandoned uploads, in-process against the same stores the server uses: an upload
 * that was started and never finished is removed once it is older than UPLOAD_EXPIRY_SECONDS —
 * with the S3 store (Ceph radosgw) its multipart upload is aborted and its .info/.part objects
 * deleted — and its row is marked expired; a finished upload is left alone.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, HeadBucketCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { createStorage } from "#media/index";
import type { S3Storage } from "#media/s3-driver";

const s3Config = process.env.S3_ENDPOINT
  ? {
      driver: "s3" as const,
      endpoint: process.env.S3_ENDPOINT,
      region: process.env.S3_REGION || "us-east-1",
      bucket: `vagval-sweep-${crypto.randomBytes(4).toString("hex")}`,
      accessKeyId: process.env.S3_ACCESS_KEY_ID!,
      secretAccessKey: process.env.S3_SECRET_ACCESS_KEY!,
    }
  : undefined;
if (!s3Config && process.env.REQUIRE_S3 === "1") throw new Error("REQUIRE_S3=1 but S3_ENDPOINT is not set (scripts/s3-up.sh)");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-sweep-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.runIf(!!s3Config)("the upload sweeper with the S3 store", () => {
  test("a stale unfinished upload is aborted and forgotten; a finished one stays", async () => {
    Object.assign(process.env, {
      DATA_DIR: dir,
      NODE_ENV: "test",
      SESSION_SECRET: "sweeper-test-secret-sweeper-test-secret-0123",
      STORAGE_DRIVER: "s3",
      S3_BUCKET: s3Config!.bucket,
      UPLOAD_EXPIRY_SECONDS: "2",
      DEMO_MODE: "false",
    });
    delete process.env.DATABASE_FILE;
    const storage = createStorage(s3Config!) as S3Storage;
    await storage.client
      .send(new CreateBucketCommand({ Bucket: s3Config!.bucket }))
      .catch(async () => storage.client.send(new HeadBucketCommand({ Bucket: s3Config!.bucket })));
    const { migrateToLatest } = await import("#db/migrator");
    const { db } = await import("~/db.server");
    await migrateToLatest(db);
    const user = await db
      .insertInto("app_user")
      .values({ email: "k@sweep.test", name: "K", role: "communicator", locale: "sv" })
      .returning("id")
      .executeTakeFirstOrThrow();
    // every upload is for a film (of a campaign)
    const campaign = await db
      .insertInto("campaign")
      .values({ title: "Kampanj", slug: "sweep", thread: "Tråd", starts_on: "2026-01-01", ends_on: "2026-12-31" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const film = await db.insertInto("film").values({ campaign_id: campaign.id, title: "Film" }).returning("id").executeTakeFirstOrThrow();
    const { tusServer, sweepUploads } = await import("~/films/tus.server");
    const store = tusServer().datastore;
    const { Upload } = await import("@tus/utils");
    const { Readable } = await import("node:stream");

    // one upload left half-way (a 5 MiB part of 12 MiB), one finished
    const stale = new Upload({
      id: "uploads/" + crypto.randomBytes(16).toString("hex"),
      size: 12 * 1024 * 1024,
      offset: 0,
      metadata: {},
      creation_date: new Date().toISOString(),
    });
    await store.create(stale);
    await store.write(Readable.from(crypto.randomBytes(5 * 1024 * 1024)), stale.id, 0);
    const done = new Upload({
      id: "uploads/" + crypto.randomBytes(16).toString("hex"),
      size: 1024,
      offset: 0,
      metadata: {},
      creation_date: new Date().toISOString(),
    });
    await store.create(done);
    await store.write(Readable.from(crypto.randomBytes(1024)), done.id, 0);
    await db
      .insertInto("upload")
      .values([
        { id: stale.id, user_id: user.id, film_id: film.id, declared_size: stale.size!, status: "uploading", created_at: new Date(Date.now() - 60_000).toISOString() },
        { id: done.id, user_id: user.id, film_id: film.id, declared_size: 1024, status: "received", created_at: new Date(Date.now() - 60_000).toISOString() },
      ])
      .execute();
    const pending = await storage.client.send(new ListMultipartUploadsCommand({ Bucket: s3Config!.bucket }));
    expect(pending.Uploads?.map((u) => u.Key)).toContain(stale.id);

    await new Promise((r) => setTimeout(r, 2500));
    const result = await sweepUploads();
    expect(result.removed).toBeGreaterThanOrEqual(1);
    expect(result.expired).toBe(1);
    const after = await storage.client.send(new ListMultipartUploadsCommand({ Bucket: s3Config!.bucket }));
    expect(after.Uploads?.map((u) => u.Key) ?? []).not.toContain(stale.id);
    const objects = (await storage.client.send(new ListObjectsV2Command({ Bucket: s3Config!.bucket }))).Contents?.map((o) => o.Key) ?? [];
    expect(objects.filter((k) => k!.startsWith(stale.id))).toEqual([]);
    expect(objects).toContain(done.id);
    const rows = await db.selectFrom("upload").select(["id", "status"]).orderBy("created_at").execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [stale.id]: "expired", [done.id]: "received" });
    await db.destroy();
  });
});
