-- custody-ledger schema V2: footage records. Never edit once landed.

-- One row per distinct file (by SHA-256). Its REGISTERED event is committed in the same
-- transaction, so there is never a row without its event.
CREATE TABLE footage (
  id               text PRIMARY KEY CHECK (id ~ '^f-[0-9a-f]{32}$'),
  seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  sha256           bytea NOT NULL UNIQUE CHECK (octet_length(sha256) = 32),
  size             bigint NOT NULL CHECK (size >= 0),
  media_type       text,
  filename         text NOT NULL CHECK (length(filename) BETWEEN 1 AND 1024),
  incident         text CHECK (length(incident) BETWEEN 1 AND 256),
  device           text CHECK (length(device) BETWEEN 1 AND 256),
  notes            text CHECK (length(notes) <= 4000),
  recorded_at      timestamptz,
  uploaded_by      text NOT NULL,
  uploaded_at      timestamptz NOT NULL,
  -- true when this service holds the bytes; false when only the hash was registered
  held             boolean NOT NULL,
  storage_location text CHECK (length(storage_location) <= 1024),
  metadata         jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX footage_by_incident ON footage (incident, seq);
CREATE INDEX footage_by_uploader ON footage (uploaded_by, seq);

-- A record is never deleted: disposal removes the bytes and leaves a tombstone.
CREATE TRIGGER footage_no_delete BEFORE DELETE ON footage
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER footage_no_truncate BEFORE TRUNCATE ON footage
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
