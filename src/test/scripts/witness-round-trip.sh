#!/bin/bash
# The witness round trip: time from a new checkpoint (an append's 201) to the quorum-cosigned checkpoint of at
# least that size being served at /api/v1/ledger/checkpoint. Three real `witness` processes on this machine,
# 2-of-3 policy, --witness-interval-s 1. Each run starts FRESH: new witness keys and state folders, a new data
# directory (a fresh log under the sample key), so no witness holds another run's history.
# Usage: src/test/scripts/witness-round-trip.sh [RUNS] [SAMPLES]   (JAR=… to use another build)
set -u
JAR=${JAR:-target/custody-ledger.jar}
RUNS=${1:-3}; SAMPLES=${2:-20}
BASE=$(mktemp -d /tmp/witness-rt.XXXXXX)
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; PIDS=(); }
trap stop_all EXIT
await_port() { for i in $(seq 1 120); do curl -sf "localhost:$1$2" >/dev/null && return 0; sleep 0.5; done; return 1; }

# The sample log key's verifier key: a short-lived service prints it.
java -jar $JAR serve --port 18094 --data-dir $BASE/probe > $BASE/probe.log 2>&1 & PIDS+=($!)
await_port 18094 /health
LOGKEY=$(curl -s localhost:18094/api/v1/ledger/key | head -1); stop_all

for run in $(seq 1 $RUNS); do
  W=$BASE/run$run; mkdir -p $W
  POLICY=$W/policy.txt; echo "log $LOGKEY" > $POLICY
  for n in 1 2 3; do
    VK=$(java -jar $JAR witness-keygen --out $W/w$n --name w$n.example/witness)
    java -jar $JAR witness --key $W/w$n/witness.pem --log "$LOGKEY" --state $W/state$n --port 1919$n > $W/w$n.log 2>&1 &
    PIDS+=($!)
    echo "witness w$n $VK http://127.0.0.1:1919$n" >> $POLICY
  done
  echo "group q 2 w1 w2 w3" >> $POLICY; echo "quorum q" >> $POLICY
  java -jar $JAR serve --port 18094 --data-dir $W/data --witness-policy $POLICY --witness-interval-s 1 > $W/serve.log 2>&1 &
  PIDS+=($!)
  await_port 18094 /health
  TOKEN=$(java -jar $JAR token --role officer --subject bench) SAMPLES=$SAMPLES RUN=$run python3 - <<'PY'
import json, os, random, statistics, time, urllib.request
base = "http://localhost:18094"
token = os.environ["TOKEN"]
def served():
    with urllib.request.urlopen(base + "/api/v1/ledger/checkpoint") as r:
        note = r.read().decode()
    sigs = [l for l in note.split("\n\n", 1)[1].splitlines() if l.startswith("— ")]
    return int(note.splitlines()[1]), len(sigs) - 1   # size, cosignature lines
def checkpoint_in(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "checkpoint" and isinstance(v, str):
                return v
            found = checkpoint_in(v)
            if found:
                return found
    return None
times = []
for i in range(int(os.environ["SAMPLES"]) + 2):
    time.sleep(random.uniform(0, 1))  # land anywhere within the 1 s interval
    body = json.dumps({"sha256": "%064x" % random.getrandbits(256), "size": 1, "filename": "rt.mp4"}).encode()
    req = urllib.request.Request(base + "/api/v1/footage/by-hash", body, {"Content-Type": "application/json",
                                 "Authorization": "Bearer " + token})
    with urllib.request.urlopen(req) as r:
        t0 = time.monotonic()
        size = int(checkpoint_in(json.loads(r.read())).splitlines()[1])
    while True:
        got, cosigs = served()
        if got >= size and cosigs >= 2:
            break
        time.sleep(0.005)
    if i >= 2:  # the first two warm up the JIT and the witnesses
        times.append((time.monotonic() - t0) * 1000)
times.sort()
q = statistics.quantiles(times, n=10)
print("run %s: %d samples, median %.0f ms, p10 %.0f, p90 %.0f, min %.0f, max %.0f" % (os.environ["RUN"], len(times),
      statistics.median(times), q[0], q[-1], times[0], times[-1]))
PY
  stop_all
done
