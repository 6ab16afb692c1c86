#!/bin/sh
# Retention measured (docs/scale.md, "Retention"): a demo store of
# CUSTOMERS customers (3 years of orders, lines and interactions) loses the
# history before the day that splits its orders in half, with `vafa purge`,
# each run on a fresh copy of the same store: the dry run, the purge, and
# the purge with --vacuum (SQLite). Prints the client's CPU (user + sys),
# wall time and peak RSS; on PostgreSQL also the server's CPU (the
# backends' time, read from the postmaster's reaped children).
#   bench/purge/run.sh build/src/cli/vafa [CUSTOMERS]             # SQLite
#   scripts/with-postgres bench/purge/run.sh build/src/cli/vafa   # and PostgreSQL
set -eu
vafa=$(realpath "$1")
customers=${2:-100000}
work=$(mktemp -d /tmp/vafa-purge-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
day=""

# measure LABEL ARGS...: runs vafa ARGS under /usr/bin/time.
measure() {
  label=$1
  shift
  server_before=$(server_cpu)
  /usr/bin/time -f "%U %S %e %M" -o "$work/time" "$vafa" "$@" >"$work/out" 2>&1 ||
    { cat "$work/out" >&2; exit 1; }
  server_after=$(server_cpu)
  read -r user sys wall rss <"$work/time"
  printf '%-28s client CPU %6.2f s (user %.2f, sys %.2f), wall %6.2f s, peak RSS %4d MiB' \
    "$label" "$(echo "$user + $sys" | bc)" "$user" "$sys" "$wall" $((rss / 1024))
  if [ -n "$server_before" ]; then
    printf ', server CPU %.2f s' "$(echo "($server_after - $server_before) / $(getconf CLK_TCK)" | bc -l)"
  fi
  printf '\n'
  grep -E '^  |vacuum:' "$work/out" | sed 's/^/    /'
}

# The CPU ticks of PostgreSQL's exited backends (cutime + cstime of the
# postmaster), when the store is PostgreSQL.
server_cpu() {
  [ -n "${pg_pid:-}" ] || return 0
  awk '{print $16 + $17}' "/proc/$pg_pid/stat"
}

half_day() {
  # The middle order's day, read through the store's own client.
  if [ "${2:-}" = pg ]; then
    psql -qAt "$1" -c "SELECT to_char(to_timestamp(ordered_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM orders ORDER BY ordered_at LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM orders)"
  else
    sqlite3 "$1" "SELECT date(ordered_at, 'unixepoch') FROM orders ORDER BY ordered_at LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM orders)"
  fi
}

echo "== SQLite, $customers customers =="
"$vafa" --db "$work/store.db" demo --customers "$customers" --seed 5 --years 3 --end 2026-11-20 >/dev/null
day=$(half_day "$work/store.db")
echo "purging before $day; store file $(stat -c %s "$work/store.db") bytes"
for run in dry purge vacuum; do
  cp "$work/store.db" "$work/copy.db"
  case $run in
    dry) measure "dry run" --db "$work/copy.db" purge -w demo --before "$day" --dry-run ;;
    purge) measure "purge --yes" --db "$work/copy.db" purge -w demo --before "$day" --yes ;;
    vacuum) measure "purge --yes --vacuum" --db "$work/copy.db" purge -w demo --before "$day" --yes --vacuum ;;
  esac
  rm -f "$work/copy.db" "$work/copy.db-wal" "$work/copy.db-shm"
done

if [ -n "${VAFA_TEST_POSTGRES_URL:-}" ]; then
  echo "== PostgreSQL, $customers customers =="
  host=$(echo "$VAFA_TEST_POSTGRES_URL" | sed 's/.*host=\([^&]*\).*/\1/')
  pg_pid=$(head -n 1 "$host/data/postmaster.pid")
  url() { echo "$VAFA_TEST_POSTGRES_URL" | sed "s|/postgres?|/$1?|"; }
  psql -q "$VAFA_TEST_POSTGRES_URL" -c "CREATE DATABASE purge_base"
  "$vafa" --db "$(url purge_base)" demo --customers "$customers" --seed 5 --years 3 --end 2026-11-20 >/dev/null
  psql -q "$(url purge_base)" -c "VACUUM ANALYZE"
  day=$(half_day "$(url purge_base)" pg)
  echo "purging before $day"
  for run in dry purge; do
    psql -q "$VAFA_TEST_POSTGRES_URL" -c "CREATE DATABASE purge_copy TEMPLATE purge_base"
    case $run in
      dry) measure "dry run" --db "$(url purge_copy)" purge -w demo --before "$day" --dry-run ;;
      purge) measure "purge --yes" --db "$(url purge_copy)" purge -w demo --before "$day" --yes ;;
    esac
    psql -q "$VAFA_TEST_POSTGRES_URL" -c "DROP DATABASE purge_copy"
  done
fi
