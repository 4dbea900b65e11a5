-- pgbench: one transaction writes what one batch of :batch hash registrations writes, in the
-- statements the service's batch sends (BatchTransaction; the footage rows as
-- FootageRegistration.UNMATCHED_REGISTRATIONS_SQL, each row checked against the open complaints):
-- the head lock, the footage rows, the log entries (a 440-byte leaf, as a registration's), the
-- tree nodes the batch completes (levels 1 and up), the head, one checkpoint (a 193-byte note).
-- Where the service binds arrays of values it computed, this script makes them in the server
-- (random ids and hashes); append-rows-parts.sh measures that making apart ("values").
-- No HTTP, no service, no signing: PostgreSQL's own cost of the rows. Used by append-cpu.sh's
-- rows=BUILD runs.
--   pgbench -n -M prepared -c 2 -D batch=22 -D key=KEY_ID -f registration-rows.sql URL
BEGIN;
-- As the service's batch: keep one generic plan. Without it this script's statements, which
-- make their rows with generate_series(1, $1) (planned for 1,000 rows), were planned afresh
-- for every transaction, ~0.7 ms of PostgreSQL's CPU per batch that the service does not pay.
SET LOCAL plan_cache_mode = force_generic_plan;
SELECT size, root FROM log_head WHERE id = 0 FOR UPDATE \gset
-- footage rows: from here
WITH u AS (SELECT u.*, NOT EXISTS (SELECT 1 FROM complaints c WHERE c.status <> 'closed' AND (c.incident = u.f_inc::text
      OR (c.occurred_from <= u.f_at::timestamptz + make_interval(secs => u.f_margin::float8)
        AND c.occurred_from >= u.f_at::timestamptz - make_interval(secs => u.f_margin::float8) - interval '604800 seconds'
        AND c.occurred_to >= u.f_at::timestamptz - make_interval(secs => u.f_margin::float8)
        AND (c.lat IS NULL OR u.f_lat::float8 IS NULL OR u.f_by::text = ANY(c.officers)
          OR (2 * 6371008.8 * asin(least(1.0, sqrt(power(sin(radians(c.lat - u.f_lat::float8) / 2), 2)
            + cos(radians(u.f_lat::float8)) * cos(radians(c.lat)) * power(sin(radians(c.lon - u.f_lon::float8) / 2), 2)))))
            <= c.radius_m)))) AS ok
    FROM (SELECT 'f-' || replace(gen_random_uuid()::text, '-', ''), sha256(uuid_send(gen_random_uuid())), 1000000::bigint,
        NULL::text, 'load.mp4', 'LOAD-TEST', NULL::text, NULL::text, NULL::timestamptz, 'load', now(), false, NULL::text,
        '{}', NULL::text, 'LOAD-TEST', NULL::timestamptz, NULL::float8, NULL::float8, 'load', 900::float8
      FROM generate_series(1, :batch::int))
      AS u(i, s, z, mt, f, inc, d, nt, ra, ub, ua, h, sl, m, df, f_inc, f_at, f_lat, f_lon, f_by, f_margin)),
  ins AS (INSERT INTO footage (id, sha256, size, media_type, filename, incident, device, notes, recorded_at,
      uploaded_by, uploaded_at, held, storage_location, metadata, derived_from)
    SELECT i, s, z, mt, f, inc, d, nt, ra, ub, ua, h, sl, m::jsonb, df FROM u WHERE ok
    ON CONFLICT (sha256) DO NOTHING RETURNING id)
SELECT u.i AS id, NOT u.ok AS stale, EXISTS (SELECT 1 FROM ins WHERE ins.id = u.i) AS inserted FROM u;
-- footage rows: to here
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
