#!/usr/bin/env bash
# Performance figures for Vägval, end to end (npm run bench). See bench/README.md.
#
#   1. clean `npm ci` in a fresh `git clone` of this repository (committed files only)
#   2. `npm run build` in that clone
#   3. cold start: spawn `node server.js` (production, fresh migrated + seeded DATA_DIR) and time
#      spawn → first 200 for GET /, plus the latency of that first request once the port is open
#      (repeated BENCH_COLD_STARTS times, restarting the server each time)
#   4. idle RSS (VmRSS) after start + a few requests + BENCH_IDLE seconds idle
#   5. autocannon: requests/s and p95 for GET / and GET /healthz, same server, loopback only
#
# Progress goes to stderr, the Markdown results table to stdout. Nothing is asserted: the exit
# status is non-zero only when a step fails to run. The server is started and stopped by PID; the
# clone and temporary data are removed at exit (BENCH_KEEP=1 keeps them).
#
# Variables (defaults): BENCH_PORT (3400, first port tried), BENCH_CONNECTIONS (20),
# BENCH_DURATION (10 s per route), BENCH_WARMUP (2 s per route, not recorded),
# BENCH_COLD_STARTS (3), BENCH_IDLE (5 s), BENCH_JSON (also write all raw results to this file),
# BENCH_KEEP (1 = keep the work directory).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HOST=127.0.0.1
PORT=${BENCH_PORT:-3400}
CONNECTIONS=${BENCH_CONNECTIONS:-20}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
COLD_STARTS=${BENCH_COLD_STARTS:-3}
IDLE=${BENCH_IDLE:-5}
WARM_REQUESTS=10 # of each route, before the idle RSS reading

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ns() { date +%s%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", (b - a) / 1e9 }'; }

WORK=$(mktemp -d /tmp/vagval-bench.XXXXXX)
CLONE="$WORK/clone"
DATA="$WORK/data"
RES="$WORK/results"
LOGS="$WORK/logs"
mkdir -p "$DATA" "$RES" "$LOGS"
SERVER_PID=""
CURRENT_LOG=""

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server (pid $SERVER_PID) ignored SIGTERM, sending SIGKILL"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

cleanup() {
  local status=$?
  stop_server
  if [ "$status" -ne 0 ]; then
    log "FAILED (exit $status)"
    for f in "$CURRENT_LOG" "$LOGS/server.log"; do
      if [ -n "$f" ] && [ -s "$f" ]; then
        log "last lines of $(basename "$f"):"
        tail -n 40 "$f" | sed 's/^/  | /' >&2
      fi
    done
  fi
  if [ "${BENCH_KEEP:-}" = "1" ]; then
    log "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# `npm run bench` hands its own npm_* variables, INIT_CWD and node_modules/.bin PATH entries to
# this script; none of them may leak into the clone's npm ci / build (npm_config_local_prefix
# would point npm back at this checkout). NODE_ENV=production would make npm ci skip devDependencies.
CLEAN_ENV=(-u NODE_ENV -u INIT_CWD)
while IFS='=' read -r name _; do
  case "$name" in npm_* | NPM_*) CLEAN_ENV+=(-u "$name") ;; esac
done < <(env)
CLEAN_PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -e '/node_modules/\.bin$' -e 'node-gyp-bin$' | paste -sd: -)
in_clone() { (cd "$CLONE" && exec env "${CLEAN_ENV[@]}" PATH="$CLEAN_PATH" "$@"); }

meta() { printf '%s=%s\n' "$1" "$2" >>"$RES/meta.txt"; }

# CPU accounting around a step, to show how much anything else on the machine was running: busy
# ticks of the whole machine (/proc/stat) and CPU ticks of this shell's waited-for children
# (cutime + cstime in /proc/$$/stat, which include npm's own children).
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
children_ticks() { sed 's/.*) //' "/proc/$$/stat" | awk '{ print $14 + $15 }'; }
cpu_mark() { MARK_NS=$(now_ns); MARK_MACHINE=$(machine_ticks); MARK_CHILDREN=$(children_ticks); }
# cpu_since <name>: records <name>CpuCores (the step's own CPU) and <name>OtherCores (everything else)
cpu_since() {
  local ns machine children
  ns=$(now_ns); machine=$(machine_ticks); children=$(children_ticks)
  meta "${1}CpuCores" "$(awk -v c="$((children - MARK_CHILDREN))" -v w="$((ns - MARK_NS))" 'BEGIN { printf "%.2f", c / 100 / (w / 1e9) }')"
  meta "${1}OtherCores" "$(awk -v m="$((machine - MARK_MACHINE))" -v c="$((children - MARK_CHILDREN))" -v w="$((ns - MARK_NS))" \
    'BEGIN { o = (m - c) / 100 / (w / 1e9); printf "%.2f", (o < 0 ? 0 : o) }')"
}

# --- machine ------------------------------------------------------------------------------------
meta date "$(date +%F)"
meta nproc "$(nproc)"
meta cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
meta memTotalKb "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
meta node "$(node --version)"
meta npm "$(env "${CLEAN_ENV[@]}" PATH="$CLEAN_PATH" npm --version)"
meta os "$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -sr)"
meta loadStart "$(cut -d' ' -f1-3 /proc/loadavg)"
log "work directory: $WORK (load average $(cut -d' ' -f1-3 /proc/loadavg))"

# --- 1. clean npm ci in a fresh clone ------------------------------------------------------------
log "cloning $ROOT (committed files only)"
git clone --quiet "$ROOT" "$CLONE"
meta commit "$(git -C "$CLONE" rev-parse HEAD)"
log "commit $(git -C "$CLONE" rev-parse --short HEAD): npm ci --no-audit --no-fund"
CURRENT_LOG="$LOGS/npm-ci.log"
cpu_mark
t0=$(now_ns)
in_clone npm ci --no-audit --no-fund >"$CURRENT_LOG" 2>&1
t1=$(now_ns)
cpu_since npmCi
meta npmCiNs "$((t1 - t0))"
if [ -d "$CLONE/node_modules/better-sqlite3/build/Release/obj.target" ]; then
  meta betterSqlite3 "compiled from source (node-gyp)"
else
  meta betterSqlite3 "prebuilt binary"
fi
log "npm ci: $(elapsed "$t0" "$t1")"

# --- 2. build ------------------------------------------------------------------------------------
log "npm run build (NODE_ENV=production)"
CURRENT_LOG="$LOGS/build.log"
cpu_mark
t0=$(now_ns)
in_clone env NODE_ENV=production npm run build >"$CURRENT_LOG" 2>&1
t1=$(now_ns)
cpu_since build
meta buildNs "$((t1 - t0))"
log "build: $(elapsed "$t0" "$t1")"
if grep -q '\bjsxDEV\b' "$CLONE/build/index.js"; then
  log "build/index.js is a development build (jsxDEV)"
  exit 1
fi

# The helpers run from the clone so that they use its node_modules (autocannon).
mkdir -p "$CLONE/bench"
cp "$ROOT"/bench/*.mjs "$CLONE/bench/"

# --- fresh database --------------------------------------------------------------------------------
log "migrating and seeding $DATA"
CURRENT_LOG="$LOGS/db.log"
in_clone env DATA_DIR="$DATA" npx tsx db/migrate.ts >>"$CURRENT_LOG" 2>&1
in_clone env DATA_DIR="$DATA" DEMO_MODE=true npx tsx db/seed.ts >>"$CURRENT_LOG" 2>&1

# --- free port -------------------------------------------------------------------------------------
port_free() {
  node -e '
    const s = require("net").createServer();
    s.once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), () => s.close(() => process.exit(0)));
  ' "$1"
}
for _ in $(seq 1 20); do
  port_free "$PORT" && break
  log "port $PORT is taken, trying $((PORT + 1))"
  PORT=$((PORT + 1))
done
port_free "$PORT" || { log "no free port found"; exit 1; }
BASE="http://$HOST:$PORT"

# --- 3. cold starts ------------------------------------------------------------------------------------
SPAWN_NS=""
start_server() {
  SPAWN_NS=$(now_ns)
  (cd "$CLONE" && exec env "${CLEAN_ENV[@]}" PATH="$CLEAN_PATH" \
    NODE_ENV=production INSECURE_COOKIES=true DATA_DIR="$DATA" PORT="$PORT" node server.js) \
    >>"$LOGS/server.log" 2>&1 &
  SERVER_PID=$!
}

CURRENT_LOG="$LOGS/server.log"
meta loadBeforeColdStarts "$(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$COLD_STARTS"); do
  start_server
  node "$CLONE/bench/first-request.mjs" "$HOST" "$PORT" "$SPAWN_NS" "$SERVER_PID" 60 >"$RES/cold-$i.json"
  log "cold start $i/$COLD_STARTS (pid $SERVER_PID): $(cat "$RES/cold-$i.json")"
  if [ "$i" -lt "$COLD_STARTS" ]; then
    stop_server
    sleep 1
  fi
done

# --- 4. idle memory --------------------------------------------------------------------------------------
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }
log "$WARM_REQUESTS x GET / and $WARM_REQUESTS x GET /healthz, then ${IDLE} s idle"
for _ in $(seq 1 "$WARM_REQUESTS"); do
  curl -fsS -o /dev/null "$BASE/"
  curl -fsS -o /dev/null "$BASE/healthz"
done
sleep "$IDLE"
kill -0 "$SERVER_PID" || { log "server died"; exit 1; }
meta warmRequests "$((2 * WARM_REQUESTS))"
meta idleSeconds "$IDLE"
meta rssIdleKb "$(rss_kb)"
log "idle RSS: $(rss_kb) kB"

# --- 5. load -----------------------------------------------------------------------------------------------
meta loadBeforeLoad "$(cut -d' ' -f1-3 /proc/loadavg)"
CURRENT_LOG="$LOGS/server.log"
node "$CLONE/bench/load.mjs" "$BASE" "$SERVER_PID" "$CONNECTIONS" "$DURATION" "$WARMUP" / /healthz >"$RES/load.json"
sleep "$IDLE"
kill -0 "$SERVER_PID" || { log "server died during the load test"; exit 1; }
meta rssAfterLoadKb "$(rss_kb)"
stop_server

node -e '
  const load = require(process.argv[1]);
  for (const [route, r] of Object.entries(load)) {
    if (!r.ok2xx) { console.error(`[bench] no 2xx responses for ${route}`); process.exit(1); }
    if (r.non2xx || r.errors || r.timeouts)
      console.error(`[bench] warning: ${route}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
' "$RES/load.json"

if [ -n "${BENCH_JSON:-}" ]; then
  node "$CLONE/bench/report.mjs" "$RES" --json >"$BENCH_JSON"
  log "raw results written to $BENCH_JSON"
fi
node "$CLONE/bench/report.mjs" "$RES"
