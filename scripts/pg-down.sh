#!/usr/bin/env bash
# Stops the cluster started by scripts/pg-up.sh (by its postmaster pid) and removes its files.
set -euo pipefail
PORT=${PG_PORT:-55432}
STATE=${PG_STATE_DIR:-${TMPDIR:-/tmp}/vagval-pg-$PORT}
[ -f "$STATE/data/postmaster.pid" ] || { rm -rf "$STATE"; exit 0; }
PID=$(head -n 1 "$STATE/data/postmaster.pid")
kill -TERM "$PID" 2>/dev/null || true
for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$PID" 2>/dev/null && kill -KILL "$PID" 2>/dev/null || true
rm -rf "$STATE"
echo "pg-down: stopped postgres (pid $PID)"
