#!/bin/bash
# Where the service's HTTP event loop and its workers spend an append: the 64-client registration
# load (as append-cpu.sh) against a fresh data directory, a Flight Recorder profile (execution
# samples every 10 ms, stacks up to 256 frames) of the timed run after the warm-up. It prints, for
# the event loop that serves the registrations, the share of its samples whose stack holds each
# named frame (inclusive: a frame under another counts in both; the indentation shows which runs
# under which) and its commonest innermost frames, and the workers' share spent signing.
# Samples are taken only while a thread runs Java code (not in system calls such as the socket's
# writes), so shares are of the Java work; per-thread CPU in ms per event (system time, GC and JIT
# included) comes from append-threads.sh.
# KEEP=1 keeps the recording and its printout (the directory is named at the end).
# Usage: append-profile.sh JAR [WARMUP_S] [TIMED_S]
set -u
jar=$1; warm=${2:-120}; timed=${3:-30}
port=18093
lua=$(cd "$(dirname "$0")/../resources/bench" && pwd)/register.lua
d=$(mktemp -d /tmp/append-profile.XXXXXX)
java -Xmx1g -XX:FlightRecorderOptions:stackdepth=256 -jar "$jar" serve --port $port --data-dir "$d/data" \
  > "$d/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; if [ -n "${KEEP:-}" ]; then echo "kept in $d"; else rm -rf "$d"; fi' EXIT
for _ in $(seq 1 240); do curl -sf -m 5 localhost:$port/health >/dev/null && break; sleep 0.5; done
curl -sf -m 5 localhost:$port/health >/dev/null || { echo "the service did not start: $(tail -3 "$d/serve.log")" >&2; exit 1; }
TOKEN=$(java -jar "$jar" token --role officer --subject load 2>/dev/null | tail -1); export TOKEN
wrk -t1 -c64 -d"${warm}"s -s "$lua" http://localhost:$port > /dev/null
cat > "$d/samples.jfc" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
</configuration>
XML
# jcmd exits 0 when the command itself fails: look for its answer
jcmd $pid JFR.start name=append settings="$d/samples.jfc" filename="$d/append.jfr" > "$d/jcmd.log"
grep -q 'Started recording' "$d/jcmd.log" || { cat "$d/jcmd.log" >&2; exit 1; }
wrk -t1 -c64 -d"${timed}"s -s "$lua" http://localhost:$port | grep -E 'requests in|Requests/sec'
jcmd $pid JFR.stop name=append >> "$d/jcmd.log" && [ -s "$d/append.jfr" ] || { cat "$d/jcmd.log" >&2; exit 1; }
jfr print --events jdk.ExecutionSample --stack-depth 256 "$d/append.jfr" > "$d/samples.txt"
python3 - "$d/samples.txt" <<'PY'
import collections, re, sys
samples = []
for block in open(sys.argv[1]).read().split('jdk.ExecutionSample')[1:]:
    thread = re.search(r'sampledThread = "([^"]+)"', block)
    if thread:
        stack = re.findall(r'^\s+(\S+\(.*?\))(?:\s+line:.*)?$', block, re.M)
        frames = [re.sub(r'\(.*', '', f) for f in stack]
        samples.append((thread.group(1), block, frames))
workers = [b for t, b, _ in samples if t.startswith('vert.x-worker')]
signing = sum(1 for b in workers if 'Ed25519' in b)
print(f"workers: {len(workers)} samples, {100 * signing / max(1, len(workers)):.1f} % of them signing")
serving = collections.Counter(t for t, b, _ in samples if 'FootageHandlers' in b)
if not serving:
    sys.exit("no sample in the registration handlers: was the load answered?")
http = serving.most_common(1)[0][0]
mine = [(b, f) for t, b, f in samples if t == http]
truncated = sum(1 for b, _ in mine if re.search(r'^\s+\.\.\.\s*$', b, re.M))
print(f"{http}: {len(mine)} samples ({truncated} with a truncated stack); share with the frame on the stack")
frames = [
    ('the socket read (EpollIoHandler), handlers run within it', 'EpollIoHandler'),
    ('  admitting the request (Access.admit: the route handler)', 'Access.admit'),
    ('    the body parsed (Params.jsonBody)', 'Params.jsonBody'),
    ('    into the sequencer (Sequencer.appendAll)', 'Sequencer.appendAll'),
    ('      the leaf-size check', 'LeafTooLargeException.check'),
    ('answering (FootageHandlers.registered), once the batch commits', 'FootageHandlers.registered'),
    ('  the answer built (http.Views)', 'org.custodyledger.http.Views.'),
    ('  the answer encoded (JsonObject.encode)', 'JsonObject.encode'),
    ('metrics (io.vertx.micrometer)', 'io.vertx.micrometer'),
]
for name, frame in frames:
    print(f"  {100 * sum(1 for b, _ in mine if frame in b) / len(mine):5.1f} %  {name}")
print("innermost frames:")
for frame, n in collections.Counter(f[0] for _, f in mine if f).most_common(8):
    print(f"  {100 * n / len(mine):5.1f} %  {frame}")
PY
