/**
 * Film upload throughput and server memory (issue 5): `npx tsx bench/uploads.ts` (or `npm run bench:uploads`).
 *
 * Starts its own Ceph radosgw (scripts/s3-up.sh on BENCH_RGW_PORT, 7592, with its own state dir)
 * and the production server (server.js over build/, NODE_ENV=production, STORAGE_DRIVER=s3, no
 * background workers, so the queued film.process job does not read the file back meanwhile) on a
 * fresh migrated and seeded temporary DATA_DIR. Signs in as the demo communicator, creates a campaign
 * with films, writes a file of BENCH_UPLOAD_BYTES (2 GiB) random bytes to disk, then in the same run:
 *
 *  1. uploads it through the app with tus-js-client (from an fs.ReadStream, so it is read from disk
 *     in slices), PATCHes of BENCH_TUS_CHUNK_MIB (256; a comma-separated list runs one upload per
 *     size, e.g. "64,256,inf"; "inf" = one PATCH for the whole file), while sampling the server's
 *     VmRSS every 100 ms;
 *  2. uploads the same file straight to the same radosgw with @aws-sdk/lib-storage's Upload, 16 MiB
 *     parts (as the app's tus S3 store), queueSize 4;
 *
 * BENCH_ROUNDS (3) times, the app first in odd rounds and the direct upload first in even ones: on
 * 2 cores shared by the client, the server, radosgw and its OSD, single runs vary a lot.
 *
 * Before them, an unmeasured warm-up of 20 MiB each way (the first multipart upload into a fresh
 * radosgw took 3 s, and the server's first S3 request loads the SDK). Each stored object is checked
 * by streaming GetObject through SHA-256, then deleted, and radosgw's garbage collector is run (its
 * in-memory OSD holds 4 GiB and frees multipart data only by gc).
 *
 * Reports MiB/s of each upload, the ratio app/direct per round and its median (aim ≥ 0.7), the
 * server's idle RSS (median of BENCH_IDLE, 3, seconds of samples before each upload) and its peak
 * during the upload (aim: peak − idle < 150 MB), and the CPU each process used; on stderr, each
 * tus request's time and the server's user/system CPU. Markdown on stdout, progress on stderr.
 * Exits non-zero when a checksum differs or an upload fails; the aims are reported, not asserted.
 * BENCH_NODE_ARGS passes node options to the server only (e.g. "--cpu-prof --cpu-prof-dir=DIR").
 *
 * The file needs 3 × its size free on the temporary disk (the file, the S3 store's part files,
 * margin) and twice its size of free memory (radosgw's memstore): otherwise the size is reduced and
 * the report says so. Everything is stopped by its pid and removed at the end (BENCH_KEEP=1 keeps
 * the work directory; the random file is always removed).
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import { CreateBucketCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload as S3Upload } from "@aws-sdk/lib-storage";
import * as tus from "tus-js-client";
import { openSqlite } from "../db/connection";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const requested = Number(process.env.BENCH_UPLOAD_BYTES ?? 2 * GiB);
const TUS_CHUNKS = (process.env.BENCH_TUS_CHUNK_MIB ?? "256")
  .split(",")
  .map((v) => v.trim())
  .filter(Boolean)
  .map((v) => (v === "inf" ? Infinity : Number(v) * MiB));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PART = 16 * MiB; // the app's S3Store partSize (app/films/tus.server.ts)
const QUEUE = 4;
const IDLE_SECONDS = Number(process.env.BENCH_IDLE ?? 3);
const RGW_PORT = Number(process.env.BENCH_RGW_PORT ?? 7592);
const RGW_STATE = process.env.BENCH_RGW_STATE_DIR ?? path.join(os.tmpdir(), `vagval-bench-rgw-${RGW_PORT}`);
const rgwEnv = { ...process.env, RGW_PORT: String(RGW_PORT), RGW_STATE_DIR: RGW_STATE };
if (TUS_CHUNKS.some((c) => !(c > 0))) throw new Error(`BENCH_TUS_CHUNK_MIB must be sizes in MiB or "inf" (got ${process.env.BENCH_TUS_CHUNK_MIB})`);

// ------------------------------------------------------------------ room

const tmpFree = (() => {
  const s = fs.statfsSync(os.tmpdir());
  return s.bavail * s.bsize;
})();
const memAvailable = Number(/MemAvailable:\s+(\d+) kB/.exec(fs.readFileSync("/proc/meminfo", "utf8"))?.[1] ?? 0) * 1024;
let SIZE = requested;
const reductions: string[] = [];
if (3 * SIZE > tmpFree) {
  SIZE = Math.floor(tmpFree / 3 / MiB) * MiB;
  reductions.push(`only ${(tmpFree / GiB).toFixed(1)} GiB free in ${os.tmpdir()} (3 × the file needed)`);
}
if (2 * SIZE + GiB > memAvailable) {
  SIZE = Math.floor((memAvailable - GiB) / 2 / MiB) * MiB;
  reductions.push(`only ${(memAvailable / GiB).toFixed(1)} GiB memory available (radosgw keeps objects in memory)`);
}
if (SIZE > 3 * GiB) {
  SIZE = 3 * GiB;
  reductions.push("radosgw's memstore holds 4 GiB");
}
if (SIZE < 64 * MiB) throw new Error(`not enough room for a meaningful upload: ${reductions.join("; ")}`);
if (reductions.length) log(`size reduced from ${requested} to ${SIZE} bytes: ${reductions.join("; ")}`);

// ------------------------------------------------------------------ cleanup

const work = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-bench-uploads-"));
const file = path.join(work, "film.bin");
let server: ChildProcess | undefined;
let serverLog = "";
let rgwStarted = false;
function stopServer() {
  if (server?.pid && server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
}
process.on("exit", () => {
  stopServer();
  fs.rmSync(file, { force: true });
  if (process.env.BENCH_KEEP === "1") log(`work directory kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
  if (rgwStarted) {
    try {
      execFileSync("bash", ["scripts/s3-down.sh"], { env: rgwEnv, stdio: "ignore" });
    } catch {
      log(`could not stop radosgw: RGW_PORT=${RGW_PORT} RGW_STATE_DIR=${RGW_STATE} bash scripts/s3-down.sh`);
    }
  }
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

// ------------------------------------------------------------------ processes

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(Number(process.env.BENCH_PORT ?? 0), "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) * 1024;
/** CPU seconds a process has used so far: user, system. */
const cpuSplit = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return [Number(fields[11]) / 100, Number(fields[12]) / 100] as const;
};
const cpuOf = (pid: number) => cpuSplit(pid)[0] + cpuSplit(pid)[1];

/** VmRSS of a process every `ms` milliseconds until stopped. */
function sampleRss(pid: number, ms = 100) {
  const samples: number[] = [rssOf(pid)];
  const timer = setInterval(() => {
    try {
      samples.push(rssOf(pid));
    } catch {
      /* the process is gone */
    }
  }, ms);
  return {
    stop() {
      clearInterval(timer);
      samples.push(rssOf(pid));
      return samples;
    },
  };
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function startServer(env: NodeJS.ProcessEnv, port: number) {
  // BENCH_NODE_ARGS: extra node options for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  server = spawn("node", [...nodeArgs, "server.js"], { env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  // BENCH_SERVER_LOG: a file that gets all of the server's output (e.g. with BENCH_NODE_ARGS="--trace-gc")
  const keep = process.env.BENCH_SERVER_LOG ? fs.createWriteStream(process.env.BENCH_SERVER_LOG) : undefined;
  for (const stream of [server.stdout!, server.stderr!])
    stream.on("data", (c) => {
      serverLog = (serverLog + c).slice(-20_000);
      keep?.write(c);
    });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${serverLog}`);
}

// ------------------------------------------------------------------ S3 helpers

let s3!: S3Client;
let bucket!: string;

async function sha256OfObject(key: string) {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = crypto.createHash("sha256");
  let bytes = 0;
  for await (const chunk of res.Body as Readable) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** Deletes the objects and lets radosgw's garbage collector free their multipart data now. */
async function removeAndCollect(keys: string[]) {
  await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
  execFileSync("radosgw-admin", ["-c", path.join(RGW_STATE, "ceph.conf"), "gc", "process", "--include-all"], { stdio: "ignore", timeout: 300_000 });
}

// ------------------------------------------------------------------ run

if (!fs.existsSync("build/index.js")) {
  log("no build/: npx remix build");
  execFileSync("npx", ["remix", "build"], { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
}

log(`radosgw on 127.0.0.1:${RGW_PORT} (state ${RGW_STATE})`);
rgwStarted = true;
// as scripts/test-integration.sh, but up to three times: the monitor of a run that has just stopped
// can keep its port for a while (seen here: two failures 3 s apart right after a previous run)
for (let attempt = 1; ; attempt++) {
  try {
    execFileSync("bash", ["scripts/s3-up.sh"], { env: rgwEnv, stdio: ["ignore", "ignore", "inherit"] });
    break;
  } catch (error) {
    if (attempt === 3) throw error;
    log(`radosgw did not start; once more in ${10 * attempt} s`);
    execFileSync("bash", ["scripts/s3-down.sh"], { env: rgwEnv, stdio: "ignore" });
    await new Promise((r) => setTimeout(r, 10_000 * attempt));
  }
}
const rgwVars = Object.fromEntries(
  [...fs.readFileSync(path.join(RGW_STATE, "env"), "utf8").matchAll(/^export (\w+)=(.*)$/gm)].map(([, k, v]) => [k, v.replace(/^\$\{S3_BUCKET:-(.*)\}$/, "$1")]),
);
bucket = "vagval-bench-uploads";
s3 = new S3Client({
  endpoint: rgwVars.S3_ENDPOINT,
  region: rgwVars.S3_REGION,
  credentials: { accessKeyId: rgwVars.S3_ACCESS_KEY_ID, secretAccessKey: rgwVars.S3_SECRET_ACCESS_KEY },
  forcePathStyle: true,
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
});
await s3.send(new CreateBucketCommand({ Bucket: bucket }));
const rgwPids = Object.fromEntries(
  fs
    .readFileSync(path.join(RGW_STATE, "pids"), "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(" ") as [string, string])
    .map(([name, pid]) => [name, Number(pid)]),
) as Record<string, number>;

const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...rgwVars,
  S3_BUCKET: bucket,
  STORAGE_DRIVER: "s3",
  DATA_DIR: path.join(work, "data"),
  DEMO_MODE: "true",
  NODE_ENV: "production",
  INSECURE_COOKIES: "true",
  VAGVAL_NO_WORKERS: "1",
  MAX_UPLOAD_BYTES: String(Math.max(4 * GiB, SIZE)),
};
delete env.DATABASE_FILE;
log(`work directory ${work}: migrating and seeding`);
execFileSync("npx", ["tsx", "db/migrate.ts"], { env, stdio: "ignore" });
execFileSync("npx", ["tsx", "db/seed.ts"], { env, stdio: "ignore" });

/** A campaign and a film per tus upload (a film being processed takes no new upload). */
async function newFilms(n: number) {
  const db = openSqlite(path.join(work, "data", "vagval.sqlite"));
  try {
    const campaign = await db
      .insertInto("campaign")
      .values({ title: "Benchmark", slug: `bench-${crypto.randomBytes(4).toString("hex")}`, thread: "Uppladdning", starts_on: "2026-01-01", ends_on: "2026-12-31" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push((await db.insertInto("film").values({ campaign_id: campaign.id, title: `Film ${i + 1}` }).returning("id").executeTakeFirstOrThrow()).id);
    return ids;
  } finally {
    await db.destroy();
  }
}
const [warmUpFilm, ...films] = await newFilms(ROUNDS * TUS_CHUNKS.length + 1);

log(`writing ${SIZE} random bytes to ${file}`);
const fileHash = crypto.createHash("sha256");
{
  const fd = fs.openSync(file, "w");
  for (let written = 0; written < SIZE; ) {
    const block = crypto.randomBytes(Math.min(16 * MiB, SIZE - written));
    fileHash.update(block);
    fs.writeSync(fd, block);
    written += block.length;
  }
  fs.closeSync(fd);
}
const fileSha = fileHash.digest("hex");

const port = await freePort();
const BASE = `http://127.0.0.1:${port}`;
await startServer(env, port);
const signIn = await fetch(`${BASE}/logga-in`, {
  method: "POST",
  body: new URLSearchParams({ email: "kommunikator@demo.example", password: "vagval-demo" }),
  headers: { Origin: BASE },
  redirect: "manual",
});
if (signIn.status !== 302) throw new Error(`sign-in answered ${signIn.status}`);
const cookie = signIn.headers.get("set-cookie")!.split(";")[0];

type Cpu = { server: number; rgw: number; osd: number; client: number; machine: number };
type Run = { round: number; kind: string; label: string; seconds: number; mibs: number; ok: boolean; cpu: Cpu; idleMB?: number; peakMB?: number; retries?: number };
let round = 0;
const runs: Run[] = [];
const cpuNow = (): Cpu => ({
  server: cpuOf(server!.pid!),
  rgw: cpuOf(rgwPids["client.rgw"]),
  osd: cpuOf(rgwPids["osd.0"]),
  client: ((u) => (u.user + u.system) / 1e6)(process.cpuUsage()),
  machine: os.cpus().reduce((n, c) => n + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0) / 1000,
});
const cpuSince = (a: Cpu, seconds: number): Cpu => {
  const b = cpuNow();
  const per = (k: keyof Cpu) => (b[k] - a[k]) / seconds;
  return { server: per("server"), rgw: per("rgw"), osd: per("osd"), client: per("client"), machine: per("machine") };
};

async function tusRun(chunkSize: number, film: number) {
  const label = `app (tus), PATCH ${Number.isFinite(chunkSize) ? `${chunkSize / MiB} MiB` : "whole file"}`;
  // idle: the server after sign-in, a few seconds with nothing to do
  const idleSampler = sampleRss(server!.pid!);
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const idle = median(idleSampler.stop());
  log(`${label}: server idle RSS ${(idle / MiB).toFixed(0)} MiB; uploading`);
  let retries = 0;
  let url = "";
  const started = new Map<tus.HttpRequest, number>();
  const requests: string[] = [];
  const sampler = sampleRss(server!.pid!);
  const cpu0 = cpuNow();
  const split0 = cpuSplit(server!.pid!);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const upload = new tus.Upload(fs.createReadStream(file), {
      endpoint: `${BASE}/uploads/tus`,
      chunkSize,
      retryDelays: [0, 1000, 3000, 5000],
      headers: { Cookie: cookie, Origin: BASE },
      metadata: { filename: "bench.mp4", filetype: "video/mp4", film: String(film) },
      onBeforeRequest: (req) => void started.set(req, performance.now()),
      onAfterResponse: (req, res) => {
        const ms = performance.now() - (started.get(req) ?? NaN);
        requests.push(`${req.getMethod()} ${res.getStatus()} ${ms.toFixed(0)} ms`);
      },
      onShouldRetry: () => {
        retries++;
        return true;
      },
      onUploadUrlAvailable: () => void (url = upload.url!),
      onSuccess: () => resolve(),
      onError: reject,
    });
    upload.start();
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSince(cpu0, seconds);
  const peak = Math.max(...sampler.stop());
  const key = `uploads/${url.split("/").pop()}`;
  const split1 = cpuSplit(server!.pid!);
  log(
    `${label}: ${seconds.toFixed(1)} s (${requests.join(", ")}); server CPU user ${(split1[0] - split0[0]).toFixed(1)} s, system ${(split1[1] - split0[1]).toFixed(1)} s; checking the stored object by SHA-256`,
  );
  const stored = await sha256OfObject(key);
  const db = openSqlite(path.join(work, "data", "vagval.sqlite"));
  const filmRow = await db.selectFrom("film").select(["processing", "job_id"]).where("id", "=", film).executeTakeFirstOrThrow();
  await db.destroy();
  const ok = stored.sha256 === fileSha && stored.bytes === SIZE && filmRow.processing === "processing" && filmRow.job_id !== null;
  if (!ok) log(`${label}: MISMATCH sha ${stored.sha256} bytes ${stored.bytes} film ${JSON.stringify(filmRow)}`);
  await removeAndCollect([key, `${key}.info`]);
  runs.push({ round, kind: label, label, seconds, mibs: SIZE / MiB / seconds, ok, cpu, idleMB: idle / 1e6, peakMB: peak / 1e6, retries });
}

async function directRun() {
  const label = `direct SDK (lib-storage), ${PART / MiB} MiB parts, queue ${QUEUE}`;
  const key = `bench/direct-${crypto.randomBytes(8).toString("hex")}`;
  log(`${label}: uploading`);
  const cpu0 = cpuNow();
  const t0 = performance.now();
  await new S3Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: fs.createReadStream(file), ContentType: "application/octet-stream" }, partSize: PART, queueSize: QUEUE }).done();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSince(cpu0, seconds);
  log(`${label}: ${seconds.toFixed(1)} s; checking the stored object by SHA-256`);
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const stored = await sha256OfObject(key);
  const ok = stored.sha256 === fileSha && stored.bytes === SIZE && head.ContentLength === SIZE;
  if (!ok) log(`${label}: MISMATCH sha ${stored.sha256} bytes ${stored.bytes}`);
  await removeAndCollect([key]);
  runs.push({ round, kind: "direct", label, seconds, mibs: SIZE / MiB / seconds, ok, cpu });
}

// Warm-up, not measured: radosgw creates its multipart pool on the first multipart upload (seconds),
// and the server's first S3 request loads the SDK; one small upload each way pays for that.
{
  log("warm-up: 20 MiB through the app and directly");
  const warm = crypto.randomBytes(20 * MiB);
  let url = "";
  await new Promise<void>((resolve, reject) => {
    const upload = new tus.Upload(warm, {
      endpoint: `${BASE}/uploads/tus`,
      headers: { Cookie: cookie, Origin: BASE },
      metadata: { filename: "warm-up.mp4", film: String(warmUpFilm) },
      onUploadUrlAvailable: () => void (url = upload.url!),
      onSuccess: () => resolve(),
      onError: reject,
    });
    upload.start();
  });
  const key = `uploads/${url.split("/").pop()}`;
  await new S3Upload({ client: s3, params: { Bucket: bucket, Key: "bench/warm-up", Body: warm }, partSize: PART, queueSize: QUEUE }).done();
  await removeAndCollect([key, `${key}.info`, "bench/warm-up"]);
}

const load0 = os.loadavg()[0];
// rounds alternate which goes first: the app (odd rounds) or the direct upload (even rounds)
for (round = 1; round <= ROUNDS; round++) {
  const order = round % 2 === 1 ? ["tus", "direct"] : ["direct", "tus"];
  for (const step of order) {
    if (step === "direct") await directRun();
    else for (const chunk of TUS_CHUNKS) await tusRun(chunk, films.shift()!);
  }
}
const load1 = os.loadavg()[0];
stopServer();

// ------------------------------------------------------------------ report

const size = SIZE % GiB === 0 ? `${SIZE / GiB} GiB` : `${(SIZE / MiB).toFixed(0)} MiB`;
const directOf = (r: Run) => runs.find((d) => d.kind === "direct" && d.round === r.round)!;
const other = (c: Cpu) => Math.max(0, c.machine - c.server - c.rgw - c.osd - c.client);
console.log(
  `\n### Uploads: ${size} through the app (tus → S3 store) and directly (lib-storage) into Ceph radosgw, ${ROUNDS} rounds (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores)\n`,
);
if (reductions.length) console.log(`**Size reduced** from ${requested} bytes: ${reductions.join("; ")}.\n`);
console.log("| round | upload | time | MiB/s | ÷ direct (same round) | server RSS idle → peak (Δ) | SHA-256 equal | CPU cores: server / radosgw / OSD / client / other |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of runs) {
  const mem = r.peakMB === undefined ? "–" : `${r.idleMB!.toFixed(0)} → ${r.peakMB.toFixed(0)} MB (+${(r.peakMB - r.idleMB!).toFixed(0)} MB)`;
  const ratio = r.kind === "direct" ? "1" : (r.mibs / directOf(r).mibs).toFixed(2);
  console.log(
    `| ${r.round} | ${r.label}${r.retries ? ` (${r.retries} retries)` : ""} | ${r.seconds.toFixed(1)} s | ${r.mibs.toFixed(1)} | ${ratio} | ${mem} | ${r.ok ? "yes" : "**NO**"} | ${[r.cpu.server, r.cpu.rgw, r.cpu.osd, r.cpu.client, other(r.cpu)].map((c) => c.toFixed(2)).join(" / ")} |`,
  );
}
const directMedian = median(runs.filter((r) => r.kind === "direct").map((r) => r.mibs));
console.log("\n| summary over the rounds | median MiB/s | median ÷ direct | ÷ direct, each round | worst server peak − idle |");
console.log("| --- | --- | --- | --- | --- |");
console.log(`| direct SDK (lib-storage) | ${directMedian.toFixed(1)} | 1 | – | – |`);
let aimMet = false;
for (const kind of [...new Set(runs.filter((r) => r.kind !== "direct").map((r) => r.kind))]) {
  const mine = runs.filter((r) => r.kind === kind);
  const ratios = mine.map((r) => r.mibs / directOf(r).mibs);
  const worst = Math.max(...mine.map((r) => r.peakMB! - r.idleMB!));
  aimMet ||= median(ratios) >= 0.7;
  console.log(`| ${kind} | ${median(mine.map((r) => r.mibs)).toFixed(1)} | **${median(ratios).toFixed(2)}** | ${ratios.map((x) => x.toFixed(2)).join(", ")} | **+${worst.toFixed(0)} MB** |`);
}
const worstMemory = Math.max(...runs.filter((r) => r.kind !== "direct").map((r) => r.peakMB! - r.idleMB!));
console.log(
  `\nAims: app ≥ 0.7 × direct (median of the rounds' ratios): ${aimMet ? "met" : "**not met**"}; server peak − idle < 150 MB: ${worstMemory < 150 ? "met" : "**not met**"} (worst +${worstMemory.toFixed(0)} MB). ` +
    `RSS is VmRSS of the server process every 100 ms (MB = 10^6 bytes); idle = median over ${IDLE_SECONDS} s before each upload. Load average ${load0.toFixed(1)} → ${load1.toFixed(1)}; "other" = CPU used by everything else on the machine meanwhile (a lower bound: /proc/stat's softirq time is not in the machine total). ` +
    `Each object was read back by GetObject through SHA-256, then deleted and radosgw's gc run.`,
);
if (runs.some((r) => !r.ok)) {
  log("FAILED: a stored object differs from the file");
  log(`server output (last lines):\n${serverLog.slice(-3000)}`);
  process.exitCode = 1;
}
