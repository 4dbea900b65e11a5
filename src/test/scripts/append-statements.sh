#!/bin/bash
# Where PostgreSQL spends a durable append, per statement: the 64-client registration load
# against one build with pg_stat_statements preloaded (a fresh data directory, started once to
# create the cluster, then restarted with the library), reset after the warm-up.
# Usage: append-statements.sh BUILD_DIR LABEL [WARMUP_S] [TIMED_S]
set -u
build=$1; label=$2; warm=${3:-20}; timed=${4:-30}
lua=$(cd "$(dirname "$0")/../resources/bench" && pwd)/register.lua
d=/tmp/append-stmts-$label; rm -rf $d
start() {
  java -Xmx1g -jar "$build/target/custody-ledger.jar" serve --port 18096 --data-dir $d > /tmp/append-stmts-$label.log 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do curl -sf localhost:18096/health >/dev/null && break; sleep 0.5; done
}
start; kill $pid; wait $pid 2>/dev/null
# track_planning: a statement planned afresh on every execution shows as plans ≈ calls
printf "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track_planning = on\n" >> $d/postgres/postgresql.conf
start
url=$(grep -o 'postgresql://[^ ]*' /tmp/append-stmts-$label.log | head -1)
psql -qAt "$url" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
TOKEN=$(java -jar "$build/target/custody-ledger.jar" token --role officer --subject load); export TOKEN
wrk -t1 -c64 -d${warm}s -s "$lua" http://localhost:18096 > /dev/null
psql -qAt "$url" -c "SELECT pg_stat_statements_reset()" > /dev/null
out=$(wrk -t1 -c64 -d${timed}s --latency -s "$lua" http://localhost:18096)
n=$(echo "$out" | awk '/requests in/{print $1}')
echo "$label: $n events, $(echo "$out" | awk '/Requests\/sec/{print $2}') ev/s"
psql -q "$url" -c "SELECT round(calls::numeric / $n, 3) AS per_event, round(total_exec_time::numeric * 1000 / $n, 1) AS us_per_event,
  round(plans::numeric / $n, 3) AS plans_per_event, round(total_plan_time::numeric * 1000 / $n, 1) AS plan_us_per_event,
  round(wal_records::numeric / $n, 2) AS wal_rec, round(wal_bytes::numeric / $n) AS wal_b, round(rows::numeric / calls, 1) AS rows_per_call,
  left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query
  FROM pg_stat_statements WHERE calls > 0 ORDER BY total_exec_time + total_plan_time DESC LIMIT 25"
# disk per entry (every event here is a registration: its footage row is counted too)
psql -q "$url" -c "SELECT relname, round(pg_total_relation_size(c.oid)::numeric / (SELECT count(*) FROM log_entries)) AS bytes_per_entry
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'
  AND relname IN ('log_entries', 'tree_nodes', 'footage', 'checkpoints') ORDER BY 1"
kill $pid; wait $pid 2>/dev/null
