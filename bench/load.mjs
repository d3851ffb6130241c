// Load test for bench/run.sh: for each path, a short unrecorded warm-up, then a measured
// autocannon run (closed loop: each of N connections sends its next request as soon as the
// previous answer is complete; keep-alive, no pipelining, no Accept-Encoding).
//
// autocannon's result object has latency.p50/p90/p97_5/p99 (no p95) from an HDR histogram that
// holds whole milliseconds, so this script also records every 2xx response time (float ms, from
// the 'response' event) and computes p50/p95/p99 itself (nearest rank over all samples).
//
// CPU accounting for each measured run (from /proc, in cores = CPU seconds per wall second): the
// server process, this load generator, the whole machine, and "other" = whole machine minus
// both, i.e. how much the figures were disturbed by anything else running at the same time.
//
//   node bench/load.mjs <base-url> <server-pid> <connections> <duration-s> <warmup-s> <path> [path...]
// Prints one JSON object: { "<path>": { rps, p50, p95, p99, ... }, ... }
import fs from "node:fs";
import autocannon from "autocannon";

const [base, serverPidArg, connectionsArg, durationArg, warmupArg, ...paths] = process.argv.slice(2);
const serverPid = Number(serverPidArg);
const connections = Number(connectionsArg);
const duration = Number(durationArg);
const warmup = Number(warmupArg);
if (!base || !paths.length || !(connections > 0) || !(duration > 0))
  throw new Error("usage: load.mjs <base-url> <server-pid> <connections> <duration-s> <warmup-s> <path>...");

const TICK = 100; // USER_HZ: /proc/stat and /proc/<pid>/stat count in 1/100 s on Linux
function machineBusyTicks() {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f; // idle and iowait are not busy
  return user + nice + system + irq + softirq + steal;
}
function processTicks(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]); // utime + stime (fields 14 and 15)
}
function cpuSnapshot() {
  const self = process.cpuUsage();
  return { t: performance.now(), machine: machineBusyTicks(), server: processTicks(serverPid), self: (self.user + self.system) / 1e6 };
}
function cpuDelta(a, b) {
  const wall = (b.t - a.t) / 1000;
  const machine = (b.machine - a.machine) / TICK / wall;
  const server = (b.server - a.server) / TICK / wall;
  const loadgen = (b.self - a.self) / wall;
  return { machine: r2(machine), server: r2(server), loadgen: r2(loadgen), other: r2(Math.max(0, machine - server - loadgen)) };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const r2 = (x) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 100) / 100);

async function run(url, seconds, record) {
  const samples = [];
  const instance = autocannon({ url, connections, duration: seconds, timeout: 10 });
  if (record)
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) samples.push(responseTime);
    });
  const result = await instance;
  return { result, samples };
}

const out = {};
for (const path of paths) {
  const url = new URL(path, base).toString();
  if (warmup > 0) {
    process.stderr.write(`[bench] warm-up ${url} (${warmup} s, ${connections} connections)\n`);
    await run(url, warmup, false);
    await sleep(1000);
  }
  process.stderr.write(`[bench] measuring ${url} (${duration} s, ${connections} connections)\n`);
  const before = cpuSnapshot();
  const { result, samples } = await run(url, duration, true);
  const cpuCores = cpuDelta(before, cpuSnapshot());
  const sorted = Float64Array.from(samples).sort();
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null;
  out[path] = {
    url,
    connections,
    durationS: result.duration,
    // autocannon's figure: mean of the per-second request counts (all status codes)
    rps: result.requests.average,
    // completed 2xx responses divided by the measured duration
    rps2xx: r2(sorted.length / result.duration),
    totalRequests: result.requests.total,
    ok2xx: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      mean: r2(mean),
      p50: r2(percentile(sorted, 50)),
      p95: r2(percentile(sorted, 95)),
      p99: r2(percentile(sorted, 99)),
      max: r2(sorted.length ? sorted[sorted.length - 1] : null),
      samples: sorted.length,
    },
    // autocannon's own (whole-millisecond histogram) percentiles, for cross-checking
    autocannonLatencyMs: {
      mean: result.latency.mean,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    cpuCores,
    // bytes received per response, headers included
    bytesPerResponse: result["2xx"] ? Math.round(result.throughput.total / result["2xx"]) : null,
  };
  await sleep(2000);
}
console.log(JSON.stringify(out));
