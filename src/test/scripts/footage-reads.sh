#!/bin/bash
# Footage search by hash and a footage's history on a ledger with many footage rows (built by
# FootageFiller): one build serving DATA_DIR, 5,000 random footage picked from the database,
# then wrk with 1 client and with 8 clients on each endpoint (after a warm-up run), p50/p99 as
# wrk measures them, and EXPLAIN (ANALYZE, BUFFERS) of the statements behind the two pages.
# Usage: footage-reads.sh DATA_DIR JAR [DURATION]     (scripts dir: this file's)
set -u
data=$1; jar=$2; dur=${3:-15s}; here=$(cd "$(dirname "$0")" && pwd)
java -Xmx1g -jar "$jar" serve --port 18297 --data-dir "$data" > /tmp/footage-reads-serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
until curl -fs localhost:18297/health >/dev/null 2>&1; do sleep 0.2; done
url=$(grep -o 'postgresql://[^ ]*' /tmp/footage-reads-serve.log | head -1)
export TOKEN; TOKEN=$(java -jar "$jar" token --role reviewer --subject bench-reader 2>/dev/null | tail -1)
psql -qAt "$url" -c "SELECT '/api/v1/footage?sha256=' || encode(sha256, 'hex') FROM footage TABLESAMPLE SYSTEM (1) LIMIT 5000" > /tmp/footage-reads-search.txt
psql -qAt "$url" -c "SELECT '/api/v1/footage/' || id || '/history' FROM footage TABLESAMPLE SYSTEM (1) LIMIT 5000" > /tmp/footage-reads-history.txt
echo "footage rows: $(psql -qAt "$url" -c 'SELECT count(*) FROM footage'), ledger entries: $(psql -qAt "$url" -c 'SELECT size FROM log_head')"
curl -fs -H "Authorization: Bearer $TOKEN" "localhost:18297$(head -1 /tmp/footage-reads-search.txt)" | head -c 300; echo
curl -fs -H "Authorization: Bearer $TOKEN" "localhost:18297$(head -1 /tmp/footage-reads-history.txt)" | head -c 300; echo
for what in search history; do
  export PATHS_FILE=/tmp/footage-reads-$what.txt
  wrk -t1 -c8 -d10s -s "$here/paths.lua" http://localhost:18297 > /dev/null          # warm-up
  for c in 1 8; do
    t=$(( c < 2 ? 1 : 2 ))
    out=$(wrk -t$t -c$c -d"$dur" --latency -s "$here/paths.lua" http://localhost:18297)
    echo "$what, $c client(s): $(echo "$out" | awk '/Requests\/sec/{print $2}') req/s, p50 $(echo "$out" | awk '$1=="50%"{print $2}')," \
      "p99 $(echo "$out" | awk '$1=="99%"{print $2}'), $(echo "$out" | awk '/requests in/{print $1}') requests," \
      "non-2xx: $(echo "$out" | awk '/Non-2xx/{print $NF}')0, load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
# The statements behind the two pages (FootageStore.list with a sha256 filter, Visibility's
# byId then LogSql's entries of a footage), for one footage picked above, as PostgreSQL runs them.
hash=$(head -1 /tmp/footage-reads-search.txt | sed 's/.*sha256=//')
id=$(head -1 /tmp/footage-reads-history.txt | sed 's#/api/v1/footage/##; s#/history##')
cols="id, seq, sha256, size, media_type, filename, incident, device, notes, recorded_at, uploaded_by, uploaded_at, held,
  storage_location, metadata, derived_from, retain_until, disposed_at,
  EXISTS (SELECT 1 FROM legal_holds h WHERE h.footage_id = footage.id AND h.released_at IS NULL) AS on_hold"
for q in "SELECT $cols FROM footage WHERE seq > 0 AND sha256 = '\\x$hash'::bytea ORDER BY seq LIMIT 51" \
         "SELECT $cols FROM footage WHERE id = '$id'" \
         "SELECT idx, leaf, leaf_hash FROM log_entries WHERE footage_id = '$id' AND idx > -1 ORDER BY idx LIMIT 51"; do
  echo "--- $(echo "$q" | tr -s ' \n' ' ' | cut -c1-60)... $(echo "$q" | grep -o 'WHERE.*' | tr -s ' \n' ' ')"
  psql -qAt "$url" -c "EXPLAIN (ANALYZE, BUFFERS) $q"
done
