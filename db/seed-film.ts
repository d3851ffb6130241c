// CLI (npm run demo): gives the demo film its file — five seconds of ffmpeg's test picture with
// a tone — processed like an upload, with Swedish and Arabic subtitles, Amina marked as appearing
// (she consents to films), and published. Skipped with a note when ffmpeg is not installed or the
// film already has its file. Idempotent.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "../app/db.server";
import { addSubtitle, setFilmAmbassadors, setFilmStatus } from "../app/films/films.server";
import { filmProcessor } from "../app/films/process.server";
import { ffmpegAvailable } from "../app/films/probe.server";
import { enqueueJob, runDueJobs } from "../app/jobs/queue.server";
import { getStorage } from "../app/storage.server";

const film = await db.selectFrom("film").select(["id", "processing", "created_by_user_id"]).where("is_demo", "=", 1).orderBy("id").executeTakeFirst();
if (!film || film.processing !== "none") {
  console.log("demo film: nothing to do");
} else if (!(await ffmpegAvailable())) {
  console.log("demo film: ffmpeg is not installed, the demo film stays without its file");
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-demo-film-"));
  try {
    const file = path.join(dir, "film.webm");
    execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=duration=5:size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:duration=5", "-c:v", "libvpx", "-b:v", "400k", "-c:a", "libvorbis", "-shortest", file]);
    const user = film.created_by_user_id ?? (await db.selectFrom("app_user").select("id").where("role", "=", "admin").executeTakeFirstOrThrow()).id;
    const uploadId = crypto.randomBytes(16).toString("hex");
    await getStorage().put(`uploads/${uploadId}`, fs.readFileSync(file));
    await db.insertInto("upload").values({ id: uploadId, user_id: user, film_id: film.id, original_name: "en-dag-i-verkstaden.webm", status: "received" }).execute();
    const jobId = await enqueueJob(db, "film.process", { filmId: film.id, uploadId });
    await db.updateTable("film").set({ processing: "processing", upload_id: uploadId, job_id: jobId, original_name: "en-dag-i-verkstaden.webm" }).where("id", "=", film.id).execute();
    await runDueJobs(db, { "film.process": filmProcessor(db) });
    await addSubtitle(db, film.id, "sv", Buffer.from("1\n00:00:00,500 --> 00:00:02,500\nHär börjar dagen i verkstaden. (Påhittad demo)\n\n2\n00:00:02,500 --> 00:00:04,800\nCNC-maskinen fräser detaljen.\n"), user);
    await addSubtitle(db, film.id, "ar", Buffer.from("WEBVTT\n\n00:00.500 --> 00:02.500\nهنا يبدأ اليوم في الورشة. (عرض تجريبي)\n\n00:02.500 --> 00:04.800\nآلة CNC تقوم بتفريز القطعة.\n"), user);
    const amina = await db.selectFrom("ambassador").select("id").where("email", "=", "ambassador@demo.example").executeTakeFirst();
    if (amina) await setFilmAmbassadors(db, film.id, [amina.id], user);
    await setFilmStatus(db, film.id, "published", user);
    console.log(`demo film: processed and published at /filmer/${film.id}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
await db.destroy();
