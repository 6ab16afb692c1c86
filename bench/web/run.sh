#!/bin/sh
# The web UI on a large workspace: a demo of CUSTOMERS customers (1,000,000
# by default) on SQLite, analysed, served by vafa; the dashboard after
# sign-in and customer searches timed in headless chromium (medians of RUNS),
# and the same on a 5,000-customer demo (the peer: the same page and
# machine with little data) in the same run.
#   bench/web/run.sh [CUSTOMERS] [RUNS]
# Needs scripts/build and scripts/build-web first.
set -eu
cd "$(dirname "$0")/../.."
customers=${1:-1000000}
runs=${2:-5}
vafa=${VAFA:-$PWD/build/src/cli/vafa}
out=$PWD/bench/out/web
mkdir -p "$out"

prepare() { # db customers
  if [ ! -f "$1" ]; then
    /usr/bin/time -f "demo $2: %e s, %M KiB" "$vafa" --db "$1" demo --customers "$2" --seed 11 >/dev/null
    /usr/bin/time -f "analyze $2: %e s, %M KiB" "$vafa" --db "$1" analyze >/dev/null
  fi
  [ -s "$1.password" ] || printf 'bench web password\n' > "$1.password"
  "$vafa" --db "$1" user list | grep -q owner@vafa.bench ||
    "$vafa" --db "$1" user add owner@vafa.bench --role owner --language en \
      --password-file "$1.password" >/dev/null
}

measure() { # db label
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$vafa" --db "$1" serve --port "$port" --web web/dist > "$out/serve-$2.log" 2>&1 &
  server=$!
  sleep 1
  echo "== $2"
  # A common Persian name typed with an Arabic yeh, a full name, a phone in
  # local form.
  node bench/web/measure.mjs "http://127.0.0.1:$port" owner@vafa.bench \
    "$(cat "$1.password")" "$runs" "علي" "زهرا احمدی" "0912"
  kill "$server"
  wait "$server" 2>/dev/null || true
}

prepare "$out/web-$customers.db" "$customers"
prepare "$out/web-5000.db" 5000
measure "$out/web-$customers.db" "$customers customers"
measure "$out/web-5000.db" "5000 customers"
