/**
 * Film figures (issue 5): `npx tsx bench/films.ts` (or `npm run bench:films`).
 *
 *  1. Poster variants of a 24-megapixel JPEG (6000 × 4000, noise, so it is as heavy to decode as a
 *     real photo): time and peak resident memory of this process while sharp makes 3 widths × WebP
 *     + JPEG (BENCH_RUNS, 3 runs), in-process with the local storage.
 *  2. Range requests per second for playback: the production server (server.js over build/,
 *     background workers off) with a published film of BENCH_FILM_MB (64) MB in the local storage;
 *     autocannon, BENCH_CONNECTIONS (10) connections, BENCH_DURATION (10) s per case, each request a
 *     random aligned range as a player asks for them: 64 KiB and 1 MiB; and the film page itself
 *     (server-rendered HTML) and /healthz as references in the same run.
 * Markdown on stdout, progress on stderr. Nothing is asserted.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import sharp from "sharp";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FILM_MB = Number(process.env.BENCH_FILM_MB ?? 64);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-bench-films-"));
const env = { ...process.env, DATA_DIR: work, DEMO_MODE: "true", NODE_ENV: "production", INSECURE_COOKIES: "true", VAGVAL_NO_WORKERS: "1", STORAGE_DRIVER: "local" } as NodeJS.ProcessEnv;
delete env.DATABASE_FILE;
let server: ChildProcess | undefined;
let serverLog = "";
process.on("exit", () => {
  if (server?.pid && server.exitCode === null) server.kill("SIGTERM");
  if (process.env.BENCH_KEEP === "1") log(`work directory kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

// ------------------------------------------------------------------ 1. poster variants

async function posterFigures() {
  Object.assign(process.env, env);
  const { storeImageVariants } = await import("../app/images.server");
  const { LocalStorage } = await import("../media/index");
  const storage = new LocalStorage(path.join(work, "poster-bench"));
  const width = 6000;
  const height = 4000;
  const noise = crypto.randomBytes(width * height * 3);
  const jpeg = await sharp(noise, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  const rules = { maxBytes: 200 * 1024 * 1024, widths: [320, 640, 1280], field: "poster", errors: { missing: "x", tooLarge: "x", type: "x", unreadable: "x" } };
  const times: number[] = [];
  const base = process.memoryUsage().rss;
  let peak = base;
  for (let i = 0; i < RUNS; i++) {
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const t0 = performance.now();
    await storeImageVariants(storage, `films/1/poster-${i}`, jpeg, rules);
    times.push(performance.now() - t0);
    clearInterval(timer);
  }
  return { bytes: jpeg.length, times, base, peak };
}

// ------------------------------------------------------------------ 2. range requests

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(Number(process.env.BENCH_PORT ?? 0), "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

function publishFilm(size: number) {
  const key = "films/bench/film.webm";
  const file = path.join(work, "media", ...key.split("/"));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, crypto.randomBytes(size));
  const sqlite = new Database(path.join(work, "vagval.sqlite"));
  const campaign = sqlite.prepare("select id from campaign where status = 'published' order by id limit 1").get() as { id: number };
  const film = sqlite
    .prepare("insert into film (campaign_id, title, status, processing, key, content_type, size_bytes, duration_seconds, width, height) values (?, 'Bench', 'published', 'ready', ?, 'video/webm', ?, 60, 1280, 720) returning id")
    .get(campaign.id, key, size) as { id: number };
  sqlite.close();
  return film.id;
}

async function startServer(port: number) {
  server = spawn("node", ["server.js"], { env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout!.on("data", (c) => (serverLog += c));
  server.stderr!.on("data", (c) => (serverLog += c));
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

function run(url: string, opts: { rangeBytes?: number; size?: number }) {
  return new Promise<{ rps: number; p50: number; p97_5: number; p99: number; non2xx: number; mbps: number }>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: [
          {
            setupRequest: (req) => {
              if (!opts.rangeBytes) return req;
              const slots = Math.floor(opts.size! / opts.rangeBytes);
              const start = Math.floor(Math.random() * slots) * opts.rangeBytes;
              return { ...req, headers: { ...req.headers, Range: `bytes=${start}-${start + opts.rangeBytes - 1}` } };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p97_5: result.latency.p97_5,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          mbps: result.throughput.average / 1024 / 1024,
        });
      },
    );
    instance.on("error", reject);
  });
}

// ------------------------------------------------------------------ run

if (!fs.existsSync("build/index.js")) {
  log("no build/: npx remix build");
  execFileSync("npx", ["remix", "build"], { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
}
log(`poster variants of a 24-megapixel JPEG, ${RUNS} runs`);
const poster = await posterFigures();
log(`work directory ${work}: migrating and seeding`);
execFileSync("npx", ["tsx", "db/migrate.ts"], { env, stdio: "ignore" });
execFileSync("npx", ["tsx", "db/seed.ts"], { env, stdio: "ignore" });
const size = FILM_MB * 1024 * 1024;
const filmId = publishFilm(size);
const port = await freePort();
const BASE = `http://127.0.0.1:${port}`;
await startServer(port);
const check = await fetch(`${BASE}/media/filmer/${filmId}/video`, { headers: { Range: "bytes=0-99" } });
if (check.status !== 206) throw new Error(`range check answered ${check.status}`);
await check.arrayBuffer();
const cases = [
  { name: "`GET /media/filmer/:id/video`, Range 64 KiB", url: `${BASE}/media/filmer/${filmId}/video`, rangeBytes: 64 * 1024 },
  { name: "`GET /media/filmer/:id/video`, Range 1 MiB", url: `${BASE}/media/filmer/${filmId}/video`, rangeBytes: 1024 * 1024 },
  { name: "`GET /filmer/:id` (the film page, HTML)", url: `${BASE}/filmer/${filmId}` },
  { name: "`GET /healthz` (bare route)", url: `${BASE}/healthz` },
];
const results = [];
for (const c of cases) {
  log(`autocannon ${c.name}: ${CONNECTIONS} connections, ${DURATION} s`);
  await run(c.url, { rangeBytes: c.rangeBytes, size }).catch(() => undefined); // warm-up
  results.push({ ...c, ...(await run(c.url, { rangeBytes: c.rangeBytes, size })) });
}

console.log(`\n## Films (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version})\n`);
console.log(`| 24-megapixel JPEG (${mb(poster.bytes)}) → 3 widths × WebP + JPEG | figure |\n| --- | --- |`);
console.log(`| time per poster (${RUNS} runs) | ${poster.times.map((t) => `${(t / 1000).toFixed(2)} s`).join(", ")} |`);
console.log(`| resident memory before the first run (the 24-MP source already in memory) / peak over all runs | ${mb(poster.base)} / ${mb(poster.peak)} (+${mb(poster.peak - poster.base)}) |`);
console.log(`\n| Playback from the local storage, film of ${FILM_MB} MB, ${CONNECTIONS} connections, ${DURATION} s | req/s | MB/s | p50 ms | p97.5 ms | p99 ms | non-2xx |\n| --- | --- | --- | --- | --- | --- | --- |`);
for (const r of results) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.mbps.toFixed(0)} | ${r.p50} | ${r.p97_5} | ${r.p99} | ${r.non2xx} |`);
