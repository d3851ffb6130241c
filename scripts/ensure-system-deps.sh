#!/usr/bin/env bash
# Installs the Debian packages the tests need (Chromium, fonts for Arabic script and Ethiopic,
# ffmpeg, Ceph's RADOS Gateway as a real S3 server, PostgreSQL for the portability tests) when they are missing. As root it runs
# apt-get; otherwise it prints exactly what to install and fails.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/truetype/noto ] && ls /usr/share/fonts/truetype/noto | grep -q NotoSansEthiopic || need+=(fonts-noto-core)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v radosgw >/dev/null 2>&1 || need+=(radosgw)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
need_norecommends=()
command -v ceph-mon >/dev/null 2>&1 || need_norecommends+=(ceph-mon)
command -v ceph-osd >/dev/null 2>&1 || need_norecommends+=(ceph-osd)

if [ ${#need[@]} -eq 0 ] && [ ${#need_norecommends[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  echo "Missing system packages. Install them with:" >&2
  [ ${#need[@]} -gt 0 ] && echo "  sudo apt-get install -y ${need[*]}" >&2
  [ ${#need_norecommends[@]} -gt 0 ] && echo "  sudo apt-get install -y --no-install-recommends ${need_norecommends[*]}" >&2
  exit 1
fi

echo "Installing system packages: ${need[*]} ${need_norecommends[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
[ ${#need[@]} -gt 0 ] && apt-get install -y -qq "${need[@]}" >/dev/null
[ ${#need_norecommends[@]} -gt 0 ] && apt-get install -y -qq --no-install-recommends "${need_norecommends[@]}" >/dev/null
echo "System packages installed."
