-- custody-ledger schema V4: the cosigned checkpoints the log has published. Never edit once landed.
--
-- With a witness policy the log serves its checkpoint with the witnesses' cosignature lines
-- once their quorum is met. Kept here so a restarted service, or another service instance on
-- this database, serves the newest one at once and never a smaller tree than one served before.
-- One row per tree size, the first note published at that size (later rounds only refresh the
-- cosignature times, which live in memory).
CREATE TABLE cosigned_checkpoints (
  size        bigint PRIMARY KEY CHECK (size >= 1) REFERENCES checkpoints (size),
  -- the log-signed note followed by the cosignature lines
  note        text NOT NULL CHECK (length(note) BETWEEN 1 AND 65536),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER cosigned_checkpoints_append_only BEFORE UPDATE OR DELETE ON cosigned_checkpoints
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER cosigned_checkpoints_no_truncate BEFORE TRUNCATE ON cosigned_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
