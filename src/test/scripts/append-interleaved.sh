#!/bin/bash
# Interleaved append benchmark of two builds (clones built in /tmp/bench-old and /tmp/bench-new with
# `mvn -q package -DskipTests`); wrk, 64 clients, 15 s warm-up, 30 s timed.
set -u
run() { # $1 = build dir, $2 = label
  local d=/tmp/load-$2; rm -rf $d
  java -Xmx1g -jar $1/target/custody-ledger.jar serve --port 18084 --data-dir $d > /tmp/serve-$2.log 2>&1 &
  local pid=$!
  for i in $(seq 1 120); do curl -sf localhost:18084/health >/dev/null && break; sleep 1; done
  TOKEN=$(java -jar $1/target/custody-ledger.jar token --role officer --subject load)
  export TOKEN
  wrk -t1 -c64 -d15s -s /work/main/src/test/resources/bench/register.lua http://localhost:18084 > /dev/null
  local out; out=$(wrk -t1 -c64 -d30s --latency -s /work/main/src/test/resources/bench/register.lua http://localhost:18084)
  echo "$2 $(echo "$out" | awk '/Requests\/sec/{print $2}') p50 $(echo "$out" | awk '$1=="50%"{print $2}') p99 $(echo "$out" | awk '$1=="99%"{print $2}') non2xx $(echo "$out" | grep -c 'status ')"
  kill $pid; wait $pid 2>/dev/null
  sleep 3
}
for r in 1 2 3; do run /tmp/bench-old old; run /tmp/bench-new new; done
