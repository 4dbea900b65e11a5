#!/bin/bash
# Where the service's HTTP event loop and its workers spend an append: the 64-client registration
# load (as append-cpu.sh) against a fresh data directory, a Flight Recorder profile (execution
# samples every 10 ms) of the timed run after the warm-up, then, on the event loop that serves the
# registrations, the share of its samples whose stack holds each named frame (inclusive: a frame
# under another counts in both), and the workers' share spent signing.
# The samples cover Java threads only: per-thread CPU in ms per event, GC and JIT included,
# comes from append-threads.sh.
# Usage: append-profile.sh JAR [WARMUP_S] [TIMED_S]
set -u
jar=$1; warm=${2:-120}; timed=${3:-30}
lua=$(cd "$(dirname "$0")/../resources/bench" && pwd)/register.lua
d=$(mktemp -d /tmp/append-profile.XXXXXX)
java -jar "$jar" serve --port 18099 --data-dir "$d/data" > "$d/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$d"' EXIT
for _ in $(seq 1 240); do curl -sf -m 5 localhost:18099/health >/dev/null && break; sleep 0.5; done
TOKEN=$(java -jar "$jar" token --role officer --subject load 2>/dev/null | tail -1); export TOKEN
wrk -t1 -c64 -d"${warm}"s -s "$lua" http://localhost:18099 > /dev/null
cat > "$d/samples.jfc" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
</configuration>
XML
jcmd $pid JFR.start name=append settings="$d/samples.jfc" filename="$d/append.jfr" > /dev/null
wrk -t1 -c64 -d"${timed}"s -s "$lua" http://localhost:18099 | grep -E 'requests in|Requests/sec'
jcmd $pid JFR.stop name=append > /dev/null
jfr print --events jdk.ExecutionSample --stack-depth 128 "$d/append.jfr" > "$d/samples.txt"
python3 - "$d/samples.txt" <<'PY'
import collections, re, sys
samples = []
for block in open(sys.argv[1]).read().split('jdk.ExecutionSample')[1:]:
    thread = re.search(r'sampledThread = "([^"]+)"', block)
    if thread:
        samples.append((thread.group(1), block))
workers = [b for t, b in samples if t.startswith('vert.x-worker')]
signing = sum(1 for b in workers if 'Ed25519' in b)
print(f"workers: {len(workers)} samples, {100 * signing / max(1, len(workers)):.1f} % of them signing")
http = collections.Counter(t for t, b in samples if 'FootageHandlers' in b).most_common(1)[0][0]
frames = {
    'answering (FootageHandlers.registered)': 'FootageHandlers.registered',
    '  the answer encoded (JsonObject.encode)': 'JsonObject.encode',
    '  the answer built (http.Views)': 'org.custodyledger.http.Views.',
    'admitting (Access.admit)': 'Access.admit',
    '  the body parsed (Params.jsonBody)': 'Params.jsonBody',
    '  the leaf-size check': 'LeafTooLargeException.check',
    '  into the sequencer (Sequencer.appendAll)': 'Sequencer.appendAll',
    'metrics (io.vertx.micrometer)': 'io.vertx.micrometer',
    'Netty reading (EpollIoHandler)': 'EpollIoHandler',
}
mine = [b for t, b in samples if t == http]
print(f"{http}: share of its {len(mine)} samples with the frame on the stack")
for name, frame in frames.items():
    print(f"  {100 * sum(1 for b in mine if frame in b) / len(mine):5.1f} %  {name}")
PY
