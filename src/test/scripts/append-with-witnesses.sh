#!/bin/bash
# Append throughput with and without three witnesses (2-of-3 quorum, 1 s interval), interleaved.
# Each witnessed run starts its witnesses FRESH (new keys, empty state folders) beside its fresh data
# directory: a witness that kept an earlier run's state would hold another history under the same log
# key and rightly refuse the new one as a split view.
# Usage: src/test/scripts/append-with-witnesses.sh [RUNS] [SECONDS]   (JAR=… to use another build)
set -u
JAR=${JAR:-target/custody-ledger.jar}
LUA=${LUA:-src/test/resources/bench/register.lua}
RUNS=${1:-3}; SECONDS_TIMED=${2:-30}
BASE=$(mktemp -d /tmp/witness-load.XXXXXX)
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; PIDS=(); }
trap stop_all EXIT
await_health() { for i in $(seq 1 120); do curl -sf localhost:18084/health >/dev/null && return 0; sleep 1; done; return 1; }

# The sample log key's verifier key: a short-lived service prints it.
java -jar $JAR serve --port 18084 --data-dir $BASE/probe > $BASE/probe.log 2>&1 & PIDS+=($!)
await_health
LOGKEY=$(curl -s localhost:18084/api/v1/ledger/key | head -1); stop_all
echo "log key: $LOGKEY"

witnesses() { # $1: folder; starts three fresh witnesses, writes $1/policy.txt
  local w=$1; mkdir -p $w; echo "log $LOGKEY" > $w/policy.txt
  for n in 1 2 3; do
    local vk; vk=$(java -jar $JAR witness-keygen --out $w/w$n --name w$n.example/witness 2>/dev/null)
    java -jar $JAR witness --key $w/w$n/witness.pem --log "$LOGKEY" --state $w/state$n --port 1909$n > $w/w$n.log 2>&1 &
    PIDS+=($!)
    echo "witness w$n $vk http://127.0.0.1:1909$n" >> $w/policy.txt
  done
  echo "group q 2 w1 w2 w3" >> $w/policy.txt; echo "quorum q" >> $w/policy.txt
  sleep 3
}

run() { # $1 label, $2 run number, rest: extra serve flags
  local label=$1 r=$2; shift 2; local d=$BASE/$label-$r
  java -Xmx1g -jar $JAR serve --port 18084 --data-dir $d/data "$@" > $d.serve.log 2>&1 & PIDS+=($!)
  await_health
  export TOKEN=$(java -jar $JAR token --role officer --subject load)
  wrk -t1 -c64 -d15s -s $LUA http://localhost:18084 > /dev/null
  local out; out=$(wrk -t1 -c64 -d${SECONDS_TIMED}s --latency -s $LUA http://localhost:18084)
  local wit; wit=$(curl -s localhost:18084/api/v1/ledger/witnesses | jq -c '{cosignedSize, quorumMet, states: [.witnesses[].state]}')
  echo "$label $r $(echo "$out" | awk '/Requests\/sec/{print $2}') p50 $(echo "$out" | awk '$1=="50%"{print $2}') p99 $(echo "$out" | awk '$1=="99%"{print $2}') | $wit"
  stop_all; sleep 3
}
for r in $(seq 1 $RUNS); do
  run plain $r
  witnesses $BASE/witnessed-$r/witnesses
  run witnessed $r --witness-policy $BASE/witnessed-$r/witnesses/policy.txt --witness-interval-s 1
done
