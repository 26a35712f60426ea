#!/usr/bin/env bash
# `make run`: the mail worker in the background beside the dev server; Ctrl+C stops both.
set -euo pipefail
FLASK=${FLASK:-.venv/bin/flask --app app}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
# Links in the mails printed below point at the server this command starts.
export KLIMADYST_PUBLIC_BASE_URL=${KLIMADYST_PUBLIC_BASE_URL:-http://$HOST:$PORT}
# Two municipalities: the bare address is the platform's page, each municipality has its own.
export KLIMADYST_DEFAULT_MUNICIPALITY=${KLIMADYST_DEFAULT_MUNICIPALITY:-'""'}

$FLASK worker &
worker=$!
# Whatever ends this script (Ctrl+C, the server exiting, a kill), the worker goes with it.
trap 'kill -TERM "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo ""
echo "Klimadyst is running on http://$HOST:$PORT  (Ctrl+C stops it; mails are printed here)"
echo "  the platform:   http://$HOST:$PORT  (the municipalities and their comparison)"
echo "  platform admin: http://$HOST:$PORT/platform"
echo "  Køge Kommune:   http://koege.localhost:$PORT"
echo "  Solrød Kommune: http://solroed.localhost:$PORT"
echo "  (browsers resolve *.localhost to this machine; the logins are printed above)"
$FLASK run --host "$HOST" --port "$PORT"
