/**
 * Ambassador pool figures (issue 3), run with `npx tsx bench/ambassadors.ts` (or `npm run bench:ambassadors`).
 *  1. 2,900 active ambassadors: ten for each of 290 municipalities (the nine in Sörmland plus 281
 *     invented ones), with consents, checks, training and languages; then p95 latency at 10
 *     connections of the public gallery filtered by one municipality, and of the pool-health page
 *     for a coordinator with two municipalities and for an admin who sees all 290.
 *  2. Time to make the photo variants of a 12-megapixel JPEG, and the peak memory while doing it.
 * Loopback only; the server is started and stopped by its pid. Prints a Markdown table.
 */
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import sharp from "sharp";

const PORT = Number(process.env.BENCH_PORT ?? 3480);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-bench-amb-"));
const env = { ...process.env, DATA_DIR: work, DEMO_MODE: "true", NODE_ENV: "production", INSECURE_COOKIES: "true", VAGVAL_NO_WORKERS: "1" } as NodeJS.ProcessEnv;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function populate() {
  execFileSync("npx", ["tsx", "db/migrate.ts"], { env, stdio: "ignore" });
  execFileSync("npx", ["tsx", "db/seed.ts"], { env, stdio: "ignore" });
  const { openSqlite } = await import("../db/connection");
  const db = openSqlite(path.join(work, "vagval.sqlite"));
  const start = Date.now();
  await db.transaction().execute(async (trx) => {
    const extra = Array.from({ length: 281 }, (_, i) => ({ code: String(9000 + i), name: `Testkommun ${i + 1}`, county: "Påhittat län" }));
    await trx.insertInto("municipality").values(extra).execute();
    const municipalities = await trx.selectFrom("municipality").select("id").execute();
    const sectors = await trx.selectFrom("sector").select("id").execute();
    const texts = await trx.selectFrom("consent_text").select(["id", "kind"]).execute();
    const modules = await trx.selectFrom("training_module").select("id").where("required", "=", 1).execute();
    const languages = ["sv", "en", "ar", "so", "ti", "uk", "fa", "prs", "fi", "pl"];
    const genders = ["female", "male", "other", null] as const;
    const today = new Date().toISOString().slice(0, 10);
    let n = 0;
    for (const m of municipalities) {
      for (let i = 0; i < 10; i++, n++) {
        const row = await trx
          .insertInto("ambassador")
          .values({
            municipality_id: m.id,
            status: "active",
            name: `Bench Ambassadör ${n}`,
            email: `bench${n}@bench.example`,
            employer_name: `Bench AB ${n % 50}`,
            occupation: ["Svetsare", "Montör", "CNC-operatör", "Elektriker"][n % 4],
            sector_id: sectors[n % sectors.length].id,
            education_path: "Industritekniska programmet → lärling → svetsare",
            story: "Jag bygger saker som håller. ".repeat(10),
            gender: genders[n % 4],
            languages_json: JSON.stringify([languages[n % 10], "sv"]),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        for (const t of texts) await trx.insertInto("ambassador_consent").values({ ambassador_id: row.id, consent_text_id: t.id, kind: t.kind, given_at: new Date().toISOString() }).execute();
        await trx.insertInto("ambassador_vetting").values({ ambassador_id: row.id, shown_on: today, checked_by_name: "Bench" }).execute();
        for (const mod of modules) await trx.insertInto("ambassador_training").values({ ambassador_id: row.id, module_id: mod.id, completed_on: today }).execute();
      }
    }
  });
  const count = await db.selectFrom("ambassador").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  await db.destroy();
  log(`populated ${count.n} ambassadors in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  return Number(count.n);
}

async function signIn(email: string) {
  const res = await fetch(`${BASE}/logga-in`, {
    method: "POST",
    body: new URLSearchParams({ email, password: "vagval-demo" }),
    headers: { Origin: BASE },
    redirect: "manual",
  });
  return res.headers.get("set-cookie")!.split(";")[0];
}

/** autocannon's histogram has no p95, so every response time is kept and ranked here. */
function load(url: string, cookie?: string): Promise<{ result: autocannon.Result; p50: number; p95: number; p99: number }> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url: BASE + url, connections: 10, duration: DURATION, headers: cookie ? { cookie } : {} }, (err, result) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      const rank = (q: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]);
      resolve({ result, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99) });
    });
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status < 300) times.push(ms);
    });
  });
}

async function photoFigures() {
  const { createStorage } = await import("../media/index");
  const { storeAmbassadorPhoto } = await import("../app/ambassadors/photos.server");
  // 4000 × 3000 with noise, so the JPEG is as heavy to decode as a real photo (about 12 MP).
  const raw = Buffer.alloc(4000 * 3000 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  const jpeg = await sharp(raw, { raw: { width: 4000, height: 3000, channels: 3 } }).jpeg({ quality: 90 }).withExif({ IFD0: { Copyright: "bench" } }).toBuffer();
  const storage = createStorage({ driver: "local", dir: path.join(work, "media") });
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await storeAmbassadorPhoto(storage, 1, jpeg);
    times.push(performance.now() - t0);
  }
  clearInterval(timer);
  return { bytes: jpeg.length, times, baseRss: before, peakRss: peak };
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

const count = await populate();
const server = spawn("node", ["server.js"], { env: { ...env, PORT: String(PORT) }, stdio: "ignore" });
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const coordinator = await signIn("samordnare@demo.example");
  const admin = await signIn("admin@demo.example");
  const rows: string[][] = [];
  for (const [label, url, cookie] of [
    ["gallery, filtered by one municipality (`/ambassadorer?kommun=0484`)", "/ambassadorer?kommun=0484", undefined],
    ["gallery, page 50 of all (`/ambassadorer?sida=50`)", "/ambassadorer?sida=50", undefined],
    ["pool health, coordinator with 2 municipalities", "/samordnare/poolhalsa", coordinator],
    ["pool health, admin: all 290 municipalities", "/samordnare/poolhalsa", admin],
  ] as const) {
    log(`loading ${url}`);
    const r = await load(url, cookie);
    if (r.result.non2xx) throw new Error(`${url} answered ${r.result.non2xx} non-2xx responses`);
    rows.push([label, String(Math.round(r.result.requests.average)), `${r.p50} ms`, `${r.p95} ms`, `${r.p99} ms`]);
  }
  server.kill("SIGTERM");
  log("photo variants");
  const photo = await photoFigures();
  console.log(`\n### Ambassador pool (${count} active ambassadors, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version})\n`);
  console.log("| page (10 connections) | req/s | p50 | p95 | p99 |\n| --- | --- | --- | --- | --- |");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  console.log(`\n| 12-megapixel JPEG (${mb(photo.bytes)}) → 3 widths × WebP + JPEG | figure |\n| --- | --- |`);
  console.log(`| time per photo (3 runs) | ${photo.times.map((t) => `${(t / 1000).toFixed(2)} s`).join(", ")} |`);
  console.log(`| resident memory before / peak | ${mb(photo.baseRss)} / ${mb(photo.peakRss)} (+${mb(photo.peakRss - photo.baseRss)}) |`);
} finally {
  if (server.exitCode === null) server.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
}
