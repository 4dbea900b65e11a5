-- custody-ledger schema V3: custody state (derivatives, retention, disposal, legal holds)
-- and the failed-access audit. Never edit once landed.
--
-- Each state change here is written in the same transaction as the custody event that
-- records it (a sequencer admission), so the state never disagrees with the ledger.

-- A redacted copy names its original; the original's REDACTED event names the copy.
ALTER TABLE footage ADD COLUMN derived_from text REFERENCES footage (id);
-- Disposal is refused before this time (RETENTION_SET).
ALTER TABLE footage ADD COLUMN retain_until timestamptz;
-- Set once, by the DISPOSED event; the record stays as a tombstone without its bytes.
ALTER TABLE footage ADD COLUMN disposed_at timestamptz;
ALTER TABLE footage ADD CONSTRAINT footage_tombstone_holds_nothing CHECK (disposed_at IS NULL OR NOT held);
CREATE INDEX footage_disposed ON footage (disposed_at) WHERE disposed_at IS NOT NULL;

-- Legal holds: several may stand on one footage (one per matter); any open one blocks disposal.
CREATE TABLE legal_holds (
  id             text PRIMARY KEY CHECK (id ~ '^h-[0-9a-f]{32}$'),
  footage_id     text NOT NULL REFERENCES footage (id),
  reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
  matter         text CHECK (length(matter) BETWEEN 1 AND 256),
  placed_by      text NOT NULL,
  placed_at      timestamptz NOT NULL,
  released_by    text,
  released_at    timestamptz,
  release_reason text CHECK (length(release_reason) BETWEEN 1 AND 4000),
  CHECK ((released_by IS NULL) = (released_at IS NULL) AND (released_at IS NULL) = (release_reason IS NULL)),
  CHECK (released_at IS NULL OR released_at >= placed_at)
);
CREATE INDEX legal_holds_by_footage ON legal_holds (footage_id, placed_at);

-- A hold is released once and never deleted: only the release columns may change, once.
CREATE FUNCTION legal_holds_release_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.released_at IS NOT NULL
     OR (NEW.id, NEW.footage_id, NEW.reason, NEW.matter, NEW.placed_by, NEW.placed_at)
        IS DISTINCT FROM (OLD.id, OLD.footage_id, OLD.reason, OLD.matter, OLD.placed_by, OLD.placed_at) THEN
    RAISE EXCEPTION 'legal hold % may only be released, once', OLD.id USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER legal_holds_release_only BEFORE UPDATE ON legal_holds
  FOR EACH ROW EXECUTE FUNCTION legal_holds_release_only();
CREATE TRIGGER legal_holds_no_delete BEFORE DELETE ON legal_holds
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER legal_holds_no_truncate BEFORE TRUNCATE ON legal_holds
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- Refused requests (401/403). Kept out of the ledger so anonymous traffic cannot grow it;
-- append-only like the ledger (pruning is a deliberate DBA act with the triggers disabled).
CREATE TABLE access_failures (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  status      smallint NOT NULL CHECK (status IN (401, 403)),
  actor_id    text CHECK (length(actor_id) <= 256),
  actor_roles text CHECK (length(actor_roles) <= 256),
  method      text NOT NULL CHECK (length(method) <= 16),
  route       text NOT NULL CHECK (length(route) <= 1024),
  reason      text NOT NULL CHECK (length(reason) <= 1024),
  remote      text CHECK (length(remote) <= 128),
  request_id  text CHECK (length(request_id) <= 64)
);
CREATE TRIGGER access_failures_append_only BEFORE UPDATE OR DELETE ON access_failures
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER access_failures_no_truncate BEFORE TRUNCATE ON access_failures
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
