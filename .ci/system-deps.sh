#!/usr/bin/env bash
# Installs what the browser, PostgreSQL and Redis test runs need, when it is absent (Debian, as root).
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)  # the two-instance (scale) tests
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing ${need[*]}: install them (Debian: apt-get install -y ${need[*]})." >&2
  exit 0  # the tests say what they skipped; CI (CI=true) fails them instead
fi
echo "Installing ${need[*]} with apt-get ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
