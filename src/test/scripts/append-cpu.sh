#!/bin/bash
# CPU time per durable append, per process, for builds interleaved (old, new, old, new, ...):
# wrk with 64 clients and an officer token registers fresh hashes against a fresh data directory
# (fsync on). Around the timed run it reads the CPU ticks (utime+stime, children included) of the
# service's JVM, of PostgreSQL (postmaster and every backend; exited backends are in the
# postmaster's children's time) and of wrk itself (its own rusage, from /usr/bin/time), the busy
# ticks of the whole machine (/proc/stat: neighbours included) and apart from them the steal
# ticks (time the hypervisor gave this VM's vCPUs to other guests: no work of this machine, so
# not counted as busy), the WAL position and records, and committed transactions, and divides by
# the events wrk got answered.
#
# The machine's speed changes by 2x within minutes here, so each run is paired with a baseline
# taken in the same minute: OpenSSL's Ed25519 signature time (before and after the run, averaged).
# "per sign" is the machine's CPU per event in those signatures: a figure that carries across
# minutes and machines, and a floor too, as every event needs one signature.
#
# A build given as floor=CLASSPATH runs org.custodyledger.bench.HttpFloorServer from that class
# path (target/test-classes plus the service jar) instead: the same load against a server that
# only parses each body and answers 1,019 bytes (a registration's answer in a new log), i.e. the
# HTTP exchange alone; each answer waits FLOOR_DELAY_MS (default 25: 64 clients at ~2,500 events/s
# wait ~25 ms) so that the floor runs at the service's rate, each request paying its own wake-ups
# and system calls, as there.
#
# A build given as rows=BUILD_DIR starts that build's service (its PostgreSQL, settings and schema)
# and leaves it idle, while pgbench writes what registrations write, ROWS_BATCH per transaction
# (default 22, the service's batch at 64 clients) from 2 clients
# (src/test/resources/bench/registration-rows.sql): PostgreSQL's own cost of the rows, no HTTP, no
# service, no signing. Its "wrk" column is pgbench's CPU; it has no percentiles.
#
# CLIENTS=N sets wrk's connections (default 64).
# Usage: append-cpu.sh ROUNDS WARMUP_S TIMED_S LABEL=BUILD_DIR...   (each build dir holds target/custody-ledger.jar)
# After 20 s of load the JIT is still compiling (C2 alone ~0.1 ms per event); after 90 s it costs
# ~0.045 ms, after 180 s ~0.02: give 120 s or more to measure the steady state.
set -u
rounds=$1; warm=$2; timed=$3; shift 3
bench=$(cd "$(dirname "$0")/../resources/bench" && pwd)
lua=$bench/register.lua
batch=${ROWS_BATCH:-22}
clients=${CLIENTS:-64}   # wrk's connections; fewer make smaller batches (light load)
hz=$(getconf CLK_TCK)
counters() { # lsn_bytes wal_records xacts
  psql -qAt -F' ' "$1" -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, w.wal_records, d.xact_commit
    FROM pg_stat_wal w, pg_stat_database d WHERE d.datname = current_database()"
}
pg_ticks() { # postmaster (with reaped backends) and live backends
  local pm total=0 p
  pm=$(head -1 "$1/postgres/postmaster.pid")
  for p in $pm $(pgrep -P "$pm"); do
    [ -r /proc/$p/stat ] && total=$((total + $(awk '{print $14+$15+$16+$17}' /proc/$p/stat)))
  done
  echo $total
}
jvm_ticks() { awk '{print $14+$15}' /proc/$1/stat; }
machine_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }   # user nice system irq softirq
machine_steal() { awk '/^cpu /{print $9}' /proc/stat; }
load_cmd() { # sets cmd: the load for label $1 for $2 seconds
  case $1 in
  rows*) cmd=(pgbench -n -M prepared -c 2 -j 1 -T "$2" -D batch="$batch" -D key="$key" -f "$bench/registration-rows.sql" "$url") ;;
  *) cmd=(wrk -t1 -c"$clients" -d"$2"s --latency -s "$lua" http://localhost:18097) ;;
  esac
}
sign_us() { openssl speed -seconds 2 ed25519 2>/dev/null | awk '/Ed25519/{printf "%.1f", 1e6 / $(NF-1)}'; }
run() { # $1 = build dir (or class path for floor), $2 = label
  local d=/tmp/append-cpu-$2 pid url="" key="" cmd out n b="0 0 0" a="0 0 0" jb ja pb=0 pa=0 mb ma sb sa wrkcpu s1 s2 sign
  rm -rf $d
  case $2 in
  floor*)
    java -Xmx1g -cp "$1" org.custodyledger.bench.HttpFloorServer 18097 "${FLOOR_DELAY_MS:-25}" > /tmp/append-cpu-$2.log 2>&1 &
    pid=$!
    TOKEN=none; export TOKEN ;;
  *)
    java -Xmx1g -jar "$1/target/custody-ledger.jar" serve --port 18097 --data-dir $d > /tmp/append-cpu-$2.log 2>&1 &
    pid=$!
    TOKEN=$(java -jar "$1/target/custody-ledger.jar" token --role officer --subject load 2>/dev/null | tail -1); export TOKEN ;;
  esac
  # Any answer will do (the floor answers 400 to a request without a JSON body); give up if the server died or never listened.
  for _ in $(seq 1 240); do curl -s -m 5 -o /dev/null localhost:18097/health && break; kill -0 $pid 2>/dev/null || break; sleep 0.5; done
  if ! curl -s -m 5 -o /dev/null localhost:18097/health; then
    echo "$2: the server did not start (see /tmp/append-cpu-$2.log)"; kill $pid 2>/dev/null; wait $pid 2>/dev/null; return
  fi
  case $2 in
  floor*) ;;
  *)
    url=$(grep -o 'postgresql://[^ ]*' /tmp/append-cpu-$2.log | head -1)
    if [ -z "$url" ]; then
      echo "$2: no database URL in /tmp/append-cpu-$2.log"; kill $pid; wait $pid 2>/dev/null; return
    fi
    key=$(psql -qAt "$url" -c "SELECT key_id FROM ledger_keys LIMIT 1") ;;
  esac
  load_cmd "$2" "$warm"; "${cmd[@]}" > /dev/null
  s1=$(sign_us)
  [ -n "$url" ] && b=$(counters "$url") && pb=$(pg_ticks $d)
  jb=$(jvm_ticks $pid); mb=$(machine_busy); sb=$(machine_steal)
  load_cmd "$2" "$timed"; out=$(/usr/bin/time -f 'WRKCPU %U %S' "${cmd[@]}" 2>&1)
  ja=$(jvm_ticks $pid); ma=$(machine_busy); sa=$(machine_steal)
  [ -n "$url" ] && pa=$(pg_ticks $d) && a=$(counters "$url")
  s2=$(sign_us)
  sign=$(echo "($s1+$s2)/2" | bc -l)
  case $2 in
  rows*) # pgbench: transactions of $batch events; no percentiles
    n=$(echo "$out" | awk -v b="$batch" '/actually processed/{print $NF * b}')
    out=$(printf '%s\nRequests/sec: %s\n50%% -\n99%% -\n' "$out" "$(echo "$n / $timed" | bc -l | xargs printf '%.2f')") ;;
  *) n=$(echo "$out" | awk '/requests in/{print $1}') ;;
  esac
  if [ "${n:-0}" -eq 0 ]; then
    echo "$2: no events were answered:"; echo "$out" | tail -5; kill $pid; wait $pid 2>/dev/null; return
  fi
  wrkcpu=$(echo "$out" | awk '/WRKCPU/{print ($2+$3)*1000}')   # ms
  read -r lb rb xb <<< "$b"; read -r la ra xa <<< "$a"
  printf '%s %s ev/s p50 %s p99 %s non201 %s n=%s | cpu ms/event: jvm %.3f pg %.3f wrk %.3f sum %.3f machine %.3f steal %.3f | sign %.1f us (%s/%s) machine per sign %.1f | wal/event: %.2f rec %.0f B | xacts/event %.3f | load %s\n' \
    "$2" "$(echo "$out" | awk '/Requests\/sec/{print $2}')" "$(echo "$out" | awk '$1=="50%"{print $2}')" \
    "$(echo "$out" | awk '$1=="99%"{print $2}')" "$(echo "$out" | grep -c '^status ')" "$n" \
    "$(echo "($ja-$jb)*1000/$hz/$n" | bc -l)" "$(echo "($pa-$pb)*1000/$hz/$n" | bc -l)" "$(echo "$wrkcpu/$n" | bc -l)" \
    "$(echo "(($ja-$jb)+($pa-$pb))*1000/$hz/$n + $wrkcpu/$n" | bc -l)" "$(echo "($ma-$mb)*1000/$hz/$n" | bc -l)" \
    "$(echo "($sa-$sb)*1000/$hz/$n" | bc -l)" "$sign" "$s1" "$s2" "$(echo "($ma-$mb)*1000000/$hz/$n/$sign" | bc -l)" \
    "$(echo "($ra-$rb)/$n" | bc -l)" "$(echo "($la-$lb)/$n" | bc -l)" "$(echo "($xa-$xb)/$n" | bc -l)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  kill $pid; wait $pid 2>/dev/null
  sleep 2
  rm -rf $d   # a run leaves 0.1-1.5 GB of database behind
}
for _ in $(seq 1 "$rounds"); do
  for build in "$@"; do
    run "${build#*=}" "${build%%=*}"
  done
done
