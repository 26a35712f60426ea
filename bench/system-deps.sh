#!/usr/bin/env bash
# What `make bench` needs from Debian when it is absent: wrk (the load generator), nginx (the
# reverse proxy of `make bench BENCH_PROXY=1`: the bench starts its own as the current user, from
# deploy/nginx.conf rendered by bench/proxy.py) and the PostgreSQL server binaries (initdb,
# pg_ctl). As root with apt-get it installs them; otherwise it says what to install and fails.
set -euo pipefail

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "make bench needs ${need[*]}: install them (Debian: apt-get install -y ${need[*]})." >&2
  exit 1
fi
echo "Installing ${need[*]} with apt-get ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
