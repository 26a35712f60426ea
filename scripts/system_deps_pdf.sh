#!/usr/bin/env bash
# The Pango libraries WeasyPrint needs for the council's status report as a PDF (Debian, as root).
set -euo pipefail

need=()
libraries="$(ldconfig -p 2>/dev/null || true)"  # read once: grep -q on a pipe trips pipefail
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz.so.0; do
  grep -q "$lib" <<<"$libraries" || need+=("$lib")
done
[ ${#need[@]} -eq 0 ] && exit 0

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core)
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing ${need[*]} for PDF reports: install them (Debian: apt-get install -y ${packages[*]})." >&2
  exit 0  # the PDF tests fail with WeasyPrint's own message then
fi
echo "Installing ${packages[*]} with apt-get ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
