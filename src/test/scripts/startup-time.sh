#!/bin/bash
# Start-up time of two builds on one existing data directory, interleaved: launch `serve`, poll
# /health every 50 ms, print the seconds from launch to 200 and the integrity gate's own log line,
# stop the service (SIGTERM) and wait for it. Usage: startup-time.sh DATA_DIR ROUNDS OLD_JAR NEW_JAR [EXTRA_NEW_FLAGS]
set -u
data=$1; rounds=$2; old=$3; new=$4; extra=${5:-}
one() { # $1 = jar, $2 = label, $3 = extra flags
  local t0 t1 pid
  t0=$(date +%s.%N)
  java -Xmx1g -jar "$1" serve --port 18099 --data-dir "$data" $3 > /tmp/startup-$2.log 2>&1 &
  pid=$!
  until curl -fs localhost:18099/health >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { echo "$2 failed to start"; tail -3 /tmp/startup-$2.log; return; }
    sleep 0.05
  done
  t1=$(date +%s.%N)
  echo "$2 $(echo "$t1 - $t0" | bc) s; $(grep -o 'ledger of .*' /tmp/startup-$2.log)"
  kill $pid; wait $pid 2>/dev/null
  sleep 2
}
for r in $(seq 1 "$rounds"); do one "$old" old ""; one "$new" new "$extra"; done
