/**
 * Processing an uploaded film (job "film.process", restart-safe in the job queue): the bytes decide
 * whether it is a film (MP4 or WebM, by file-type; anything else is refused and deleted), a SHA-256
 * of the original, ffprobe for duration, size and codecs, and a poster frame by ffmpeg turned into
 * WebP/JPEG variants. A film that cannot be used fails with a reason the communicator sees; a
 * storage that cannot be reached makes the job try again later (the film stays "processing").
 */
import crypto from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { nowIso } from "#db/adapter";
import { LocalStorage, S3Storage, type MediaStorage } from "#media/index";
import type { DB } from "~/db.server";
import { PoolError } from "~/errors";
import { enqueueJob, type JobHandler } from "~/jobs/queue.server";
import { getStorage } from "~/storage.server";
import { setPoster } from "./films.server";
import { ffmpegAvailable, posterFrame, probeFilm, ProbeError } from "./probe.server";
import { uploadKey } from "./tus.server";

const FILM_TYPES = new Map([
  ["video/mp4", "mp4"],
  ["video/webm", "webm"],
]);

/** Why a film cannot be used: shown to the communicator, the job itself is done. */
class Refused extends Error {
  constructor(
    readonly key: string,
    readonly detail?: string,
  ) {
    super(key);
  }
}

async function sniff(storage: MediaStorage, key: string, size: number) {
  const head = await storage.get(key, { start: 0, end: Math.min(size, 4100) - 1 });
  const chunks: Buffer[] = [];
  for await (const chunk of head.body) chunks.push(chunk as Buffer);
  return fileTypeFromBuffer(Buffer.concat(chunks));
}

async function checksum(storage: MediaStorage, key: string) {
  const hash = crypto.createHash("sha256");
  const object = await storage.get(key);
  for await (const chunk of object.body) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Where ffprobe and ffmpeg read the film: its file, or a presigned URL valid for an hour. */
async function readableBy(storage: MediaStorage, key: string) {
  if (storage instanceof LocalStorage) return storage.pathOf(key);
  if (storage instanceof S3Storage) return storage.presign(key, { expiresIn: 3600 });
  throw new Error("unknown storage driver");
}

/** With S3 the tus store keeps an .info object beside the film; once processed it is not needed. */
async function dropUploadInfo(storage: MediaStorage, key: string) {
  await storage.delete(`${key}.info`).catch(() => undefined);
}

export function filmProcessor(db: DB, storage: MediaStorage = getStorage()): JobHandler {
  return async (payload) => {
    const filmId = Number(payload.filmId);
    const uploadId = String(payload.uploadId);
    const film = await db.selectFrom("film").select(["id", "upload_id", "poster_source"]).where("id", "=", filmId).executeTakeFirst();
    // a newer upload replaced this one, or the film is gone: nothing to do
    if (!film || film.upload_id !== uploadId) return;
    const key = uploadKey(uploadId);
    try {
      const head = await storage.head(key);
      if (!head) throw new Refused("films:errors.uploadMissing");
      if (head.size === 0) throw new Refused("films:errors.emptyFile");
      const type = await sniff(storage, key, head.size);
      const extension = type && FILM_TYPES.get(type.mime);
      if (!type || !extension) throw new Refused("films:errors.notAFilm", type?.mime);
      const sha256 = await checksum(storage, key);
      let facts = null;
      let posterProblem: string | null = null;
      if (await ffmpegAvailable()) {
        const input = await readableBy(storage, key);
        facts = await probeFilm(input);
        if (film.poster_source !== "upload") {
          try {
            const frame = await posterFrame(input, facts.durationSeconds / 3);
            await setPoster(db, filmId, frame, "frame", storage);
          } catch (error) {
            if (!(error instanceof ProbeError || error instanceof PoolError)) throw error;
            posterProblem = "films:errors.noPoster";
          }
        }
      } else posterProblem = "films:errors.noFfmpeg";
      await db
        .updateTable("film")
        .set({
          processing: "ready",
          key,
          content_type: type.mime,
          size_bytes: head.size,
          sha256,
          duration_seconds: facts?.durationSeconds ?? null,
          width: facts?.width ?? null,
          height: facts?.height ?? null,
          video_codec: facts?.videoCodec ?? null,
          audio_codec: facts?.audioCodec ?? null,
          // not an error: the film is usable, the page asks for a poster image
          error_key: posterProblem,
          error_detail: null,
          updated_at: nowIso(),
        })
        .where("id", "=", filmId)
        .where("upload_id", "=", uploadId)
        .execute();
      await dropUploadInfo(storage, key);
    } catch (error) {
      const refused = error instanceof Refused ? error : error instanceof ProbeError ? new Refused(error.key, error.message) : null;
      if (!refused) throw error; // storage unreachable and the like: the queue tries again later
      await db
        .updateTable("film")
        .set({ processing: "failed", error_key: refused.key, error_detail: refused.detail?.slice(0, 300) ?? null, updated_at: nowIso() })
        .where("id", "=", filmId)
        .where("upload_id", "=", uploadId)
        .execute();
      await db.updateTable("upload").set({ status: "rejected" }).where("id", "=", uploadId).execute();
      // the bytes of something that is not a usable film are not kept
      await storage.delete(key);
      await dropUploadInfo(storage, key);
    }
  };
}

/** When the queue gives up on a job (storage down for hours), the film says so and offers a retry. */
export async function markFailedJobs(db: DB) {
  await db
    .updateTable("film")
    .set({ processing: "failed", error_key: "films:errors.processingFailed", updated_at: nowIso() })
    .where("processing", "=", "processing")
    .where("job_id", "in", (eb) => eb.selectFrom("job").select("id").where("status", "=", "failed"))
    .execute();
}

/** "Try again" on a failed film whose bytes are still there. */
export async function retryFilm(db: DB, filmId: number) {
  const film = await db.selectFrom("film").select(["upload_id", "processing", "error_key"]).where("id", "=", filmId).executeTakeFirst();
  // a refused file is deleted: only a film that failed for other reasons (storage down) can be tried again
  if (!film?.upload_id || film.processing !== "failed" || film.error_key !== "films:errors.processingFailed") throw new PoolError("films:errors.cannotRetry");
  const jobId = await enqueueJob(db, "film.process", { filmId, uploadId: film.upload_id });
  await db.updateTable("film").set({ processing: "processing", job_id: jobId, error_key: null, error_detail: null, updated_at: nowIso() }).where("id", "=", filmId).execute();
}
