/**
 * Resumable uploads of campaign films by the tus protocol (@tus/server with its file store, or its
 * S3 store writing S3 multipart uploads). Mounted by server.js before the general body limit, at
 * /uploads/tus. Only communicators and admins may upload; only the person who started an upload may
 * continue it; ids are random and never come from the file name; the size limit is
 * MAX_UPLOAD_BYTES (4 GiB by default). Every upload is for a film (metadata "film"); when it has
 * arrived, the film is queued for processing, where its content is checked by its bytes. Both
 * stores keep the bytes under the media key uploads/<hex> (the file store in MEDIA_DIR/uploads), so
 * processing and playback read them through the media storage. See docs/research/tus-uploads.md.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { FileStore } from "@tus/file-store";
import { S3Store } from "@tus/s3-store";
import { Server } from "@tus/server";
import { nowIso } from "#db/adapter";
import { getUser } from "~/auth.server";
import { enqueueJob } from "~/jobs/queue.server";
import { db } from "~/db.server";
import { getEnv } from "~/env.server";

export const TUS_PATH = "/uploads/tus";
const ID = /^[0-9a-f]{32}$/;

/** A name to show, never to store under: no folders, no direction controls or other control characters. */
export function displayName(name: unknown) {
  if (typeof name !== "string") return null;
  const cleaned = name
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .trim()
    .slice(0, 200);
  return cleaned && cleaned !== "." && cleaned !== ".." ? cleaned : null;
}

function createTus() {
  const env = getEnv();
  // unfinished uploads are cleaned up this long after they were started (UPLOAD_EXPIRY_SECONDS, a week)
  const UPLOAD_EXPIRY_MS = env.UPLOAD_EXPIRY_SECONDS * 1000;
  const s3 = env.STORAGE_DRIVER === "s3";
  const datastore = s3
    ? new S3Store({
        partSize: 16 * 1024 * 1024,
        expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS,
        s3ClientConfig: {
          bucket: env.S3_BUCKET!,
          region: env.S3_REGION,
          endpoint: env.S3_ENDPOINT,
          credentials: { accessKeyId: env.S3_ACCESS_KEY_ID!, secretAccessKey: env.S3_SECRET_ACCESS_KEY! },
          forcePathStyle: true,
          // radosgw refuses the SDK's streamed checksums (MissingContentLength)
          requestChecksumCalculation: "WHEN_REQUIRED",
          responseChecksumValidation: "WHEN_REQUIRED",
        },
      })
    : new FileStore({ directory: localUploadDir(), expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
  const prefix = s3 ? "uploads/" : "";
  const forbidden = { status_code: 403, body: "Forbidden\n" };
  const notFound = { status_code: 404, body: "Not found\n" };
  const badFilm = { status_code: 400, body: "Unknown film or film being processed\n" };
  return new Server({
    path: TUS_PATH,
    datastore,
    maxSize: env.MAX_UPLOAD_BYTES,
    relativeLocation: true,
    // same origin only: never send Access-Control-Allow-Origin
    allowedOrigins: [],
    namingFunction: () => prefix + crypto.randomBytes(16).toString("hex"),
    generateUrl: (_req, { path: p, id }) => `${p}/${id.slice(prefix.length)}`,
    getFileIdFromRequest: (_req, last) => (last && ID.test(last) ? prefix + last : undefined),
    async onIncomingRequest(req, id) {
      const user = await getUser(req);
      if (!user || !["communicator", "admin"].includes(user.role)) throw forbidden;
      if (req.method === "POST") return;
      const row = await db.selectFrom("upload").select("user_id").where("id", "=", id).executeTakeFirst();
      if (!row || row.user_id !== user.id) throw notFound;
    },
    async onUploadCreate(req, upload) {
      const user = (await getUser(req))!;
      const filmId = Number(upload.metadata?.film);
      const film = Number.isInteger(filmId)
        ? await db.selectFrom("film").select(["id", "processing"]).where("id", "=", filmId).executeTakeFirst()
        : undefined;
      if (!film || film.processing === "processing") throw badFilm;
      await db
        .insertInto("upload")
        .values({ id: upload.id, user_id: user.id, film_id: film.id, original_name: displayName(upload.metadata?.filename), declared_size: upload.size ?? null })
        .execute();
      // the stored object's headers never come from the client
      return { metadata: { ...upload.metadata, contentType: "application/octet-stream" } };
    },
    async onUploadFinish(_req, upload) {
      await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom("upload").select(["film_id", "original_name"]).where("id", "=", upload.id).executeTakeFirstOrThrow();
        await trx.updateTable("upload").set({ status: "received", finished_at: nowIso() }).where("id", "=", upload.id).execute();
        if (row.film_id === null) return;
        const jobId = await enqueueJob(trx, "film.process", { filmId: row.film_id, uploadId: upload.id });
        await trx
          .updateTable("film")
          .set({ processing: "processing", upload_id: upload.id, job_id: jobId, original_name: row.original_name, error_key: null, error_detail: null, updated_at: nowIso() })
          .where("id", "=", row.film_id)
          .execute();
      });
      return {};
    },
  });
}

/** The file store's folder: inside the local media storage, so a finished upload is the media object uploads/<hex>. */
export function localUploadDir() {
  return path.join(getEnv().MEDIA_DIR, "uploads");
}

/** The media key of an upload's bytes (both stores). */
export const uploadKey = (uploadId: string) => (uploadId.startsWith("uploads/") ? uploadId : `uploads/${uploadId}`);

const g = globalThis as unknown as { __vagvalTus?: Server };
export function tusServer() {
  return (g.__vagvalTus ??= createTus());
}

/**
 * The sweeper (hourly): unfinished uploads older than the expiry are removed from the store — with S3
 * their multipart uploads are aborted and their .info/.part objects deleted; the file store deletes
 * its files — and their rows are marked expired.
 */
export async function sweepUploads() {
  const env = getEnv();
  const before = new Date(Date.now() - env.UPLOAD_EXPIRY_SECONDS * 1000).toISOString();
  const stale = await db.selectFrom("upload").select("id").where("status", "=", "uploading").where("created_at", "<", before).execute();
  let removed = 0;
  if (env.STORAGE_DRIVER === "s3") removed = await tusServer().cleanUpExpiredUploads();
  else
    // the file store's own cleanup would also delete finished uploads still in its folder: remove
    // exactly the unfinished ones we know of instead
    for (const { id } of stale) {
      if (!ID.test(id)) continue;
      for (const file of [id, `${id}.json`]) await fs.rm(path.join(localUploadDir(), file), { force: true });
      removed++;
    }
  const expired = await db.updateTable("upload").set({ status: "expired", finished_at: nowIso() }).where("id", "in", stale.length ? stale.map((s) => s.id) : ["-"]).where("status", "=", "uploading").executeTakeFirst();
  return { removed, expired: Number(expired.numUpdatedRows) };
}

/** For server.js: handles every request under TUS_PATH. */
export function handleTus(req: IncomingMessage, res: ServerResponse) {
  return tusServer().handle(req, res);
}
