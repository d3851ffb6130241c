#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs every test.
#   1. system packages (Chromium, Noto fonts, ffmpeg, Ceph radosgw, PostgreSQL) with apt-get when root
#   2. npm packages (npm ci) when node_modules is missing or older than the lock file
#   3. type check, unit tests, integration tests (real S3, PostgreSQL and SMTP), end-to-end tests (Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { echo; echo "=== $* ($(( $(date +%s) - start )) s)"; }

step "system packages"
bash scripts/ensure-system-deps.sh

step "npm packages"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

step "type check"
npx tsc --noEmit

step "unit tests"
npx vitest run --project unit

step "integration tests (S3 on Ceph radosgw, PostgreSQL, SMTP)"
bash scripts/test-integration.sh

step "end-to-end tests (Chromium)"
bash scripts/test-e2e.sh

step "all tests passed in $(( $(date +%s) - start )) s"
