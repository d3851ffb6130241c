/**
 * Guidance figures (issue 6): `npx tsx bench/guidance.ts` (or `npm run bench:guidance`).
 *
 *  1. Search over 1,000 guides in nine reading languages, in-process: a temporary SQLite file
 *     (migrations + reference data, so the four real guides are in it too) gets BENCH_GUIDES (1000)
 *     published guides made from the four in content/guides/, each with its sections and a
 *     published translation of every section in the eight other languages: the real text of that
 *     language with the sentences of each paragraph and the items of each list shuffled, and the
 *     guide's own words mixed in (an invented company in the title, intro and one other section,
 *     with a place and a product in the language's script). Then reindexGuide() for each (timed:
 *     indexing time per guide), and searchGuides(db, language, query) for 65 realistic queries in
 *     the nine languages, in rounds in a shuffled order after one unrecorded round, until at least
 *     BENCH_SEARCHES (2000) are timed: p50/p95/p99/max overall, per language and per query; the
 *     database file size.
 *  2. Requests per second: the production server (server.js over build/, background workers off;
 *     run from a settled copy of build/, since others may rebuild the working tree meanwhile)
 *     on a DATA_DIR migrated and seeded like `npm run db:migrate` + `npm run db:seed` (DEMO_MODE),
 *     i.e. the four real guides; autocannon, BENCH_CONNECTIONS (10) connections, BENCH_DURATION (10)
 *     s per route after BENCH_WARMUP (3) s unrecorded: two guide pages, a search and /healthz
 *     (autocannon asks for no compression), and the Tigrinya page once more as a browser asks for it
 *     (Accept-Encoding: gzip, deflate, br), so compression's cost shows.
 *  3. Bytes a phone transfers for a guide page without video (a guide's film has preload="none";
 *     with db:seed alone the demo film is a draft without a file, so no player is shown): Chromium
 *     from @playwright/test (CHROMIUM_PATH or /usr/bin/chromium), JavaScript off, 360 × 740 (mobile,
 *     device pixel ratio 2), a fresh context per page; navigation + resource transferSize after
 *     document.fonts.ready. The server compresses (compression() in server.js), so these are
 *     compressed bytes.
 *  4. Lighthouse 12.2.3 (npx, not a dependency), default mobile config, against Debian's Chromium:
 *     performance and accessibility scores, FCP, LCP, TBT, CLS, total byte weight. Without network
 *     the table says so instead of failing.
 * Markdown on stdout, progress on stderr. Nothing is asserted.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import Database from "better-sqlite3";

const GUIDES = Number(process.env.BENCH_GUIDES ?? 1000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const LIGHTHOUSE = "lighthouse@12.2.3";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
/** Nearest rank over sorted values. */
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const stats = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-bench-guidance-"));
const searchDir = path.join(work, "search");
const serverDir = path.join(work, "server");
fs.mkdirSync(searchDir);
fs.mkdirSync(serverDir);
const searchFile = path.join(searchDir, "vagval.sqlite");
const env = { ...process.env, DATA_DIR: serverDir, DEMO_MODE: "true", NODE_ENV: "production", INSECURE_COOKIES: "true", VAGVAL_NO_WORKERS: "1" } as NodeJS.ProcessEnv;
delete env.DATABASE_FILE;
let server: ChildProcess | undefined;
let serverLog = "";
process.on("exit", () => {
  if (server?.pid && server.exitCode === null) server.kill("SIGTERM");
  if (process.env.BENCH_KEEP === "1") log(`work directory kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

let seed = 6;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(list: readonly T[]) => list[int(list.length)];
const shuffle = <T>(list: readonly T[]) => {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

/**
 * CPU in use, from /proc (Linux): the machine is shared, so every timed step records its own CPU,
 * the server's and everything else's (in cores), as bench/run.sh does. Zero where /proc is missing.
 */
function cpuSnapshot(pid?: number) {
  const own = process.cpuUsage();
  let busy = 0;
  let serverTicks = 0;
  try {
    const c = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    busy = c[0] + c[1] + c[2] + c[5] + c[6] + c[7]; // user nice system irq softirq steal (USER_HZ = 100)
    if (pid) {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      serverTicks = Number(fields[11]) + Number(fields[12]); // utime + stime, all threads
    }
  } catch {
    /* not Linux */
  }
  return { t: performance.now(), busy, serverTicks, own: (own.user + own.system) / 1e6, pid };
}
function cpuSince(a: ReturnType<typeof cpuSnapshot>) {
  const b = cpuSnapshot(a.pid);
  const seconds = (b.t - a.t) / 1000;
  const server = (b.serverTicks - a.serverTicks) / 100 / seconds;
  const own = (b.own - a.own) / seconds;
  const all = (b.busy - a.busy) / 100 / seconds;
  return { server, own, other: Math.max(0, all - server - own) };
}

// ------------------------------------------------------------------ texts

/**
 * Per-guide words mixed into every language: an invented company (Latin letters in every language,
 * as Sörmland and Komvux stay in the real translations), and a place and a product written in the
 * language's own script, in a sentence of that language.
 */
const LATIN = ["ka", "lo", "ven", "dra", "mi", "sto", "rup", "el", "na", "tor", "bi", "gun", "sel", "ma", "ri", "ök", "ås", "ber", "vi", "ly"];
const ARABIC = ["بر", "كا", "من", "سو", "لي", "تا", "ها", "دو", "ني", "ري", "فا", "قو", "جا", "زي", "طو"];
const PERSIAN = ["پا", "چی", "گل", "ور", "ند", "سا", "مه", "کو", "زی", "را", "شن", "تو", "خا", "بی", "ژا"];
const ETHIOPIC = ["ሰ", "ላ", "ም", "ብ", "ር", "ሃ", "ና", "ተ", "ክ", "ዳ", "ሞ", "ጊ", "ፋ", "ዘ", "ቆ"];
const CYRILLIC = ["ко", "ва", "лен", "дри", "ми", "сто", "руп", "ель", "на", "тор", "бі", "гун", "сел", "ма", "рі", "їж"];
type Sentence = (company: string, place: string, product: string) => string;
const PER_GUIDE: Record<string, { syllables: string[]; sentence: Sentence }> = {
  sv: { syllables: LATIN, sentence: (c, p, x) => `Hos ${c} i ${p} tillverkar man ${x}.` },
  lattlast: { syllables: LATIN, sentence: (c, p, x) => `${c} finns i ${p}. De gör ${x}.` },
  en: { syllables: LATIN, sentence: (c, p, x) => `At ${c} in ${p} they make ${x}.` },
  ar: { syllables: ARABIC, sentence: (c, p, x) => `في شركة ${c} في ${p} يصنعون ${x}.` },
  prs: { syllables: PERSIAN, sentence: (c, p, x) => `در شرکت ${c} در ${p} ${x} تولید می‌کنند.` },
  fa: { syllables: PERSIAN, sentence: (c, p, x) => `در شرکت ${c} در ${p} ${x} می‌سازند.` },
  so: { syllables: LATIN, sentence: (c, p, x) => `Shirkadda ${c} ee ${p} waxay samaysaa ${x}.` },
  ti: { syllables: ETHIOPIC, sentence: (c, p, x) => `ኣብ ትካል ${c} ኣብ ${p} ${x} ይሰርሑ።` },
  uk: { syllables: CYRILLIC, sentence: (c, p, x) => `На підприємстві ${c} у ${p} виготовляють ${x}.` },
};
const word = (syllables: string[], capital = false) => {
  const w = Array.from({ length: 2 + int(2) }, () => pick(syllables)).join("");
  return capital ? w[0].toUpperCase() + w.slice(1) : w;
};

/** Sentences of a paragraph and items of a list shuffled; headings and paragraph order kept. */
function shuffleMarkdown(body: string) {
  return body
    .split(/\n{2,}/)
    .map((block) => {
      const lines = block.split("\n");
      if (lines.every((l) => /^\s*([-*]|\d+\.)\s/.test(l))) return shuffle(lines).join("\n");
      if (lines.length > 1 || block.startsWith("#")) return block;
      return shuffle(block.split(/(?<=[.!?።؟])\s+/)).join(" ");
    })
    .join("\n\n");
}

interface SourceGuide {
  slug: string;
  position: number;
  sector: string | null;
  sections: { key: string; kind: "text" | "fact" | "material"; figure?: string; source?: string }[];
  texts: Record<string, { sections: Record<string, { heading: string; body: string }> }>;
}

// ------------------------------------------------------------------ 1. search

async function searchFigures() {
  // The app modules read their configuration when imported: point them at the bench's own file.
  Object.assign(process.env, { DATA_DIR: searchDir, DATABASE_FILE: searchFile, NODE_ENV: "production", MAIL_TRANSPORT: "log" });
  const { openSqlite } = await import("../db/connection");
  const { migrateToLatest } = await import("../db/migrator");
  const { seedReferenceData } = await import("../db/seed-data");
  const { readGuideFiles } = await import("../db/seed-guides");
  const { reindexGuide, searchGuides, listGuideLanguages } = await import("../app/guidance/guidance.server");

  const db = openSqlite(searchFile);
  await migrateToLatest(db);
  await seedReferenceData(db); // the four real guides, indexed
  const languages = (await listGuideLanguages(db)).map((l) => l.code);
  const sources = readGuideFiles().map(({ guide, texts }) => ({ ...guide, texts }) as SourceGuide);
  sources.sort((a, b) => a.position - b.position);
  log(`inserting ${GUIDES} guides in ${languages.length} languages (from ${sources.map((s) => s.slug).join(", ")})`);

  const t0 = performance.now();
  const sqlite = new Database(searchFile);
  sqlite.pragma("foreign_keys = ON");
  const sectorIds = new Map((sqlite.prepare("select id, slug from sector").all() as { id: number; slug: string }[]).map((s) => [s.slug, s.id]));
  const insertGuide = sqlite.prepare("insert into guide (slug, sector_id, status, sort_order) values (?, ?, 'published', ?) returning id");
  const insertSection = sqlite.prepare(
    "insert into guide_section (guide_id, key, kind, figure, source, sort_order, heading, body) values (?, ?, ?, ?, ?, ?, ?, ?) returning id",
  );
  const insertTranslation = sqlite.prepare(
    "insert into guide_translation (section_id, language, heading, body, source_revision, status, native_reviewed) values (?, ?, ?, ?, 1, 'published', 0)",
  );
  const ids: number[] = [];
  let sectionCount = 0;
  let translationCount = 0;
  sqlite.transaction(() => {
    for (let i = 0; i < GUIDES; i++) {
      const source = sources[i % sources.length];
      const slug = `bench-${String(i + 1).padStart(4, "0")}-${source.slug}`;
      const id = (insertGuide.get(slug, source.sector ? (sectorIds.get(source.sector) ?? null) : null, 1000 + i) as { id: number }).id;
      ids.push(id);
      // this guide's own words, in the intro (title and text) and one other text section
      const company = `${word(LATIN, true)} ${pick(["AB", "Industri AB", "Verkstad AB", "Mekaniska AB"])}`;
      const extraKey = pick(source.sections.filter((s) => s.kind === "text" && s.key !== "intro")).key;
      const vary = (code: string, key: string, text: { heading: string; body: string }) => {
        const own = PER_GUIDE[code] ?? PER_GUIDE.en;
        const sentence = key === "intro" || key === extraKey ? own.sentence(company, word(own.syllables, true), word(own.syllables)) : "";
        return { heading: key === "intro" ? `${text.heading} – ${company}` : text.heading, body: `${shuffleMarkdown(text.body)} ${sentence}`.trim() };
      };
      for (const [n, section] of source.sections.entries()) {
        const sv = vary("sv", section.key, source.texts.sv.sections[section.key]);
        const sectionId = (insertSection.get(id, section.key, section.kind, section.figure ?? null, section.source ?? null, (n + 1) * 10, sv.heading, sv.body) as { id: number }).id;
        sectionCount++;
        for (const code of languages.filter((l) => l !== "sv")) {
          const own = source.texts[code]?.sections[section.key];
          if (!own) continue; // no text in this language: the reader gets the fallback, as in the app
          const text = vary(code, section.key, own);
          insertTranslation.run(sectionId, code, text.heading, text.body);
          translationCount++;
        }
      }
    }
  })();
  sqlite.close();
  const insertMs = performance.now() - t0;
  log(`inserted ${sectionCount} sections and ${translationCount} translations in ${(insertMs / 1000).toFixed(1)} s; reindexing each guide`);

  const indexTimes: number[] = [];
  const indexCpu = cpuSnapshot();
  const t1 = performance.now();
  for (const id of ids) {
    const t = performance.now();
    await reindexGuide(db, id);
    indexTimes.push(performance.now() - t);
  }
  const indexWall = performance.now() - t1;
  const indexLoad = cpuSince(indexCpu);
  const indexRows = Number((await db.selectFrom("guide_search").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  log(`indexed ${ids.length} guides in ${(indexWall / 1000).toFixed(1)} s (${indexRows} rows in guide_search)`);

  // Words a reader would type, checked against the real texts; a term matches words it begins
  // (searchGuides adds a prefix star), so every query is also a prefix query.
  const queries: Record<string, { q: string; note: string }[]> = {
    sv: [
      { q: "CNC", note: "" },
      { q: "svetsare", note: "" },
      { q: "lärling", note: "" },
      { q: "montor", note: "without ö" },
      { q: "underhåll", note: "" },
      { q: "svenska för invandrare", note: "three words" },
      { q: "vali", note: "prefix" },
      { q: "Eskilstuna", note: "" },
    ],
    lattlast: [
      { q: "CNC", note: "" },
      { q: "svetsare", note: "" },
      { q: "lärling", note: "" },
      { q: "jobbet", note: "" },
      { q: "lär dig", note: "two words" },
      { q: "säk", note: "prefix" },
      { q: "komvux", note: "" },
    ],
    en: [
      { q: "CNC", note: "" },
      { q: "welder", note: "" },
      { q: "apprentice", note: "" },
      { q: "maintenance technician", note: "two words" },
      { q: "weld", note: "prefix" },
      { q: "Swedish for immigrants", note: "three words" },
      { q: "safety", note: "" },
    ],
    ar: [
      { q: "CNC", note: "" },
      { q: "لحّام", note: "welder, with shadda" },
      { q: "لحام", note: "welder, no vowel mark" },
      { q: "التلمذة المهنية", note: "apprenticeship, two words" },
      { q: "السلامة", note: "safety" },
      { q: "تعليم الكبار", note: "adult education, two words" },
      { q: "Komvux", note: "Latin in Arabic text" },
      { q: "الصنا", note: "prefix (industry)" },
    ],
    prs: [
      { q: "CNC", note: "" },
      { q: "جوشکار", note: "welder" },
      { q: "جوشكار", note: "welder, Arabic kaf" },
      { q: "ولدنگ‌کار", note: "welder, with ZWNJ: two terms" },
      { q: "شاگردی", note: "apprenticeship" },
      { q: "آموزش بزرگسالان", note: "adult education, two words" },
      { q: "تخنیک", note: "prefix (technician)" },
    ],
    fa: [
      { q: "CNC", note: "" },
      { q: "جوشکار", note: "welder" },
      { q: "کارآموز", note: "apprentice" },
      { q: "كارآموز", note: "apprentice, Arabic kaf" },
      { q: "ايمني", note: "safety, Arabic yeh" },
      { q: "آموزش بزرگسالان", note: "adult education, two words" },
      { q: "تکنس", note: "prefix (technician)" },
    ],
    so: [
      { q: "CNC", note: "" },
      { q: "alxamiste", note: "welder" },
      { q: "shaqo-barasho", note: "apprenticeship, hyphen: two terms" },
      { q: "badbaado", note: "safety" },
      { q: "dadka waaweyn", note: "adults, two words" },
      { q: "mashiin", note: "prefix (machines)" },
      { q: "Komvux", note: "" },
    ],
    ti: [
      { q: "CNC", note: "" },
      { q: "ብየዳ", note: "welding" },
      { q: "ሰራሕተኛ ብየዳ", note: "welder, two words" },
      { q: "ልምምድ", note: "apprenticeship" },
      { q: "ድሕንነት", note: "safety" },
      { q: "ትምህርቲ ዓበይቲ", note: "adult education, two words" },
      { q: "ማሽ", note: "prefix (machines)" },
    ],
    uk: [
      { q: "CNC", note: "" },
      { q: "Зварник", note: "welder, capital" },
      { q: "учнівство", note: "apprenticeship" },
      { q: "безпек", note: "prefix (safety)" },
      { q: "навчання для дорослих", note: "adult education, three words" },
      { q: "звар", note: "prefix (weld)" },
      { q: "шведська", note: "Swedish" },
    ],
  };
  const cases = Object.entries(queries).flatMap(([language, list]) => list.map((c) => ({ language, ...c, times: [] as number[], matches: 0, first: 0 })));
  for (const c of cases) {
    const all = await searchGuides(db, c.language, c.q, 100_000); // untimed: how many guides match at all
    c.matches = all.length;
  }
  const ROUNDS = Math.ceil(SEARCHES / cases.length);
  log(`searching: ${cases.length} queries × ${ROUNDS} rounds (+1 unrecorded)`);
  let searchCpu = cpuSnapshot();
  for (let round = 0; round <= ROUNDS; round++) {
    if (round === 1) searchCpu = cpuSnapshot();
    for (const c of shuffle(cases)) {
      const t = performance.now();
      const found = await searchGuides(db, c.language, c.q);
      const elapsed = performance.now() - t;
      if (round === 0) c.first = found.length;
      else c.times.push(elapsed);
    }
  }
  const searchLoad = cpuSince(searchCpu);
  await db.destroy();
  const check = new Database(searchFile);
  check.pragma("wal_checkpoint(TRUNCATE)");
  let tables: { name: string; bytes: number }[] = [];
  try {
    tables = check.prepare("select name, sum(pgsize) as bytes from dbstat group by name order by bytes desc").all() as { name: string; bytes: number }[];
  } catch {
    /* dbstat not compiled in */
  }
  check.close();
  const fileBytes = fs.statSync(searchFile).size;
  const walFile = `${searchFile}-wal`;
  const walBytes = fs.existsSync(walFile) ? fs.statSync(walFile).size : 0;
  return { languages, insertMs, sectionCount, translationCount, indexTimes, indexWall, indexLoad, indexRows, cases, searchLoad, fileBytes, walBytes, tables, guides: ids.length };
}

// ------------------------------------------------------------------ 2. requests per second

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(Number(process.env.BENCH_PORT ?? 0), "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const newestChange = (dir: string): number =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => Math.max(n, e.isDirectory() ? newestChange(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs), fs.statSync(dir).mtimeMs)
    : 0;

/**
 * The server runs from a copy of build/, public/, locales/ (read at start), server.js and
 * package.json taken when nothing in build/ or public/build/ has changed for 5 s and the client
 * manifest build/index.js names is there: others rebuild this working tree while the bench runs,
 * and a half-written build would be measured otherwise. node_modules is linked, not copied.
 */
async function snapshotBuild(dir: string) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const newest = Math.max(newestChange("build"), newestChange("public/build"));
    if (Date.now() - newest > 5000) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir);
      for (const name of ["build", "public", "locales"]) fs.cpSync(name, path.join(dir, name), { recursive: true });
      for (const name of ["server.js", "package.json"]) fs.copyFileSync(name, path.join(dir, name));
      fs.symlinkSync(path.resolve("node_modules"), path.join(dir, "node_modules"));
      const manifest = /\/build\/manifest-[A-Za-z0-9]+\.js/.exec(fs.readFileSync(path.join(dir, "build/index.js"), "utf8"))?.[0];
      if (manifest && fs.existsSync(path.join(dir, "public", manifest)) && Math.max(newestChange("build"), newestChange("public/build")) === newest)
        return { version: fs.readFileSync(path.join(dir, "build/version.txt"), "utf8").trim(), built: new Date(newest) };
    }
    log("build/ is being written by someone else: waiting for it to settle");
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error("build/ and public/build/ did not settle in 2 minutes");
}

async function startServer(port: number, cwd: string) {
  server = spawn("node", ["server.js"], { cwd, env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout!.on("data", (c) => (serverLog += c));
  server.stderr!.on("data", (c) => (serverLog += c));
  server.on("exit", (code, signal) => {
    if (!stopping) log(`the server stopped by itself (exit ${code}, signal ${signal}); its output:\n${serverLog.slice(-4000)}`);
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

/** Stops the server by its pid (SIGTERM, SIGKILL after 5 s): its pipes would keep this process alive. */
let stopping = false;
async function stopServer() {
  const child = server;
  stopping = true;
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

function run(url: string, duration: number, headers: Record<string, string> = {}) {
  return new Promise<{ rps: number; p50: number; p97_5: number; p99: number; non2xx: number; errors: number; total: number; bytes: number }>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration, headers }, (error, result) => {
      if (error) return reject(error);
      resolve({
        rps: result.requests.average,
        p50: result.latency.p50,
        p97_5: result.latency.p97_5,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        total: result.requests.total,
        bytes: result.requests.total ? result.throughput.total / result.requests.total : 0,
      });
    });
    instance.on("error", reject);
  });
}

// ------------------------------------------------------------------ 3. bytes a phone transfers

async function pageBytes(base: string, paths: string[]) {
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"] });
  const pages = [];
  try {
    for (const p of paths) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      const page = await context.newPage();
      const encodings = new Map<string, string>();
      let responses = 0;
      page.on("response", (r) => {
        responses++;
        encodings.set(r.url(), r.headers()["content-encoding"] ?? "");
      });
      const response = await page.goto(base + p, { waitUntil: "networkidle" });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.waitForTimeout(300);
      const entries = await page.evaluate(() =>
        [...window.performance.getEntriesByType("navigation"), ...window.performance.getEntriesByType("resource")].map((e) => {
          const r = e as PerformanceResourceTiming;
          return { name: r.name, type: r.initiatorType, transfer: r.transferSize, encoded: r.encodedBodySize, decoded: r.decodedBodySize };
        }),
      );
      pages.push({ path: p, status: response?.status() ?? 0, entries: entries.map((e) => ({ ...e, encoding: encodings.get(e.name) ?? "" })), responses });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return pages;
}

// ------------------------------------------------------------------ 4. Lighthouse

function lighthouse(url: string) {
  const out = path.join(work, `lighthouse-${url.replace(/[^a-z0-9]+/gi, "-")}.json`);
  const args = [
    "--yes",
    LIGHTHOUSE,
    url,
    "--output=json",
    `--output-path=${out}`,
    // Lighthouse 12 takes the browser from CHROME_PATH (set below); the flag is passed as asked and ignored by it.
    `--chrome-path=${CHROMIUM}`,
    "--chrome-flags=--headless=new --no-sandbox",
    "--only-categories=performance,accessibility",
    "--quiet",
  ];
  return new Promise<{ ok: true; performance: number; accessibility: number; fcp: number; lcp: number; tbt: number; cls: number; bytes: number; warnings: string[] } | { ok: false; reason: string }>((resolve) => {
    execFile("npx", args, { env: { ...process.env, CHROME_PATH: CHROMIUM }, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error || !fs.existsSync(out)) {
        const detail = `${stderr}`.replace(/\s+/g, " ").trim();
        const reason = (detail ? detail.slice(-300) : `${error?.message ?? ""}`.split("\n")[0]).trim();
        return resolve({ ok: false, reason: reason || "no report written" });
      }
      const report = JSON.parse(fs.readFileSync(out, "utf8"));
      if (report.runtimeError) return resolve({ ok: false, reason: `${report.runtimeError.code}: ${report.runtimeError.message}` });
      const audit = (id: string) => Number(report.audits[id]?.numericValue ?? NaN);
      resolve({
        ok: true,
        performance: Math.round(report.categories.performance.score * 100),
        accessibility: Math.round(report.categories.accessibility.score * 100),
        fcp: audit("first-contentful-paint"),
        lcp: audit("largest-contentful-paint"),
        tbt: audit("total-blocking-time"),
        cls: audit("cumulative-layout-shift"),
        bytes: audit("total-byte-weight"),
        warnings: report.runWarnings ?? [],
      });
    });
  });
}

// ------------------------------------------------------------------ run

const startedAt = performance.now();
const load = os.loadavg()[0];
if (!fs.existsSync("build/index.js")) {
  log("no build/: npm run build");
  execFileSync("npm", ["run", "build"], { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
}
const search = await searchFigures();

log(`work directory ${serverDir}: migrating and seeding`);
execFileSync("npx", ["tsx", "db/migrate.ts"], { env, stdio: "ignore" });
execFileSync("npx", ["tsx", "db/seed.ts"], { env, stdio: "ignore" });
const port = await freePort();
const BASE = `http://127.0.0.1:${port}`;
const app = await snapshotBuild(path.join(work, "app"));
log(`server from a copy of build/ ${app.version} (written ${app.built.toISOString()})`);
await startServer(port, path.join(work, "app"));
const routes = [
  { name: "`GET /ti/vagledning/verkstadsindustri` (guide page, Tigrinya reader)", path: "/ti/vagledning/verkstadsindustri" },
  { name: "`GET /ar/vagledning/verkstadsindustri` (guide page, Arabic reader)", path: "/ar/vagledning/verkstadsindustri" },
  { name: "`GET /sv/vagledning?q=CNC` (search, list of hits)", path: "/sv/vagledning?q=CNC" },
  { name: "`GET /healthz` (bare route)", path: "/healthz" },
  { name: "`GET /ti/vagledning/verkstadsindustri` with `Accept-Encoding: gzip, deflate, br` (as a browser asks)", path: "/ti/vagledning/verkstadsindustri", headers: { "accept-encoding": "gzip, deflate, br" } },
];
const loadResults = [];
for (const r of routes) {
  const check = await fetch(BASE + r.path);
  const html = await check.text();
  if (!check.ok) throw new Error(`${r.path} answered ${check.status}`);
  log(`autocannon ${r.path}${r.headers ? " (compressed)" : ""}: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s`);
  await run(BASE + r.path, WARMUP, r.headers).catch(() => undefined);
  const cpu = cpuSnapshot(server?.pid);
  const result = await run(BASE + r.path, DURATION, r.headers);
  loadResults.push({ ...r, html: Buffer.byteLength(html), ...result, cpu: cpuSince(cpu) });
}
const searchPage = await (await fetch(`${BASE}/sv/vagledning?q=CNC`)).text();
const searchHits = (searchPage.match(/class="guide-card"/g) ?? []).length;

log("page weight in Chromium (JavaScript off, 360 × 740)");
const weights = await pageBytes(BASE, ["/sv/vagledning/verkstadsindustri", "/ar/vagledning/verkstadsindustri", "/ti/vagledning/verkstadsindustri"]);

const lighthouseResults = [];
for (const p of ["/ti/vagledning/verkstadsindustri", "/sv/vagledning/verkstadsindustri"]) {
  log(`npx ${LIGHTHOUSE} ${p} (mobile)`);
  let result = await lighthouse(BASE + p);
  if (!result.ok) {
    log(`lighthouse failed (${result.reason}); once more`);
    result = await lighthouse(BASE + p);
  }
  lighthouseResults.push({ path: p, ...result });
}
await stopServer();
const totalSeconds = (performance.now() - startedAt) / 1000;

// ------------------------------------------------------------------ report

console.log(`\n## Guidance (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, load average ${load.toFixed(2)} at the start, ${totalSeconds.toFixed(0)} s)\n`);
const idx = stats(search.indexTimes);
console.log(`| Search index, ${search.guides} generated guides + 4 real ones, ${search.languages.length} languages | figure |\n| --- | --- |`);
console.log(`| rows inserted (guide_section / guide_translation) | ${search.sectionCount} / ${search.translationCount} (${(search.insertMs / 1000).toFixed(1)} s, one transaction) |`);
console.log(`| \`reindexGuide\` per guide (${idx.n} guides): mean / p50 / p95 / max | ${ms(idx.mean)} / ${ms(idx.p50)} / ${ms(idx.p95)} / ${ms(idx.max)} |`);
const tenth = Math.max(1, Math.floor(idx.n / 10));
const meanOf = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
console.log(`| ↳ mean of the first ${tenth} / the last ${tenth} (guide_search holds more rows for the later ones) | ${ms(meanOf(search.indexTimes.slice(0, tenth)))} / ${ms(meanOf(search.indexTimes.slice(-tenth)))} |`);
console.log(`| all ${idx.n} reindexed one after the other | ${(search.indexWall / 1000).toFixed(1)} s (${search.indexRows} rows in guide_search; this process ${search.indexLoad.own.toFixed(2)} cores, other processes ${search.indexLoad.other.toFixed(2)}) |`);
console.log(`| database file after a WAL checkpoint | ${mib(search.fileBytes)}${search.walBytes ? ` (+ ${mib(search.walBytes)} WAL)` : ""} |`);
if (search.tables.length) {
  const fts = search.tables.filter((t) => t.name.startsWith("guide_search")).reduce((n, t) => n + t.bytes, 0);
  const top = search.tables.filter((t) => !t.name.startsWith("guide_search")).slice(0, 3);
  console.log(`| ↳ of which the FTS5 index (guide_search and its shadow tables) | ${mib(fts)} |`);
  console.log(`| ↳ largest other tables and indexes | ${top.map((t) => `${t.name} ${mib(t.bytes)}`).join(", ")} |`);
}

const all = stats(search.cases.flatMap((c) => c.times));
console.log(`\n| \`searchGuides(db, language, query)\` (limit 20) | searches | p50 | p95 | p99 | max |\n| --- | --- | --- | --- | --- | --- |`);
console.log(`| **all languages** | ${all.n} | ${ms(all.p50)} | **${ms(all.p95)}** | ${ms(all.p99)} | ${ms(all.max)} |`);
for (const language of search.languages) {
  const s = stats(search.cases.filter((c) => c.language === language).flatMap((c) => c.times));
  if (s.n) console.log(`| ${language} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} |`);
}
console.log(`\nDuring the searches this process used ${search.searchLoad.own.toFixed(2)} cores and other processes ${search.searchLoad.other.toFixed(2)} of ${os.cpus().length}.`);
console.log(`\n| language | query | guides matching (of ${search.guides + 4}) | p50 | p95 | max |\n| --- | --- | --- | --- | --- | --- |`);
for (const c of search.cases) {
  const s = stats(c.times);
  console.log(`| ${c.language} | \`${c.q}\`${c.note ? ` (${c.note})` : ""} | ${c.matches} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} |`);
}

console.log(`\nServer: \`node server.js\` over a copy of build/ version ${app.version} (written ${app.built.toISOString()}).`);
console.log(`\n| Production server, ${CONNECTIONS} connections, ${DURATION} s per route (after ${WARMUP} s unrecorded) | req/s | p50 ms | p97.5 ms | p99 ms | bytes per response (body + headers) | requests (non-2xx / errors) | server / other CPU (cores) | req per server CPU-second |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
for (const r of loadResults)
  console.log(
    `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p97_5} | ${r.p99} | ${Math.round(r.bytes)} | ${r.total} (${r.non2xx} / ${r.errors}) | ${r.cpu.server.toFixed(2)} / ${r.cpu.other.toFixed(2)} | ${r.cpu.server ? (r.rps / r.cpu.server).toFixed(0) : "—"} |`,
  );
console.log(`\n\`/sv/vagledning?q=CNC\` lists ${searchHits} guides (the seeded four are all that exist on the server).`);

for (const w of weights) {
  const total = w.entries.reduce((n, e) => n + e.transfer, 0);
  const decoded = w.entries.reduce((n, e) => n + e.decoded, 0);
  console.log(`\n| \`${w.path}\` (HTTP ${w.status}), JavaScript off, 360 × 740 | type | encoding | transferred | body decoded |\n| --- | --- | --- | --- | --- |`);
  for (const e of w.entries) console.log(`| \`${new URL(e.name).pathname}${new URL(e.name).search}\` | ${e.type} | ${e.encoding || "none"} | ${e.transfer} B | ${e.decoded} B |`);
  console.log(`| **total** (${w.entries.length} entries; ${w.responses} responses seen by the browser) | | | **${kb(total)}** | ${kb(decoded)} |`);
}

console.log(`\n| Lighthouse ${LIGHTHOUSE.split("@")[1]}, default mobile config (simulated slow 4G, 4× CPU slowdown), ${CHROMIUM} | performance | accessibility | FCP | LCP | TBT | CLS | total byte weight |\n| --- | --- | --- | --- | --- | --- | --- | --- |`);
for (const l of lighthouseResults) {
  if (!l.ok) console.log(`| \`${l.path}\` | Lighthouse could not be run: ${l.reason.replace(/\|/g, "\\|")} | | | | | | |`);
  else console.log(`| \`${l.path}\` | ${l.performance} | ${l.accessibility} | ${(l.fcp / 1000).toFixed(2)} s | ${(l.lcp / 1000).toFixed(2)} s | ${l.tbt.toFixed(0)} ms | ${l.cls.toFixed(3)} | ${kb(l.bytes)} |`);
}
for (const l of lighthouseResults) if (l.ok && l.warnings.length) console.log(`\nLighthouse warnings for \`${l.path}\`: ${l.warnings.join(" ")}`);
