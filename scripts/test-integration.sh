#!/usr/bin/env bash
# Integration tests against real servers: Ceph RADOS Gateway (S3) started here and stopped by its
# pids afterwards, and an SMTP server the tests start themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

export RGW_PORT=${RGW_PORT:-7480}
export RGW_STATE_DIR=${RGW_STATE_DIR:-${TMPDIR:-/tmp}/vagval-rgw-$RGW_PORT}
# One retry: a monitor from a run that has just stopped can still hold its port for a moment.
bash scripts/s3-up.sh || { bash scripts/s3-down.sh || true; sleep 3; bash scripts/s3-up.sh; }
trap 'bash scripts/s3-down.sh' EXIT
# shellcheck disable=SC1091
. "$RGW_STATE_DIR/env"
export REQUIRE_S3=1
npx vitest run --project integration "$@"
