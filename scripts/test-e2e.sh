#!/usr/bin/env bash
# End-to-end tests: builds the app, prepares a fresh database in a temporary DATA_DIR, starts the
# production server (node server.js) on a free port, runs Playwright against it and always stops
# the server again. Exits with Playwright's exit code.
#
#   bash scripts/test-e2e.sh                 # whole suite
#   bash scripts/test-e2e.sh tests/e2e/a11y.spec.ts --grep Arabic   # extra args go to Playwright
#
# Variables: E2E_PORT (first port to try, default 3310), E2E_SKIP_BUILD=1 (reuse build/),
# E2E_KEEP_DATA=1 (keep tmp/e2e/run.*: app snapshot and DATA_DIR), E2E_TRACE=1 (Playwright traces
# of failed tests), LOGIN_MAX_ATTEMPTS (default 10 here). BASE_URL is set for Playwright.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

log() { printf '[e2e] %s\n' "$*"; }

# --- build ------------------------------------------------------------------------------------
# The run uses a private snapshot of build/, public/ and locales/ (under tmp/e2e/run.*/app), so a
# rebuild in the working tree while the tests run (another terminal, the unit tests' own build)
# cannot change the app under test.
mkdir -p "$ROOT/tmp/e2e"
RUN_DIR=$(mktemp -d "$ROOT/tmp/e2e/run.XXXXXX")
APP_DIR="$RUN_DIR/app"
DATA_DIR="$RUN_DIR/data"
SERVER_LOG="$RUN_DIR/server.log"
SERVER_PID=""

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
    log "failed (exit $status)"
    if [ -s "$SERVER_LOG" ]; then
      log "server log (last 300 lines; all of it in tmp/e2e/server.log):"
      sed 's/^/  | /' "$SERVER_LOG" | tail -n 300 || true
    fi
  fi
  [ -f "$SERVER_LOG" ] && cp "$SERVER_LOG" "$ROOT/tmp/e2e/server.log" 2>/dev/null || true
  if [ "${E2E_KEEP_DATA:-}" = "1" ] || [ "$status" -ne 0 ]; then
    log "run dir kept: $RUN_DIR"
  else
    rm -rf "$RUN_DIR"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

snapshot_ok() {
  # a production build (no development JSX runtime) whose every /build/ asset is in the snapshot
  node -e '
    const fs = require("fs"), path = require("path");
    const dir = process.argv[1];
    const server = fs.readFileSync(path.join(dir, "build/index.js"), "utf8");
    if (/\bjsxDEV\b/.test(server)) { console.error("not a production build (jsxDEV)"); process.exit(1); }
    const missing = [...new Set(server.match(/"\/build\/[^"]+\.(js|css)"/g) ?? [])]
      .map((s) => s.slice(1, -1)).filter((u) => !fs.existsSync(path.join(dir, "public", u)));
    if (missing.length) { console.error("assets missing: " + missing.slice(0, 5).join(", ")); process.exit(1); }
  ' "$APP_DIR"
}

for attempt in 1 2 3; do
  if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then
    log "building (NODE_ENV=production npx remix build)"
    NODE_ENV=production npx remix build
  fi
  rm -rf "$APP_DIR"
  mkdir -p "$APP_DIR"
  cp -R build public locales "$APP_DIR"/
  if snapshot_ok; then break; fi
  if [ "$attempt" = 3 ] || [ "${E2E_SKIP_BUILD:-}" = "1" ]; then
    log "the build in build/ is unusable (changed while copying, or not a production build)"
    exit 1
  fi
  log "build/ changed while copying it (a concurrent build?): building again"
done

# --- fresh database ---------------------------------------------------------------------------
# Failed sign-ins are limited per account (LOGIN_MAX_ATTEMPTS) and per address (4 x that), and
# every test signs in from the same address. One run fails: LOGIN_MAX_ATTEMPTS for the account the
# rate-limit test locks (its own), and about 5 more elsewhere, at most 3 on any one account. So
# with 10, no shared account gets near its limit and the address stays far below 40. The
# rate-limit test reads this value to know how many failures an account is allowed.
export LOGIN_MAX_ATTEMPTS=${LOGIN_MAX_ATTEMPTS:-10}
export DEMO_MODE=true


mkdir -p "$DATA_DIR"
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
(
  cd "$APP_DIR"
  NODE_ENV=production INSECURE_COOKIES=true DATA_DIR="$DATA_DIR" PUBLIC_URL="$BASE_URL" PORT="$PORT" \
    exec node "$ROOT/server.js"
) >>"$SERVER_LOG" 2>&1 &
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
