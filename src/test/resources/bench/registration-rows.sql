-- pgbench: one transaction writes what one batch of :batch registrations writes, statement for
-- statement as the service's batch (BatchTransaction, FootageStore): the head lock, the footage
-- rows, the log entries (a 440-byte leaf, as a registration's), the tree nodes the batch
-- completes (levels 1 and up), the head, one checkpoint (a 193-byte note). Values are made
-- server-side (random ids and hashes), so the database's own cost of the rows is measured with
-- no HTTP, no service and no signing. Used by append-cpu.sh's rows=BUILD runs.
--   pgbench -n -M prepared -c 2 -D batch=22 -D key=KEY_ID -f registration-rows.sql URL
BEGIN;
SELECT size FROM log_head WHERE id = 0 FOR UPDATE \gset
INSERT INTO footage (id, sha256, size, media_type, filename, incident, device, notes, recorded_at, uploaded_by,
    uploaded_at, held, storage_location, metadata, derived_from)
  SELECT 'f-' || replace(gen_random_uuid()::text, '-', ''), sha256(uuid_send(gen_random_uuid())), 1000000, NULL,
    'load.mp4', 'LOAD-TEST', NULL, NULL, NULL, 'load', now(), false, NULL, '{}'::jsonb, NULL
  FROM generate_series(1, :batch::int)
  ON CONFLICT (sha256) DO NOTHING RETURNING id;
INSERT INTO log_entries (idx, leaf, leaf_hash, footage_id, event_type, event_time, key_id, prev_idx)
  SELECT :size::bigint + g - 1, decode(repeat('ab', 408), 'hex') || sha256(uuid_send(gen_random_uuid())),
    sha256(uuid_send(gen_random_uuid())), 'f-' || replace(gen_random_uuid()::text, '-', ''), 'REGISTERED', now(),
    :key::text, NULL
  FROM generate_series(1, :batch::int) g;
-- Node (level l, index i) is completed by this batch when (i + 1) * 2^l lies in (size, size + batch].
INSERT INTO tree_nodes (level, idx, hash)
  SELECT l, i, sha256(int8send(i)) FROM generate_series(1, 40) l,
    LATERAL generate_series(:size::bigint >> l, ((:size::bigint + :batch::bigint) >> l) - 1) i;
UPDATE log_head SET size = :size::bigint + :batch::bigint, root = sha256(int8send(:size::bigint)), updated_at = now()
  WHERE id = 0;
INSERT INTO checkpoints (size, root, note, key_id)
  VALUES (:size::bigint + :batch::bigint, sha256(int8send(:size::bigint)), repeat('n', 193), :key::text);
COMMIT;
