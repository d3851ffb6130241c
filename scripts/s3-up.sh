#!/usr/bin/env bash
# Start a throwaway single-node Ceph RADOS Gateway (S3-compatible) for tests:
# one monitor, one in-memory (memstore) OSD and radosgw on 127.0.0.1:$RGW_PORT,
# with a test user whose keys are TESTACCESSKEY / TESTSECRETKEY.
#
#   RGW_PORT        S3 port (default 7480)
#   RGW_MON_PORT    monitor port (default RGW_PORT-691, i.e. 6789 for 7480)
#   RGW_STATE_DIR   state dir (default ${TMPDIR:-/tmp}/vagval-rgw-$RGW_PORT)
#   RGW_TIMEOUT     seconds to wait for the gateway (default 60)
#
# Writes "<name> <pid>" lines to $RGW_STATE_DIR/pids and S3_* exports to
# $RGW_STATE_DIR/env. Stop it with scripts/s3-down.sh (same env).
set -euo pipefail

PORT=${RGW_PORT:-7480}
MON_PORT=${RGW_MON_PORT:-$((PORT - 691))}
STATE=${RGW_STATE_DIR:-${TMPDIR:-/tmp}/vagval-rgw-$PORT}
TIMEOUT=${RGW_TIMEOUT:-60}
PIDFILE=$STATE/pids
URL=http://127.0.0.1:$PORT

die() { echo "s3-up: $*" >&2; exit 1; }

missing=()
for bin in radosgw radosgw-admin ceph-mon ceph-osd ceph ceph-authtool monmaptool uuidgen curl timeout; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("$bin")
done
if [ ${#missing[@]} -gt 0 ]; then
  die "missing: ${missing[*]}. Install with:
  apt-get install -y radosgw && apt-get install -y --no-install-recommends ceph-mon ceph-osd"
fi

HERE=$(cd "$(dirname "$0")" && pwd)

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# A gateway we started earlier is still fine: reuse it.
if [ -f "$PIDFILE" ]; then
  all_alive=1
  while read -r _ pid; do pid_alive "$pid" || all_alive=0; done <"$PIDFILE"
  if [ "$all_alive" = 1 ] && curl -sf -o /dev/null --max-time 5 "$URL/"; then
    echo "s3-up: already running on $URL (pids: $(awk '{print $2}' "$PIDFILE" | tr '\n' ' '))"
    echo "s3-up: env:      . $STATE/env"
    exit 0
  fi
  echo "s3-up: stale state in $STATE, restarting"
  RGW_STATE_DIR=$STATE RGW_PORT=$PORT "$HERE/s3-down.sh"
fi

port_busy "$PORT" && die "port $PORT is in use by something this script did not start (set RGW_PORT)"
port_busy "$MON_PORT" && die "monitor port $MON_PORT is in use (set RGW_MON_PORT)"

if [ -d "$STATE" ] && [ -n "$(ls -A "$STATE")" ] && [ ! -f "$STATE/ceph.conf" ]; then
  die "$STATE is not empty and was not made by this script; not touching it"
fi
rm -rf "$STATE"
mkdir -p "$STATE/mon" "$STATE/osd0" "$STATE/run" "$STATE/log"
cd "$STATE"
: >"$PIDFILE"

# Any failure or interrupt from here on: report, then stop whatever was started.
ready=0
on_exit() {
  local rc=$?
  [ "$ready" = 1 ] && return
  echo "s3-up: failed (exit $rc); last log lines:" >&2
  tail -n 5 "$STATE"/log/*.log 2>/dev/null >&2 || true
  RGW_STATE_DIR=$STATE RGW_PORT=$PORT "$HERE/s3-down.sh" >&2 || true
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# Daemons fork and write their own pid files; wait for one and record it.
record_pid() {
  local name=$1 file=$STATE/run/$1.pid deadline=$((SECONDS + 20))
  until [ -s "$file" ]; do
    [ $SECONDS -lt $deadline ] || die "$name did not write $file"
    sleep 0.2
  done
  echo "$name $(cat "$file")" >>"$PIDFILE"
}

FSID=$(uuidgen)
cat >ceph.conf <<EOF
[global]
fsid = $FSID
mon initial members = a
mon host = v1:127.0.0.1:$MON_PORT
public network = 127.0.0.1/32
auth cluster required = none
auth service required = none
auth client required = none
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = 4294967296
run dir = $STATE/run
admin socket = $STATE/run/\$name.asok
log file = $STATE/log/\$name.log
pid file = $STATE/run/\$name.pid
keyring = $STATE/keyring
ms bind ipv6 = false
ms bind msgr2 = false
mon data = $STATE/mon
osd data = $STATE/osd0
client mount timeout = 20
rados mon op timeout = 20
rados osd op timeout = 20
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$PORT
EOF

started=$SECONDS
ceph-authtool --create-keyring keyring --gen-key -n mon. --cap mon 'allow *' >/dev/null
monmaptool --create --add a "v1:127.0.0.1:$MON_PORT" --fsid "$FSID" monmap >/dev/null
ceph-mon -c ceph.conf --mkfs -i a --monmap monmap --keyring keyring
ceph-mon -c ceph.conf -i a
record_pid mon.a

OSDUUID=$(uuidgen)
timeout 30 ceph -c ceph.conf --connect-timeout 20 osd new "$OSDUUID" >/dev/null
ceph-osd -c ceph.conf -i 0 --mkfs --osd-uuid "$OSDUUID" >log/osd-mkfs.out 2>&1
ceph-osd -c ceph.conf -i 0 >log/osd-start.out 2>&1
record_pid osd.0

radosgw -c ceph.conf -n client.rgw
record_pid client.rgw

deadline=$((SECONDS + TIMEOUT))
until curl -sf -o /dev/null --max-time 2 "$URL/"; do
  rgw_pid=$(awk '$1 == "client.rgw" {print $2}' "$PIDFILE")
  pid_alive "$rgw_pid" || die "radosgw exited; see $STATE/log/client.rgw.log"
  [ $SECONDS -lt $deadline ] || die "radosgw did not answer on $URL within ${TIMEOUT}s"
  sleep 0.5
done

timeout 30 radosgw-admin -c ceph.conf user create --uid=test --display-name=test \
  --access-key=TESTACCESSKEY --secret-key=TESTSECRETKEY >/dev/null

cat >env <<EOF
export S3_ENDPOINT=$URL
export S3_REGION=us-east-1
export S3_ACCESS_KEY_ID=TESTACCESSKEY
export S3_SECRET_ACCESS_KEY=TESTSECRETKEY
export S3_BUCKET=\${S3_BUCKET:-vagval-test}
EOF
ready=1

echo "s3-up: rgw up on $URL in $((SECONDS - started))s (pids: $(awk '{print $2}' "$PIDFILE" | tr '\n' ' '))"
echo "s3-up: pid file: $PIDFILE"
echo "s3-up: env:      . $STATE/env"
