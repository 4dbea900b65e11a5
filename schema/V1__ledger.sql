-- custody-ledger schema V1: the append-only RFC 6962 log.
-- Never edit this file once it has landed; add V2__… instead.

-- Rejects any change to an append-only table, whoever asks (the owner included).
CREATE FUNCTION ledger_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'custody ledger table % is append-only: % rejected', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;

-- Signing keys the log has used. Keys are retired, never removed.
CREATE TABLE ledger_keys (
  key_id       text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{8}$'),
  name         text NOT NULL CHECK (name <> ''),
  public_key   bytea NOT NULL CHECK (octet_length(public_key) = 32),
  verifier_key text NOT NULL UNIQUE,
  valid_from   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz CHECK (retired_at IS NULL OR retired_at >= valid_from)
);
CREATE TRIGGER ledger_keys_no_delete BEFORE DELETE ON ledger_keys
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER ledger_keys_no_truncate BEFORE TRUNCATE ON ledger_keys
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- One row per leaf: the signed event's canonical bytes, verbatim.
CREATE TABLE log_entries (
  idx         bigint PRIMARY KEY CHECK (idx >= 0),
  leaf        bytea NOT NULL CHECK (octet_length(leaf) > 0),
  leaf_hash   bytea NOT NULL CHECK (octet_length(leaf_hash) = 32),
  footage_id  text NOT NULL,
  event_type  text NOT NULL,
  event_time  timestamptz NOT NULL,
  key_id      text NOT NULL REFERENCES ledger_keys (key_id),
  prev_idx    bigint CHECK (prev_idx >= 0 AND prev_idx < idx)
);
CREATE INDEX log_entries_by_footage ON log_entries (footage_id, idx);

-- Indexes are contiguous from 0: each insert statement adds a gap-free run of indexes that
-- starts right after an entry already stored (checked once per statement, not per row).
CREATE FUNCTION log_entries_contiguous() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lo bigint;
  hi bigint;
  n bigint;
BEGIN
  SELECT min(idx), max(idx), count(*) INTO lo, hi, n FROM new_entries;
  IF n = 0 THEN
    RETURN NULL;
  END IF;
  IF hi - lo + 1 <> n THEN
    RAISE EXCEPTION 'log indexes % to % leave a gap', lo, hi USING ERRCODE = 'check_violation';
  END IF;
  IF lo > 0 AND NOT EXISTS (SELECT 1 FROM log_entries WHERE idx = lo - 1) THEN
    RAISE EXCEPTION 'log index % leaves a gap: entry % is missing', lo, lo - 1 USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER log_entries_contiguous AFTER INSERT ON log_entries
  REFERENCING NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION log_entries_contiguous();
CREATE TRIGGER log_entries_append_only BEFORE UPDATE OR DELETE ON log_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER log_entries_no_truncate BEFORE TRUNCATE ON log_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- Hashes of every perfect subtree (level 0 = leaf hashes), so a proof reads O(log n) rows.
CREATE TABLE tree_nodes (
  level  smallint NOT NULL CHECK (level BETWEEN 0 AND 63),
  idx    bigint NOT NULL CHECK (idx >= 0),
  hash   bytea NOT NULL CHECK (octet_length(hash) = 32),
  PRIMARY KEY (level, idx)
);
CREATE TRIGGER tree_nodes_append_only BEFORE UPDATE OR DELETE ON tree_nodes
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER tree_nodes_no_truncate BEFORE TRUNCATE ON tree_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- Every signed checkpoint, one per tree size.
CREATE TABLE checkpoints (
  size        bigint PRIMARY KEY CHECK (size >= 0),
  root        bytea NOT NULL CHECK (octet_length(root) = 32),
  note        text NOT NULL,
  key_id      text NOT NULL REFERENCES ledger_keys (key_id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- The single-row log head. Locking it FOR UPDATE serialises appends across processes.
CREATE TABLE log_head (
  id          smallint PRIMARY KEY CHECK (id = 0),
  size        bigint NOT NULL CHECK (size >= 0),
  root        bytea NOT NULL CHECK (octet_length(root) = 32),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO log_head (id, size, root)
  VALUES (0, 0, decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'));

-- The head only grows, and only to a size whose entries are all stored.
CREATE FUNCTION log_head_grows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id <> OLD.id OR NEW.size < OLD.size THEN
    RAISE EXCEPTION 'log head may only grow: % -> %', OLD.size, NEW.size USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.size > 0 AND NOT EXISTS (SELECT 1 FROM log_entries WHERE idx = NEW.size - 1) THEN
    RAISE EXCEPTION 'log head size % names a missing entry', NEW.size USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM log_entries WHERE idx = NEW.size) THEN
    RAISE EXCEPTION 'log head size % leaves entry % outside the tree', NEW.size, NEW.size
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER log_head_grows BEFORE UPDATE ON log_head
  FOR EACH ROW EXECUTE FUNCTION log_head_grows();
CREATE TRIGGER log_head_no_delete BEFORE DELETE ON log_head
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER log_head_no_truncate BEFORE TRUNCATE ON log_head
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
