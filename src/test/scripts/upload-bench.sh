#!/bin/bash
# One 1 GiB upload into a fresh service, prints seconds and peak RSS
# usage: upload-bench.sh JAR LABEL
jar=$1; label=$2; port=18121; d=$(mktemp -d -p "${BENCH_DIR:-/tmp}")
java -Xmx128m -jar $jar serve --port $port --data-dir $d > $d.log 2>&1 &
pid=$!
for i in $(seq 1 60); do curl -fs localhost:$port/health >/dev/null && break; sleep 1; done
tok=$(java -jar $jar token --role officer --subject bench)
t0=$(date +%s.%N)
code=$(curl -s -o /dev/null -w '%{http_code}' -T /tmp/big1g.bin -H "Authorization: Bearer $tok" "localhost:$port/api/v1/footage?filename=big.bin")
t1=$(date +%s.%N)
jpid=$(pgrep -f "serve --port $port" | head -1)
hwm=$(grep VmHWM /proc/$jpid/status | awk '{print $2}')
echo "$label status=$code seconds=$(echo "$t1 - $t0" | bc) peakRSS=${hwm}K"
kill $pid; wait $pid 2>/dev/null; rm -rf $d $d.log
