#!/usr/bin/env bash
# Integration tests against real servers: Ceph RADOS Gateway (S3) and PostgreSQL started here and
# stopped by their pids afterwards, and an SMTP server the tests start themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

export RGW_PORT=${RGW_PORT:-7480}
export RGW_STATE_DIR=${RGW_STATE_DIR:-${TMPDIR:-/tmp}/vagval-rgw-$RGW_PORT}
# One retry: a monitor from a run that has just stopped can still hold its port for a moment.
bash scripts/s3-up.sh || { bash scripts/s3-down.sh || true; sleep 3; bash scripts/s3-up.sh; }
trap 'bash scripts/s3-down.sh; bash scripts/pg-down.sh' EXIT
bash scripts/pg-up.sh
# shellcheck disable=SC1091
. "$RGW_STATE_DIR/env"
export REQUIRE_S3=1 REQUIRE_PG=1
PG_URL=$(cat "${PG_STATE_DIR:-${TMPDIR:-/tmp}/vagval-pg-${PG_PORT:-55432}}/url")
export PG_URL
npx vitest run --project integration "$@"
