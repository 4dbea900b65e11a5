#!/bin/sh
# Times the API requests the workspace's search and footage pages make on first load, against a
# running service: workspace-pages.sh BASE_URL TOKEN FOOTAGE_ID [RUNS] [SECONDS].
# One client (a person waiting for a page), RUNS runs of SECONDS each per request, after a warm-up;
# prints wrk's p50/p90/p99 per run.
set -eu
base=$1 token=$2 id=$3 runs=${4:-3} secs=${5:-8}
for path in \
  "/api/v1/footage?limit=50" \
  "/api/v1/footage?incident=INC-BENCH-0001&limit=50" \
  "/api/v1/footage?incident=INC-B-025000&limit=50" \
  "/api/v1/footage?sha256=$(printf 'bench777777' | sha256sum | cut -c1-64)&limit=50" \
  "/api/v1/footage/$id" \
  "/api/v1/footage/$id/history?limit=100" \
  "/api/v1/footage/$id/holds"; do
  wrk -t1 -c1 -d3s -H "Authorization: Bearer $token" "$base$path" >/dev/null
  for run in $(seq "$runs"); do
    printf '%s run %s: ' "$path" "$run"
    wrk -t1 -c1 -d"${secs}s" --latency -H "Authorization: Bearer $token" "$base$path" \
      | awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 90%/ {p90=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$0}
             END {printf "%s req/s p50 %s p90 %s p99 %s %s\n", rps, p50, p90, p99, bad}'
  done
done
