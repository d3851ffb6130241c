// Prints bench/run.sh's results as Markdown. Reads from <results-dir>:
//   meta.txt     key=value lines written by run.sh (machine, timings, memory)
//   cold-N.json  bench/first-request.mjs output, one per cold start
//   load.json    bench/load.mjs output
// With --json, prints everything as one JSON object instead.
//
//   node bench/report.mjs <results-dir> [--json]
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const asJson = process.argv.includes("--json");
const meta = Object.fromEntries(
  fs
    .readFileSync(path.join(dir, "meta.txt"), "utf8")
    .split("\n")
    .filter((line) => line.includes("="))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
);
const colds = fs
  .readdirSync(dir)
  .filter((f) => /^cold-\d+\.json$/.test(f))
  .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]))
  .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
const load = JSON.parse(fs.readFileSync(path.join(dir, "load.json"), "utf8"));

if (asJson) {
  console.log(JSON.stringify({ meta, coldStarts: colds, load }, null, 2));
  process.exit(0);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => (x == null ? "–" : `${Number(x).toFixed(1)} ms`);
const secs = (ns) => `${(Number(ns) / 1e9).toFixed(1)} s`;
const mib = (kb) => `${(Number(kb) / 1024).toFixed(1)} MiB`;
const spread = (key) => {
  const xs = colds.map((c) => c[key]);
  if (xs.length === 1) return ms(xs[0]);
  return `${ms(median(xs))} (median of ${xs.length}; ${xs.map((x) => x.toFixed(1)).join(" / ")})`;
};

const cores = (x) => (x == null || x === "" ? "–" : `${Number(x).toFixed(2)}`);
// [figure, result, CPU of the step itself (cores), CPU of everything else on the machine (cores)]
const rows = [
  [
    `Clean \`npm ci\` (fresh clone, warm npm cache, better-sqlite3 ${meta.betterSqlite3})`,
    secs(meta.npmCiNs),
    cores(meta.npmCiCpuCores),
    cores(meta.npmCiOtherCores),
  ],
  ["`npm run build` (remix build, production)", secs(meta.buildNs), cores(meta.buildCpuCores), cores(meta.buildOtherCores)],
  ["Spawn of `node server.js` → first 200 for `GET /`", spread("spawnToFirstOkMs"), "", ""],
  ["Spawn → port accepts connections", spread("spawnToPortOpenMs"), "", ""],
  ["Latency of the first `GET /` once the port is open", spread("firstRequestMs"), "", ""],
  [`Idle RSS after start + ${meta.warmRequests} requests + ${meta.idleSeconds} s idle (VmRSS)`, mib(meta.rssIdleKb), "", ""],
];
for (const [route, r] of Object.entries(load)) {
  const label = route === "/" ? "`GET /` (start page, SSR React)" : `\`GET ${route}\``;
  const c = r.cpuCores;
  rows.push([
    `${label} — requests/s (${r.connections} connections, ${r.durationS} s)`,
    `${r.rps.toFixed(0)} req/s`,
    `server ${cores(c.server)} + autocannon ${cores(c.loadgen)}`,
    cores(c.other),
  ]);
  rows.push([`${label} — p95 latency`, ms(r.latencyMs.p95), "", ""]);
}
rows.push([`Extra: RSS after the load runs + ${meta.idleSeconds} s idle (VmRSS)`, mib(meta.rssAfterLoadKb), "", ""]);

const out = [];
out.push(`## Vägval bench — ${meta.date}`);
out.push("");
out.push(
  `Commit \`${meta.commit.slice(0, 12)}\` · ${meta.nproc} CPU (${meta.cpu}) · ${mib(meta.memTotalKb)} RAM · ` +
    `Node ${meta.node} · npm ${meta.npm} · ${meta.os}`,
);
out.push("");
out.push(
  `Load average (1/5/15 min) at start ${meta.loadStart}; before the cold starts ${meta.loadBeforeColdStarts}; ` +
    `before the load test ${meta.loadBeforeLoad}.`,
);
out.push("");
out.push("| Figure | Result | CPU of the step (cores) | CPU of other processes meanwhile (cores) |");
out.push("| --- | --- | --- | --- |");
for (const [k, v, own, other] of rows) out.push(`| ${k} | ${v} | ${own} | ${other} |`);
out.push("");
out.push("Load test details (latencies from every 2xx response, nearest rank; autocannon's whole-ms p97.5/p99 for cross-check):");
out.push("");
out.push(
  "| Route | req/s | req per server CPU-second | requests (2xx / non-2xx / errors) | mean | p50 | p95 | p99 | max | autocannon p97.5 / p99 | bytes/response |",
);
out.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const [route, r] of Object.entries(load)) {
  const l = r.latencyMs;
  out.push(
    `| \`GET ${route}\` | ${r.rps.toFixed(0)} | ${r.cpuCores.server ? (r.rps / r.cpuCores.server).toFixed(0) : "–"} | ${r.ok2xx} / ${r.non2xx} / ${r.errors + r.timeouts} | ${ms(l.mean)} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.max)} | ${r.autocannonLatencyMs.p97_5} / ${r.autocannonLatencyMs.p99} ms | ${r.bytesPerResponse} |`,
  );
}
const disturbed = Object.values(load).some((r) => r.cpuCores.other > 0.25) || Number(meta.npmCiOtherCores) > 0.25;
if (disturbed) {
  out.push("");
  out.push(
    `Note: other processes used a noticeable share of the ${meta.nproc} CPUs during this run (last column), so these figures are lower/slower than on an idle machine; "req per server CPU-second" is the figure least affected by that.`,
  );
}
console.log(out.join("\n"));
