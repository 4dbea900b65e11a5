#!/bin/bash
# What PostgreSQL's cost of a registration's rows is made of: pgbench writes them as
# registration-rows.sql does (22 per transaction, 2 clients, fsync on) against an idle service's
# PostgreSQL, interleaved with three parts of that work, and prints PostgreSQL's CPU per event:
#   full      the whole batch (as append-cpu.sh's rows=BUILD)
#   entries   the same without the footage rows (log entries, tree nodes, head, checkpoint)
#   commit    the transaction alone: the head lock, a head update, COMMIT (one per 22 events)
#   values    the transaction with the batch's values made as the whole batch makes them
#             (random ids and hashes) and counted instead of written: values - commit is
#             pgbench's own making of the values, which the service sends as parameters
#   nochecks  the whole batch with every CHECK constraint of the tables it writes dropped
#             (added back, NOT VALID, after each run: this database is thrown away)
# Usage: append-rows-parts.sh BUILD_DIR ROUNDS TIMED_S   (BUILD_DIR holds target/custody-ledger.jar)
set -u
jar=$1/target/custody-ledger.jar; rounds=$2; timed=$3
rows=$(cd "$(dirname "$0")/../resources/bench" && pwd)/registration-rows.sql
d=/tmp/append-rows-parts; w=$d.sql; rm -rf "$d" "$w"; mkdir -p "$w"
java -Xmx1g -jar "$jar" serve --port 18096 --data-dir "$d" > "$d.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -s -m 5 -o /dev/null localhost:18096/health && break; kill -0 $pid 2>/dev/null || break; sleep 0.5; done
url=$(grep -o 'postgresql://[^ ]*' "$d.log" | head -1)
key=$([ -n "$url" ] && psql -qAt "$url" -c "SELECT key_id FROM ledger_keys LIMIT 1")
if ! curl -s -m 5 -o /dev/null localhost:18096/health || [ -z "$key" ]; then
  echo "the service did not start (see $d.log)"; kill $pid 2>/dev/null; exit 1
fi
pm=$(head -1 "$d/postgres/postmaster.pid")
batch=22
# The whole batch without its footage statement (between its two marker comments).
sed '/^-- footage rows: from here$/,/^-- footage rows: to here$/d' "$rows" > "$w/entries.sql"
if grep -q 'INTO footage' "$w/entries.sql" || ! grep -q 'INTO log_entries' "$w/entries.sql"; then
  echo "could not cut the footage statement out of $rows"; kill $pid; exit 1
fi
cat > "$w/commit.sql" <<'SQL'
BEGIN;
SET LOCAL plan_cache_mode = force_generic_plan;
SELECT size FROM log_head WHERE id = 0 FOR UPDATE \gset
UPDATE log_head SET root = sha256(int8send(:size::bigint)), updated_at = now() WHERE id = 0;
COMMIT;
SQL
cat > "$w/values.sql" <<'SQL'
BEGIN;
SET LOCAL plan_cache_mode = force_generic_plan;
SELECT size FROM log_head WHERE id = 0 FOR UPDATE \gset
SELECT count(i) + count(s) + count(t) FROM (SELECT 'f-' || replace(gen_random_uuid()::text, '-', '') AS i,
    sha256(uuid_send(gen_random_uuid())) AS s, now() AS t FROM generate_series(1, :batch::int)) v;
SELECT count(x) + count(l) + count(h) + count(f) FROM (SELECT :size::bigint + g - 1 AS x,
    decode(repeat('ab', 408), 'hex') || sha256(uuid_send(gen_random_uuid())) AS l, sha256(uuid_send(gen_random_uuid())) AS h,
    'f-' || replace(gen_random_uuid()::text, '-', '') AS f FROM generate_series(1, :batch::int) g) v;
SELECT count(h) FROM (SELECT sha256(int8send(i)) AS h FROM generate_series(1, 40) l,
    LATERAL generate_series(:size::bigint >> l, ((:size::bigint + :batch::bigint) >> l) - 1) i) v;
UPDATE log_head SET root = sha256(int8send(:size::bigint)), updated_at = now() WHERE id = 0;
COMMIT;
SQL
checks() { # one statement per CHECK constraint of the tables the batch writes, made by $1
  psql -qAt "$url" -c "SELECT $1 FROM pg_constraint WHERE contype = 'c' AND conrelid IN
    ('footage'::regclass, 'log_entries'::regclass, 'tree_nodes'::regclass, 'log_head'::regclass, 'checkpoints'::regclass)"
}
checks "format('ALTER TABLE %s DROP CONSTRAINT %I;', conrelid::regclass, conname)" > "$w/drop.sql"
checks "format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID;', conrelid::regclass, conname, pg_get_constraintdef(oid))" > "$w/add.sql"
pg_ticks() { local t=0 p; for p in $pm $(pgrep -P "$pm"); do [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15+$16+$17}' /proc/$p/stat))); done; echo $t; }
bench() { pgbench -n -M prepared -c 2 -j 1 -T "$1" -D batch=$batch -D key="$key" -f "$2" "$url" 2>&1; }
part() { # label script
  local a b x
  a=$(pg_ticks); x=$(bench "$timed" "$2" | awk '/actually processed/{print $NF}'); b=$(pg_ticks)
  echo "$1 ${x:-0}" | awk -v t="$timed" -v k=$batch -v ms=$(( (b - a) * 1000 / $(getconf CLK_TCK) )) \
    '{ n = $2 * k; if (n == 0) print $1 ": no transactions"; else printf "%-9s %6.0f events/s  PostgreSQL %.4f ms per event\n", $1, n / t, ms / n }'
}
bench 60 "$rows" > /dev/null   # the tables past their first pages, the plans cached
for _ in $(seq 1 "$rounds"); do
  part full "$rows"
  part entries "$w/entries.sql"
  part commit "$w/commit.sql"
  part values "$w/values.sql"
  psql -q -v ON_ERROR_STOP=1 "$url" -f "$w/drop.sql" || break
  part nochecks "$rows"
  psql -q -v ON_ERROR_STOP=1 "$url" -f "$w/add.sql" || break
done
kill $pid; wait $pid 2>/dev/null
