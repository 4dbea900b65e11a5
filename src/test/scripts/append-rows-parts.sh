#!/bin/bash
# What PostgreSQL's cost of a registration's rows is made of: pgbench writes them as
# registration-rows.sql does (22 per transaction, 2 clients, fsync on) against an idle service's
# PostgreSQL, interleaved with three parts of that work, and prints PostgreSQL's CPU per event:
#   full      the whole batch (as append-cpu.sh's rows=BUILD)
#   entries   the same without the footage rows (log entries, tree nodes, head, checkpoint)
#   commit    the transaction alone: the head lock, a head update, COMMIT (one per 22 events)
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
[ -n "$url" ] || { echo "the service did not start (see $d.log)"; kill $pid 2>/dev/null; exit 1; }
key=$(psql -qAt "$url" -c "SELECT key_id FROM ledger_keys LIMIT 1")
pm=$(head -1 "$d/postgres/postmaster.pid")
# The footage statement runs from its INSERT to its RETURNING line.
sed '/^INSERT INTO footage/,/RETURNING id;$/d' "$rows" > "$w/entries.sql"
cat > "$w/commit.sql" <<'SQL'
BEGIN;
SELECT size FROM log_head WHERE id = 0 FOR UPDATE \gset
UPDATE log_head SET root = sha256(int8send(:size::bigint)), updated_at = now() WHERE id = 0;
COMMIT;
SQL
psql -qAt "$url" -c "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I;', conrelid::regclass, conname),
    format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID;', conrelid::regclass, conname, pg_get_constraintdef(oid))
  FROM pg_constraint WHERE contype = 'c'
    AND conrelid IN ('footage'::regclass, 'log_entries'::regclass, 'tree_nodes'::regclass, 'log_head'::regclass, 'checkpoints'::regclass)" \
  -F $'\n' > "$w/checks.txt"
awk 'NR % 2 == 1' "$w/checks.txt" > "$w/drop.sql"; awk 'NR % 2 == 0' "$w/checks.txt" > "$w/add.sql"
pg_ticks() { local t=0 p; for p in $pm $(pgrep -P "$pm"); do [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15+$16+$17}' /proc/$p/stat))); done; echo $t; }
bench() { pgbench -n -M prepared -c 2 -j 1 -T "$1" -D batch=22 -D key="$key" -f "$2" "$url" 2>&1; }
part() { # label script
  local a b x
  a=$(pg_ticks); x=$(bench "$timed" "$2" | awk '/actually processed/{print $NF}'); b=$(pg_ticks)
  echo "$1 ${x:-0}" | awk -v t="$timed" -v ms=$(( (b - a) * 1000 / $(getconf CLK_TCK) )) \
    '{ n = $2 * 22; if (n == 0) print $1 ": no transactions"; else printf "%-9s %6.0f events/s  PostgreSQL %.4f ms per event\n", $1, n / t, ms / n }'
}
bench 60 "$rows" > /dev/null   # the tables past their first pages, the plans cached
for _ in $(seq 1 "$rounds"); do
  part full "$rows"
  part entries "$w/entries.sql"
  part commit "$w/commit.sql"
  psql -q "$url" -f "$w/drop.sql"; part nochecks "$rows"; psql -q "$url" -f "$w/add.sql"
done
kill $pid; wait $pid 2>/dev/null
