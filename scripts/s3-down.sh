#!/usr/bin/env bash
# Stop the gateway started by scripts/s3-up.sh: kill exactly the pids in its
# pid file, wait for them to exit, then remove the state dir.
# Takes the same RGW_PORT / RGW_STATE_DIR as s3-up.sh.
set -euo pipefail

PORT=${RGW_PORT:-7480}
STATE=${RGW_STATE_DIR:-${TMPDIR:-/tmp}/vagval-rgw-$PORT}
PIDFILE=$STATE/pids

if [ ! -d "$STATE" ]; then
  echo "s3-down: nothing to stop ($STATE does not exist)"
  exit 0
fi
# Refuse to delete a directory s3-up.sh did not create.
if [ ! -f "$STATE/ceph.conf" ] && [ ! -f "$PIDFILE" ]; then
  echo "s3-down: $STATE does not look like an s3-up.sh state dir; leaving it alone" >&2
  exit 1
fi

# Only signal a pid that is still one of our daemons (pids get reused).
ours() {
  local exe
  exe=$(tr '\0' '\n' 2>/dev/null <"/proc/$1/cmdline" | head -n 1) || return 1
  case ${exe##*/} in ceph-mon | ceph-osd | radosgw) return 0 ;; *) return 1 ;; esac
}

pids=()
if [ -f "$PIDFILE" ]; then
  while read -r name pid; do
    [ -n "${pid:-}" ] || continue
    if ours "$pid"; then
      pids+=("$pid")
      echo "s3-down: stopping $name (pid $pid)"
    fi
  done <"$PIDFILE"
fi

# radosgw first, monitor last, so nothing hangs waiting for a dead monitor.
for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done

deadline=$((SECONDS + 15))
for pid in "${pids[@]}"; do
  while ours "$pid"; do
    if [ $SECONDS -ge $deadline ]; then
      echo "s3-down: pid $pid ignored SIGTERM, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      continue
    fi
    sleep 0.2
  done
done

rm -rf "$STATE"
echo "s3-down: stopped, removed $STATE"
