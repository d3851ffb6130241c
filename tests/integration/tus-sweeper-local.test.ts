/**
 * The sweeper with the local file store: an unfinished upload older than UPLOAD_EXPIRY_SECONDS is
 * deleted and its row marked expired; a finished upload in the same folder is left alone (the file
 * store's own cleanup would delete it too, so the app removes exactly the unfinished ones).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-sweep-local-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a stale unfinished upload is deleted and forgotten; a finished one stays", async () => {
  Object.assign(process.env, {
    DATA_DIR: dir,
    NODE_ENV: "test",
    SESSION_SECRET: "sweeper-test-secret-sweeper-test-secret-0123",
    STORAGE_DRIVER: "local",
    UPLOAD_EXPIRY_SECONDS: "2",
    DEMO_MODE: "false",
  });
  delete process.env.DATABASE_FILE;
  const { migrateToLatest } = await import("#db/migrator");
  const { db } = await import("~/db.server");
  await migrateToLatest(db);
  const user = await db
    .insertInto("app_user")
    .values({ email: "k@sweep.test", name: "K", role: "communicator", locale: "sv" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { tusServer, sweepUploads } = await import("~/films/tus.server");
  const { Upload } = await import("@tus/utils");
  const store = tusServer().datastore;
  const stale = new Upload({ id: crypto.randomBytes(16).toString("hex"), size: 4096, offset: 0, metadata: {}, creation_date: new Date().toISOString() });
  const done = new Upload({ id: crypto.randomBytes(16).toString("hex"), size: 1024, offset: 0, metadata: {}, creation_date: new Date().toISOString() });
  for (const [u, n] of [
    [stale, 1000],
    [done, 1024],
  ] as const) {
    await store.create(u);
    await store.write(Readable.from(crypto.randomBytes(n)), u.id, 0);
  }
  const old = new Date(Date.now() - 60_000).toISOString();
  await db
    .insertInto("upload")
    .values([
      { id: stale.id, user_id: user.id, declared_size: 4096, status: "uploading", created_at: old },
      { id: done.id, user_id: user.id, declared_size: 1024, status: "received", created_at: old },
    ])
    .execute();
  expect(await sweepUploads()).toEqual({ removed: 1, expired: 1 });
  const files = fs.readdirSync(path.join(dir, "tus"));
  expect(files.filter((f) => f.startsWith(stale.id))).toEqual([]);
  expect(files).toContain(done.id);
  await db.destroy();
});
