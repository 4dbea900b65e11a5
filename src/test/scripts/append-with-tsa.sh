#!/bin/bash
# Append throughput and latency with and without RFC 3161 timestamping (--tsa-url to a local test TSA,
# --tsa-interval-s 1: a token per second while the log grows), the two side by side, a fresh data folder per run.
# Runs from the compiled classes: mvn -o -q test-compile && mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
# Usage: [CONNS=32] [PORT=18420] src/test/scripts/append-with-tsa.sh [RUNS] [SECONDS]   (CONNS: wrk connections per service)
set -u
CP=target/test-classes:target/classes:$(cat target/cp.txt)
LUA=${LUA:-src/test/resources/bench/register.lua}
RUNS=${1:-3}; SECONDS_TIMED=${2:-15}; PORT=${PORT:-18420}; CONNS=${CONNS:-32}
BASE=$(mktemp -d /tmp/tsa-load.XXXXXX)
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; PIDS=(); }
trap stop_all EXIT
await_health() { for i in $(seq 1 180); do curl -sf localhost:$1/health >/dev/null && return 0; sleep 1; done; return 1; }

java -cp $CP org.custodyledger.bench.LocalTsa 19318 $BASE/tsa-ca.pem > $BASE/tsa.log 2>&1 & TSA_PID=$!
trap 'stop_all; kill $TSA_PID 2>/dev/null' EXIT
for i in $(seq 1 60); do [ -s $BASE/tsa-ca.pem ] && break; sleep 1; done

# Both services run AT ONCE, each under the same wrk load at the same moment: on a shared machine
# whose load swings between runs, only a paired comparison says what timestamping itself costs.
serve() { # $1 label, $2 port, rest: extra serve flags
  local label=$1 port=$2; shift 2
  java -Xmx1g -cp $CP org.custodyledger.cli.Main serve --port $port --data-dir $BASE/$label-$r/data "$@" \
    > $BASE/$label-$r.serve.log 2>&1 & PIDS+=($!)
}
report() { # $1 label, $2 port, $3 wrk output file
  local ts; ts=$(curl -s localhost:$2/api/v1/ledger/timestamps/latest | jq -c '{treeSize, genTime}' 2>/dev/null)
  local size; size=$(curl -s localhost:$2/api/v1/ledger/checkpoint | sed -n 2p)
  echo "$1 $r $(awk '/Requests\/sec/{print $2}' $3) p50 $(awk '$1=="50%"{print $2}' $3) p99 $(awk '$1=="99%"{print $2}' $3) | log size $size | latest token $ts | load $(cut -d' ' -f1 /proc/loadavg)"
}
export TOKEN=$(java -cp $CP org.custodyledger.cli.Main token --role officer --subject load)
for r in $(seq 1 $RUNS); do
  serve plain $PORT
  serve timestamped $((PORT + 1)) --tsa-url http://127.0.0.1:19318/tsr --tsa-cert $BASE/tsa-ca.pem --tsa-interval-s 1
  await_health $PORT; await_health $((PORT + 1))
  wrk -t1 -c$CONNS -d10s -s $LUA http://localhost:$PORT > /dev/null & W=$!
  wrk -t1 -c$CONNS -d10s -s $LUA http://localhost:$((PORT + 1)) > /dev/null; wait $W
  wrk -t1 -c$CONNS -d${SECONDS_TIMED}s --latency --timeout 10s -s $LUA http://localhost:$PORT > $BASE/plain-$r.wrk & W=$!
  wrk -t1 -c$CONNS -d${SECONDS_TIMED}s --latency --timeout 10s -s $LUA http://localhost:$((PORT + 1)) > $BASE/timestamped-$r.wrk; wait $W
  report plain $PORT $BASE/plain-$r.wrk
  report timestamped $((PORT + 1)) $BASE/timestamped-$r.wrk
  stop_all; sleep 3
done
grep -h "timestamping:" $BASE/*.serve.log | sort | uniq -c | head
