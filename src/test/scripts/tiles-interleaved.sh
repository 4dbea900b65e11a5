#!/bin/bash
# Tile reads on a large ledger, builds interleaved (a, b, a, b, ...): each build in turn serves
# DATA_DIR, then after a 10 s warm-up wrk reads random full level-0 tiles with 1 client and with
# 8, then full entry bundles with 1 client (a reviewer token), then /health for 5 s as the
# machine's own floor. One line per build and round: requests/s, p50, p90, p99.
# Usage: tiles-interleaved.sh DATA_DIR FULL_TILES ROUNDS LABEL=JAR...
set -u
data=$1; full=$2; rounds=$3; shift 3
lua=$(cd "$(dirname "$0")" && pwd)/tiles.lua
line() { echo "$1" | awk '/Requests\/sec/{r=$2} $1=="50%"{a=$2} $1=="90%"{b=$2} $1=="99%"{c=$2} END{printf "%s/s p50 %s p90 %s p99 %s", r, a, b, c}'; }
for r in $(seq 1 "$rounds"); do
  for build in "$@"; do
    label=${build%%=*}; jar=${build#*=}
    java -Xmx2g -jar "$jar" serve --port 18091 --data-dir "$data" > /tmp/tiles-interleaved-$label.log 2>&1 &
    pid=$!
    for _ in $(seq 1 240); do curl -sf localhost:18091/health >/dev/null && break; sleep 0.25; done
    token=$(java -jar "$jar" token --role reviewer --subject bench 2>/dev/null | tail -1)
    TILES_FULL=$full wrk -t1 -c1 -d10s -s "$lua" http://localhost:18091 > /dev/null
    one=$(TILES_FULL=$full wrk -t1 -c1 -d15s --latency -s "$lua" http://localhost:18091)
    eight=$(TILES_FULL=$full wrk -t2 -c8 -d15s --latency -s "$lua" http://localhost:18091)
    bundles=$(TILES_KIND=tile/entries TILES_TOKEN=$token TILES_FULL=$full wrk -t1 -c1 -d15s --latency -s "$lua" http://localhost:18091)
    health=$(wrk -t1 -c1 -d5s --latency http://localhost:18091/health)
    echo "$label r$r | tile 1c $(line "$one") | tile 8c $(line "$eight") | bundle 1c $(line "$bundles")" \
      "| health p99 $(echo "$health" | awk '$1=="99%"{print $2}') | load $(cut -d' ' -f1 /proc/loadavg)"
    kill $pid; wait $pid 2>/dev/null; sleep 2
  done
done
