#!/bin/bash
# Starts the jar with -Xmx512m and a cap, stalls N uploads, reports live heap and RSS before and at the cap.
# usage: upload-cap-bench.sh CAP N (from the repository root, after mvn package)
cap=$1; n=$2; port=18120; d=$(mktemp -d)
java -Xmx512m -jar target/custody-ledger.jar serve --port $port --data-dir $d --max-concurrent-uploads $cap > $d/serve.log 2>&1 &
pid=$!
for i in $(seq 1 60); do curl -fs localhost:$port/health >/dev/null && break; sleep 1; done
jpid=$(pgrep -f "serve --port $port" | head -1)
tok=$(java -jar target/custody-ledger.jar token --role officer --subject bench)
jcmd $jpid GC.run >/dev/null; before=$(jcmd $jpid GC.heap_info | grep -o "used [0-9]*K" | head -1)
rss0=$(grep VmRSS /proc/$jpid/status | awk '{print $2}')
python3 src/test/scripts/stalled-uploads.py $port $n $tok 8 &
sp=$!
sleep 5
jcmd $jpid GC.run >/dev/null; after=$(jcmd $jpid GC.heap_info | grep -o "used [0-9]*K" | head -1)
rss1=$(grep VmRSS /proc/$jpid/status | awk '{print $2}')
wait $sp
echo "cap=$cap stalled=$n heap_live_before=$before heap_live_at_cap=$after rss_before=${rss0}K rss_at_cap=${rss1}K"
kill $pid; wait $pid 2>/dev/null; rm -rf $d
