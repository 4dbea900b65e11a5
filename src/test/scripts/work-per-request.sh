#!/bin/bash
# Work per request, not time: the same wrk load against two builds on one data directory,
# interleaved, and for each run PostgreSQL's own counters read before and after (statements =
# transactions committed, since every read here is one autocommitted statement; index scans,
# index tuples fetched, buffer hits, WAL records and bytes) and the CPU ticks of the service and
# its PostgreSQL, all divided by the requests wrk completed. Counts do not depend on how busy the
# machine's other tenants keep the cores; wrk's rate and latency, printed too, do.
# Usage: work-per-request.sh DATA_DIR ROUNDS OLD_JAR NEW_JAR WRK_ARGS...   (e.g. -t2 -c8 -d20s -s proofs.lua)
set -u
data=$1; rounds=$2; old=$3; new=$4; shift 4; WRK=("$@")
counters() { # one line: xacts idx_scan idx_tup_fetch blks_hit blks_read wal_records wal_bytes
  psql -qAt -F' ' "$1" -c "SELECT d.xact_commit, (SELECT sum(idx_scan) FROM pg_stat_user_indexes),
    (SELECT sum(idx_tup_fetch) FROM pg_stat_user_indexes), d.blks_hit, d.blks_read, w.wal_records, w.wal_bytes
    FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = current_database()"
}
ticks() {
  local pm total=0
  pm=$(head -1 "$data/postgres/postmaster.pid")
  for p in $1 $pm $(pgrep -P "$pm"); do
    [ -r /proc/$p/stat ] && total=$((total + $(awk '{print $14+$15+$16+$17}' /proc/$p/stat)))
  done
  echo $total
}
run() { # $1 = jar, $2 = label
  java -Xmx1g -jar "$1" serve --port 18098 --data-dir "$data" > /tmp/work-$2.log 2>&1 &
  local pid=$! url out n b a tb ta
  until curl -fs localhost:18098/health >/dev/null 2>&1; do sleep 0.2; done
  url=$(grep -o 'postgresql://[^ ]*' /tmp/work-$2.log | head -1)
  wrk "${WRK[@]}" http://localhost:18098 > /dev/null      # warm-up: the same load once
  sleep 1.5; b=$(counters "$url"); tb=$(ticks $pid)
  out=$(wrk "${WRK[@]}" --latency http://localhost:18098)
  ta=$(ticks $pid); sleep 1.5; a=$(counters "$url")
  n=$(echo "$out" | awk '/requests in/{print $1}')
  echo "$2 $(echo "$out" | awk '/Requests\/sec/{print $2}') req/s p50 $(echo "$out" | awk '$1=="50%"{print $2}') p99 $(echo "$out" | awk '$1=="99%"{print $2}') non2xx $(echo "$out" | grep -c Non-2xx) n=$n" \
    "| per request: cpu $(echo "scale=3; ($ta - $tb) * 10 / $n" | bc) ms" \
    "$(paste -d' ' <(echo $b | tr ' ' '\n') <(echo $a | tr ' ' '\n') | awk -v n=$n 'BEGIN{split("statements idx_scans idx_tuples blks_hit blks_read wal_records wal_bytes",k," ")} {printf "%s %.2f ", k[NR], ($2-$1)/n}')"
  kill $pid; wait $pid 2>/dev/null
  sleep 2
}
for r in $(seq 1 "$rounds"); do
  run "$old" old
  run "$new" new
done
