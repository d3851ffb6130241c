#!/usr/bin/env bash
# End-to-end tests: builds the app, prepares a fresh database in a temporary DATA_DIR, starts the
# production server (node server.js) on a free port, runs Playwright against it and always stops
# the server again. Exits with Playwright's exit code.
#
#   bash scripts/test-e2e.sh                 # whole suite
#   bash scripts/test-e2e.sh tests/e2e/a11y.spec.ts --grep Arabic   # extra args go to Playwright
#
# Variables: E2E_PORT (first port to try, default 3310), E2E_SKIP_BUILD=1 (reuse build/),
# E2E_KEEP_DATA=1 (keep the temporary DATA_DIR), LOGIN_MAX_ATTEMPTS (default 20 here).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

log() { printf '[e2e] %s\n' "$*"; }

# --- build ------------------------------------------------------------------------------------
if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then
  log "building (npx remix build)"
  npx remix build
fi

# --- fresh data dir ---------------------------------------------------------------------------
mkdir -p "$ROOT/tmp/e2e"
DATA_DIR=$(mktemp -d "$ROOT/tmp/e2e/data.XXXXXX")
SERVER_LOG="$ROOT/tmp/e2e/server.log"
: >"$SERVER_LOG"
SERVER_PID=""

# Every test signs in from the same address (127.0.0.1), so the per-address limit (4 x this) must
# comfortably exceed all failed attempts of one run; the rate-limit test reads this value to know
# how many failures one account is allowed.
export LOGIN_MAX_ATTEMPTS=${LOGIN_MAX_ATTEMPTS:-20}
export DEMO_MODE=true

cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping server (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server ignored SIGTERM, sending SIGKILL"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    log "failed (exit $status); server log ($SERVER_LOG):"
    sed 's/^/  | /' "$SERVER_LOG" | tail -n 200 || true
  fi
  if [ "${E2E_KEEP_DATA:-}" = "1" ] || [ "$status" -ne 0 ]; then
    log "data dir kept: $DATA_DIR"
  else
    rm -rf "$DATA_DIR"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "data dir: $DATA_DIR"
DATA_DIR="$DATA_DIR" npx tsx db/migrate.ts
DATA_DIR="$DATA_DIR" npx tsx db/seed.ts

# --- free port --------------------------------------------------------------------------------
port_free() {
  node -e '
    const s = require("net").createServer();
    s.once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), () => s.close(() => process.exit(0)));
  ' "$1"
}
PORT=${E2E_PORT:-3310}
for _ in $(seq 1 20); do
  port_free "$PORT" && break
  log "port $PORT is taken, trying $((PORT + 1))"
  PORT=$((PORT + 1))
done
port_free "$PORT" || { log "no free port found"; exit 1; }

# --- server -----------------------------------------------------------------------------------
export BASE_URL="http://localhost:$PORT"
log "starting server on $BASE_URL (log: $SERVER_LOG)"
NODE_ENV=production INSECURE_COOKIES=true DATA_DIR="$DATA_DIR" PUBLIC_URL="$BASE_URL" PORT="$PORT" \
  node server.js >>"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

deadline=$((SECONDS + 30))
until curl -fsS -o /dev/null "$BASE_URL/healthz" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "server exited before answering /healthz"
    exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    log "server did not answer /healthz within 30 s"
    exit 1
  fi
  sleep 0.2
done
log "server is up (pid $SERVER_PID)"

# --- tests ------------------------------------------------------------------------------------
started=$SECONDS
set +e
npx playwright test "$@"
status=$?
set -e
log "playwright finished in $((SECONDS - started)) s with exit code $status"
exit "$status"
