/**
 * The sweeper with the local file store: an unfinished upload older than UPLOAD_EXPIRY_SECONDS is
 * deleted and its row marked expired; a finished upload in the same folder is left alone (the file
 * store's own cleanup would delete it too, so the app removes exactly the unfinished ones). The
 * store's folder is MEDIA_DIR/uploads, so a finished upload is the media object uploads/<hex>.
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
  // every upload is for a film (of a campaign)
  const campaign = await db
    .insertInto("campaign")
    .values({ title: "Kampanj", slug: "sweep", thread: "Tråd", starts_on: "2026-01-01", ends_on: "2026-12-31" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const film = await db.insertInto("film").values({ campaign_id: campaign.id, title: "Film" }).returning("id").executeTakeFirstOrThrow();
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
      { id: stale.id, user_id: user.id, film_id: film.id, declared_size: 4096, status: "uploading", created_at: old },
      { id: done.id, user_id: user.id, film_id: film.id, declared_size: 1024, status: "received", created_at: old },
    ])
    .execute();
  expect(await sweepUploads()).toEqual({ removed: 1, expired: 1 });
  // the file store's folder is inside the local media storage: DATA_DIR/media/uploads
  const files = fs.readdirSync(path.join(dir, "media", "uploads"));
  expect(files.filter((f) => f.startsWith(stale.id))).toEqual([]);
  expect(files).toContain(done.id);
  await db.destroy();
});
