// Load test for bench/run.sh: for each path, a short unrecorded warm-up, then a measured
// autocannon run (closed loop: each of N connections sends its next request as soon as the
// previous answer is complete; keep-alive, no pipelining, no Accept-Encoding).
//
// autocannon's result object has latency.p50/p90/p97_5/p99 (no p95) from an HDR histogram that
// holds whole milliseconds, so this script also records every 2xx response time (float ms, from
// the 'response' event) and computes p50/p95/p99 itself (nearest rank over all samples).
//
//   node bench/load.mjs <base-url> <connections> <duration-s> <warmup-s> <path> [path...]
// Prints one JSON object: { "<path>": { rps, p50, p95, p99, ... }, ... }
import autocannon from "autocannon";

const [base, connectionsArg, durationArg, warmupArg, ...paths] = process.argv.slice(2);
const connections = Number(connectionsArg);
const duration = Number(durationArg);
const warmup = Number(warmupArg);
if (!base || !paths.length || !(connections > 0) || !(duration > 0))
  throw new Error("usage: load.mjs <base-url> <connections> <duration-s> <warmup-s> <path>...");

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
  const { result, samples } = await run(url, duration, true);
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
    bytesPerResponse: result["2xx"] ? Math.round(result.throughput.total / result["2xx"]) : null,
  };
  await sleep(2000);
}
console.log(JSON.stringify(out));
