#!/bin/bash
# Start-up time AND start-up work of two builds on one data directory, interleaved. Time is
# launch -> /health 200 (as startup-time.sh); work is what PostgreSQL counted between the
# launch and that 200: statements and the rows and blocks they touched (pg_stat_statements),
# rows read by sequential and index scans (pg_stat_user_tables), blocks hit and read
# (pg_stat_database). Counters are reset just before each service is stopped, and PostgreSQL
# keeps them across a clean stop, so each launch starts from zero. Counts do not depend on how
# busy the machine is; they show whether start-up work grows with the log (run it on ledgers
# of two sizes). The first run adds pg_stat_statements to the cluster's preload list (restart
# needed, so the first launch is only a set-up launch and is not printed).
# Usage: startup-work.sh DATA_DIR ROUNDS OLD_JAR NEW_JAR
set -u
data=$1; rounds=$2; old=$3; new=$4
conf=$data/postgres/postgresql.conf
launch() { # $1 = jar, $2 = label; sets pid, url, secs
  local t0 t1
  t0=$(date +%s.%N)
  java -Xmx1g -jar "$1" serve --port 18099 --data-dir "$data" > /tmp/startup-$2.log 2>&1 &
  pid=$!
  until curl -fs localhost:18099/health >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { echo "$2 failed to start"; tail -3 /tmp/startup-$2.log; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s.%N)
  secs=$(echo "$t1 - $t0" | bc)
  url=$(grep -o 'postgresql://[^ ]*' /tmp/startup-$2.log | head -1)
}
reset_and_stop() {
  psql -qAt "$url" -c "SELECT pg_stat_reset()" > /dev/null
  psql -qAt "$url" -c "SELECT pg_stat_statements_reset()" > /dev/null 2>&1 # absent before the set-up creates it
  kill $pid; wait $pid 2>/dev/null
  sleep 2
}
if ! grep -q "^shared_preload_libraries = 'pg_stat_statements'" "$conf"; then
  echo "shared_preload_libraries = 'pg_stat_statements'" >> "$conf"
  launch "$new" setup; reset_and_stop
fi
launch "$new" setup
psql -qAt "$url" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" > /dev/null
reset_and_stop
one() {
  launch "$1" "$2"
  local load cpu; load=$(cut -d' ' -f1 /proc/loadavg)
  cpu=$(awk '{printf "%.2f", ($14 + $15) / 100}' /proc/$pid/stat)   # the JVM's own CPU seconds (user + sys) up to the 200
  psql -qAt -F' ' "$url" -c "SELECT
      (SELECT sum(calls) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%'),
      (SELECT sum(rows) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%'),
      (SELECT sum(shared_blks_hit + shared_blks_read) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%'),
      (SELECT sum(shared_blks_read) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%'),
      (SELECT coalesce(sum(seq_tup_read), 0) FROM pg_stat_user_tables),
      (SELECT coalesce(sum(idx_tup_fetch), 0) FROM pg_stat_user_tables)" |
    awk -v l="$2" -v s="$secs" -v ld="$load" -v c="$cpu" '{printf "%s %.2f s, JVM CPU %s s (load %s) | statements %d rows %d blocks %d (read from disk %d) | seq_tup_read %d idx_tup_fetch %d \n", l, s, c, ld, $1, $2, $3, $4, $5, $6}'
  # phases from the service's own log lines: JVM start to PostgreSQL up, up to schema checked, the gate, the rest
  grep -o '^[0-9T:.-]*Z.*\(starting embedded\|PostgreSQL listening\|schema at version\|entries checked\|listening on port\|blocked for\)' \
      /tmp/startup-$2.log | awk '
    /blocked/ {n = "BLOCKED"} /starting embedded/ {n = "pg-start"} /PostgreSQL listening/ {n = "pg-up"}
    /schema at/ {n = "schema"} /entries checked/ {n = "gate-done"} /listening on port/ {n = "port-open"}
    {split($1, t, "T"); split(t[2], h, ":"); s = h[1] * 3600 + h[2] * 60 + h[3]; if (!p) p = s; printf "  %s +%.1f", n, s - p; p = s}
    END {print ""}'
  psql -qAt -F' | ' "$url" -c "SELECT calls, rows, shared_blks_hit + shared_blks_read, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
      FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%' ORDER BY shared_blks_hit + shared_blks_read DESC LIMIT 5" > /tmp/startup-$2.top
  reset_and_stop
}
for r in $(seq 1 "$rounds"); do one "$old" old; one "$new" new; done
