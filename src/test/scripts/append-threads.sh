#!/bin/bash
# Where the service's CPU goes per durable append, by thread group (event loops, workers, JIT
# compilers, GC): the 64-client registration load (as append-cpu.sh) against a fresh data
# directory, per-thread CPU ticks read from /proc/PID/task/*/stat around the timed run and
# divided by the events answered. A longer warm-up shows how much of a short run is the JIT.
# Usage: append-threads.sh JAR LABEL [WARMUP_S] [TIMED_S]
set -u
jar=$1; label=$2; warm=${3:-20}; timed=${4:-30}
lua=$(cd "$(dirname "$0")/../resources/bench" && pwd)/register.lua
d=/tmp/append-threads-$label; rm -rf $d
java -Xmx1g -jar "$jar" serve --port 18098 --data-dir $d > /tmp/append-threads-$label.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 1 240); do curl -sf localhost:18098/health >/dev/null && break; sleep 0.5; done
TOKEN=$(java -jar "$jar" token --role officer --subject load 2>/dev/null | tail -1); export TOKEN
wrk -t1 -c64 -d${warm}s -s "$lua" http://localhost:18098 > /dev/null
threads() { for t in /proc/$pid/task/*; do echo "$(cat $t/comm)|$(awk '{print $14+$15}' $t/stat)"; done; }
threads > /tmp/append-threads-before
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
mb=$(busy)
out=$(wrk -t1 -c64 -d${timed}s --latency -s "$lua" http://localhost:18098)
ma=$(busy)
threads > /tmp/append-threads-after
n=$(echo "$out" | awk '/requests in/{print $1}')
echo "$label: $n events, $(echo "$out" | awk '/Requests\/sec/{print $2}') events/s, machine" \
  "$(echo "($ma-$mb)*1000/$(getconf CLK_TCK)/$n" | bc -l | cut -c1-5) ms/event; per thread group, ms/event:"
python3 - "$n" "$(getconf CLK_TCK)" <<'PY'
import collections, re, sys
n, hz = int(sys.argv[1]), int(sys.argv[2])
def groups(path):
    ticks = collections.Counter()
    for line in open(path):
        name, t = line.rstrip('\n').rsplit('|', 1)
        ticks[re.sub(r'[-#]?\d+$', '', name)] += int(t)
    return ticks
before, after = groups('/tmp/append-threads-before'), groups('/tmp/append-threads-after')
spent = {g: (after[g] - before.get(g, 0)) * 1000 / hz / n for g in after}
for g, ms in sorted(spent.items(), key=lambda kv: -kv[1]):
    if ms >= 0.001:
        print(f'  {g:32s} {ms:.3f}')
print(f'  {"JVM total":32s} {sum(spent.values()):.3f}')
PY
