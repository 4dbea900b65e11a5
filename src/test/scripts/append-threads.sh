#!/bin/bash
# Where the service's CPU goes per durable append, by thread group (event loops, workers,
# compilers, GC), and each event loop apart under its Java name (append-profile.sh tells which
# serves HTTP): the 64-client registration load (as append-cpu.sh) against a fresh data
# directory, per-thread CPU ticks read from /proc/PID/task/*/stat around the timed run and
# divided by the events answered. "machine" is every process's busy time, steal excluded (as
# append-cpu.sh). A longer warm-up shows how much of a short run is the JIT.
# Usage: append-threads.sh JAR LABEL [WARMUP_S] [TIMED_S]
set -u
jar=$1; label=$2; warm=${3:-20}; timed=${4:-30}
lua=$(cd "$(dirname "$0")/../resources/bench" && pwd)/register.lua
d=/tmp/append-threads-$label; rm -rf "$d"
java -Xmx1g -jar "$jar" serve --port 18098 --data-dir "$d" > /tmp/append-threads-$label.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; sleep 2; rm -rf "$d"' EXIT   # 1-2 GB of database
for _ in $(seq 1 240); do curl -sf -m 5 localhost:18098/health >/dev/null && break; sleep 0.5; done
curl -sf -m 5 localhost:18098/health >/dev/null || { echo "the service did not start" >&2; exit 1; }
TOKEN=$(java -jar "$jar" token --role officer --subject load 2>/dev/null | tail -1); export TOKEN
wrk -t1 -c64 -d${warm}s -s "$lua" http://localhost:18098 > /dev/null
# utime+stime: fields 14 and 15 of stat, counted after the name, which may hold spaces ("GC Thread#0")
threads() { for t in /proc/$pid/task/*; do
  echo "${t##*/}|$(cat $t/comm 2>/dev/null)|$(sed 's/.*) //' $t/stat 2>/dev/null | awk '{print $12+$13}')"; done; }
threads > /tmp/append-threads-before
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }   # user nice system irq softirq
mb=$(busy)
out=$(wrk -t1 -c64 -d${timed}s --latency -s "$lua" http://localhost:18098)
ma=$(busy)
threads > /tmp/append-threads-after
# Java thread names by native id (/proc's comm is cut to 15 characters)
jcmd $pid Thread.print 2>/dev/null | sed -nE 's/^"([^"]+)".* nid=(0x[0-9a-f]+|[0-9]+) .*/\2|\1/p' > /tmp/append-threads-names
n=$(echo "$out" | awk '/requests in/{print $1}')
echo "$label: $n events, $(echo "$out" | awk '/Requests\/sec/{print $2}') events/s, machine" \
  "$(echo "($ma-$mb)*1000/$(getconf CLK_TCK)/$n" | bc -l | cut -c1-5) ms/event; per thread group, ms/event:"
python3 - "$n" "$(getconf CLK_TCK)" <<'PY'
import collections, re, sys
n, hz = int(sys.argv[1]), int(sys.argv[2])
def read(path):  # {(tid, group): ticks}
    ticks = {}
    for line in open(path):
        tid, name, t = line.rstrip('\n').split('|')
        if t:  # empty: the thread ended while it was read
            ticks[(tid, re.sub(r'[-#]?\d+$', '', name))] = int(t)
    return ticks
before, after = read('/tmp/append-threads-before'), read('/tmp/append-threads-after')
names = {}
for line in open('/tmp/append-threads-names'):
    nid, name = line.rstrip('\n').split('|', 1)
    names[str(int(nid, 0))] = name  # hex up to JDK 17, decimal from 18
per_thread = {k: (t - before.get(k, 0)) * 1000 / hz / n for k, t in after.items()}
spent = collections.Counter()
for (tid, group), ms in per_thread.items():
    spent[group] += ms
for g, ms in spent.most_common():
    if ms >= 0.001:
        print(f'  {g:32s} {ms:.3f}')
        if g.startswith('vert.x-eventloo'):  # each loop apart
            for (tid, group), one in sorted(per_thread.items(), key=lambda kv: -kv[1]):
                if group == g and one >= 0.001:
                    print(f'    {names.get(tid, "thread " + tid):30s} {one:.3f}')
print(f'  {"JVM total":32s} {sum(spent.values()):.3f}')
PY
