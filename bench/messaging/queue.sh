#!/bin/sh
# Queues a campaign of N treatment members (default 100,000) for an SMS
# template through the vafa binary, on SQLite, and on PostgreSQL when
# VAFA_BENCH_POSTGRES names a database URI; prints the seconds `vafa queue
# campaign` took (docs/BENCHMARKS.md, "Queueing a campaign").
#
# usage: bench/messaging/queue.sh VAFA_BINARY [N]
set -eu
vafa=$1
members=${2:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Customers 1..N with a phone, all in campaign 1's treatment group, written
# by SQL so that only the queueing is timed.
fill_sql() {
  cat <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $members)
INSERT INTO customers (id, workspace_id, first_name, display_name, phone, created_at, updated_at)
SELECT i, 1, 'name' || i, 'name' || i, '+98912' || (1000000 + i), 0, 0 FROM n;
INSERT INTO campaign_members (workspace_id, campaign_id, customer_id, control)
SELECT 1, 1, id, 0 FROM customers WHERE workspace_id = 1;
INSERT INTO campaigns (id, workspace_id, name, channel, status, starts_at, ends_at,
  attribution_days, control_percent, created_at)
VALUES (1, 1, 'bench', 'sms', 'active', 0, 0, 30, 0, 0);
SQL
}

run() {  # $1: store location, $2: the shell that runs SQL on it
  "$vafa" --db "$1" workspace create bench >/dev/null  # id 1 in a new store
  fill_sql | $2
  "$vafa" --db "$1" -w bench channel add-sms --name sms \
    --url http://127.0.0.1:9/send --id-pointer /id >/dev/null
  "$vafa" --db "$1" -w bench messaging-rules --from 00:00 --until 24:00 \
    --fridays --holidays --weekly-cap 0 >/dev/null
  "$vafa" --db "$1" -w bench template add --name offer \
    --body-fa '{first_name} عزیز، ۲۰٪ تخفیف پاییزه تا {date}' >/dev/null
  start=$(date +%s.%N)
  "$vafa" --db "$1" -w bench queue campaign --campaign 1 --template 1 --channel 1
  end=$(date +%s.%N)
  echo "$members members: $(echo "$end - $start" | bc) s wall clock"
}

echo "SQLite"
run "$work/bench.db" "sqlite3 $work/bench.db"
if [ -n "${VAFA_BENCH_POSTGRES:-}" ]; then
  echo "PostgreSQL"
  run "$VAFA_BENCH_POSTGRES" "psql -q $VAFA_BENCH_POSTGRES"
fi
