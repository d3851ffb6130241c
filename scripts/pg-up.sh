#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the portability tests, on 127.0.0.1:${PG_PORT:-55432},
# trust authentication, user "app", database "vagval". Writes its state to $PG_STATE_DIR and
# prints the DATABASE_URL. Stop it with scripts/pg-down.sh (same variables).
set -euo pipefail
PORT=${PG_PORT:-55432}
STATE=${PG_STATE_DIR:-${TMPDIR:-/tmp}/vagval-pg-$PORT}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$BIN/initdb" ] || { echo "pg-up: PostgreSQL is missing. Install it with: apt-get install -y postgresql" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if [ -f "$STATE/data/postmaster.pid" ] && as_pg "'$BIN/pg_ctl' -D '$STATE/data' status" >/dev/null 2>&1; then
  echo "pg-up: already running on port $PORT"
else
  rm -rf "$STATE"; mkdir -p "$STATE"
  [ "$(id -u)" = "0" ] && chown postgres "$STATE"
  as_pg "'$BIN/initdb' -D '$STATE/data' -A trust -U app >'$STATE/initdb.log' 2>&1"
  as_pg "'$BIN/pg_ctl' -D '$STATE/data' -l '$STATE/server.log' -o \"-c listen_addresses=127.0.0.1 -p $PORT -k '$STATE' -c fsync=off\" -w -t 30 start" >/dev/null
  as_pg "'$BIN/createdb' -h 127.0.0.1 -p $PORT -U app vagval"
fi
echo "postgres://app@127.0.0.1:$PORT/vagval" > "$STATE/url"
echo "pg-up: postgres://app@127.0.0.1:$PORT/vagval (pid $(head -n 1 "$STATE/data/postmaster.pid"))"
