#!/bin/bash
# Proof reads of two builds on one existing ledger, interleaved: for each build and round, start
# `serve` on DATA_DIR, warm up 10 s (8 clients), then wrk runs of 20 s: inclusion with 1 and 8
# clients, consistency with 8. Besides wrk's rate and latency it prints the CPU time the service
# and its PostgreSQL (postmaster, backends, and backends that exited) spent per request, read
# from /proc: a figure the neighbours' load changes far less than latency.
# Usage: proof-bench.sh DATA_DIR TREE_SIZE ROUNDS OLD_JAR NEW_JAR
set -u
data=$1; size=$2; rounds=$3; old=$4; new=$5
lua=$(dirname "$0")/proofs.lua
ticks() { # CPU clock ticks of the JVM $1 and of the PostgreSQL under $data, children that exited included
  local pm total=0
  pm=$(head -1 "$data/postgres/postmaster.pid")
  for p in $1 $pm $(pgrep -P "$pm"); do
    [ -r /proc/$p/stat ] || continue
    total=$((total + $(awk '{print $14+$15+$16+$17}' /proc/$p/stat)))
  done
  echo $total
}
run() { # $1 = jar, $2 = label
  java -Xmx1g -jar "$1" serve --port 18097 --data-dir "$data" > /tmp/proofs-$2.log 2>&1 &
  local pid=$! c before after out n
  until curl -fs localhost:18097/health >/dev/null 2>&1; do sleep 0.2; done
  TREE_SIZE=$size wrk -t2 -c8 -d10s -s "$lua" http://localhost:18097 >/dev/null
  for spec in "inclusion 1" "inclusion 8" "consistency 8"; do
    set -- $spec
    before=$(ticks $pid)
    out=$(PROOF_KIND=$1 TREE_SIZE=$size wrk -t$([ $2 = 1 ] && echo 1 || echo 2) -c$2 -d20s --latency -s "$lua" http://localhost:18097)
    after=$(ticks $pid)
    n=$(echo "$out" | awk '/requests in/{print $1}')
    echo "$label $1 c=$2 $(echo "$out" | awk '/Requests\/sec/{print $2}') req/s p50 $(echo "$out" | awk '$1=="50%"{print $2}')" \
      "p99 $(echo "$out" | awk '$1=="99%"{print $2}') non2xx $(echo "$out" | grep -c 'Non-2xx')" \
      "cpu/req $(echo "scale=3; ($after - $before) * 10 / $n" | bc) ms"
  done
  kill $pid; wait $pid 2>/dev/null
  sleep 2
}
for r in $(seq 1 "$rounds"); do label=old; run "$old" old; label=new; run "$new" new; done
