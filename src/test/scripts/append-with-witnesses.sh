#!/bin/bash
# Append throughput with and without three witnesses (2-of-3 quorum, 1 s interval), interleaved.
set -u
JAR=/work/main/target/custody-ledger.jar
W=/tmp/wb; rm -rf $W; mkdir -p $W
# The sample log key's vkey: start the service once and ask it.
java -jar $JAR serve --port 18084 --data-dir $W/probe > $W/probe.log 2>&1 & P=$!
for i in $(seq 1 120); do curl -sf localhost:18084/health >/dev/null && break; sleep 1; done
LOGKEY=$(curl -s localhost:18084/api/v1/ledger/key | head -1); kill $P; wait $P 2>/dev/null
echo "log key: $LOGKEY"
POLICY=$W/policy.txt; echo "log $LOGKEY" > $POLICY
for n in 1 2 3; do
  VK=$(java -jar $JAR witness-keygen --out $W/w$n --name w$n.example/witness)
  java -jar $JAR witness --key $W/w$n/witness.pem --log "$LOGKEY" --state $W/state$n --port 1909$n > $W/w$n.log 2>&1 &
  echo "witness w$n $VK http://127.0.0.1:1909$n" >> $POLICY
done
echo "group q 2 w1 w2 w3" >> $POLICY; echo "quorum q" >> $POLICY
sleep 5
run() { # $1 label, rest: extra serve flags
  local label=$1; shift; local d=/tmp/load-$label; rm -rf $d
  java -Xmx1g -jar $JAR serve --port 18084 --data-dir $d "$@" > /tmp/serve-$label.log 2>&1 & local pid=$!
  for i in $(seq 1 120); do curl -sf localhost:18084/health >/dev/null && break; sleep 1; done
  export TOKEN=$(java -jar $JAR token --role officer --subject load)
  wrk -t1 -c64 -d15s -s /work/main/src/test/resources/bench/register.lua http://localhost:18084 > /dev/null
  local out; out=$(wrk -t1 -c64 -d30s --latency -s /work/main/src/test/resources/bench/register.lua http://localhost:18084)
  local wit; wit=$(curl -s localhost:18084/api/v1/ledger/witnesses | tr -d '\n' | head -c 400)
  echo "$label $(echo "$out" | awk '/Requests\/sec/{print $2}') p50 $(echo "$out" | awk '$1=="50%"{print $2}') p99 $(echo "$out" | awk '$1=="99%"{print $2}') | $wit"
  kill $pid; wait $pid 2>/dev/null; sleep 3
}
for r in 1 2 3; do run plain; run witnessed --witness-policy $POLICY --witness-interval-s 1; done
pkill -f 'custody-ledger.jar witness ' || true
