// Cold-start probe for bench/run.sh. The server has already been spawned by run.sh, which passes
// the wall-clock time of the spawn (ns since the epoch, from `date +%s%N`). This script:
//   1. polls the port with bare TCP connects (no HTTP request, so nothing is served early) every
//      5 ms until one is accepted: "port open";
//   2. then sends GET / and waits for the complete body; if the answer is not a 200 it retries
//      (counted) until one is, or until the deadline.
// Prints one JSON object: spawnToPortOpenMs, spawnToFirstOkMs, firstRequestMs (latency of the
// first GET / once the port is open, request start to last body byte), status, bytes, attempts.
//
//   node bench/first-request.mjs <host> <port> <spawn-epoch-ns> <server-pid> [timeout-s]
import fs from "node:fs";
import http from "node:http";
import net from "node:net";

const [host, portArg, spawnNsArg, pidArg, timeoutArg = "60"] = process.argv.slice(2);
const port = Number(portArg);
const spawnMs = Number(BigInt(spawnNsArg) / 1000n) / 1000; // epoch ms with µs precision
const pid = Number(pidArg);
const deadline = Date.now() + Number(timeoutArg) * 1000;
// Date.now() has ms resolution; anchor performance.now() (µs) to the epoch once for finer stamps.
const epochOffset = Date.now() - performance.now();
const nowMs = () => epochOffset + performance.now();

const alive = () => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const fail = (message) => {
  console.error(`first-request: ${message}`);
  process.exit(1);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function tryConnect() {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function get(path) {
  return new Promise((resolve, reject) => {
    const started = nowMs();
    const req = http.get({ host, port, path, agent: false, headers: { Connection: "close" } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk) => (bytes += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode, bytes, started, finished: nowMs() }));
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("request timed out after 30 s")));
    req.on("error", reject);
  });
}

let portOpenAt;
let alreadyOpenAtFirstProbe = false;
let probes = 0;
for (;;) {
  probes++;
  if (await tryConnect()) {
    portOpenAt = nowMs();
    alreadyOpenAtFirstProbe = probes === 1;
    break;
  }
  if (!alive()) fail(`server (pid ${pid}) exited before opening port ${port}`);
  if (Date.now() > deadline) fail(`port ${port} not open within ${timeoutArg} s`);
  await sleep(5);
}

let first;
let attempts = 0;
for (;;) {
  attempts++;
  let result;
  try {
    result = await get("/");
  } catch (error) {
    result = { status: 0, error: String(error?.message ?? error) };
  }
  if (attempts === 1) first = result;
  if (result.status === 200) {
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    console.log(
      JSON.stringify({
        spawnToPortOpenMs: round(portOpenAt - spawnMs),
        spawnToFirstOkMs: round(result.finished - spawnMs),
        firstRequestMs: round(first.status === 200 ? first.finished - first.started : NaN),
        firstStatus: first.status,
        attempts,
        bytes: result.bytes,
        portAlreadyOpenAtFirstProbe: alreadyOpenAtFirstProbe,
        rssAfterFirstRequestKb: rssKb,
      }),
    );
    process.exit(0);
  }
  if (!alive()) fail(`server (pid ${pid}) exited; last GET / answer: ${JSON.stringify(result)}`);
  if (Date.now() > deadline) fail(`no 200 for GET / within ${timeoutArg} s; last: ${JSON.stringify(result)}`);
  await sleep(20);
}

function round(ms) {
  return Number.isFinite(ms) ? Math.round(ms * 10) / 10 : null;
}
