-- custody-ledger schema V10: RFC 3161 timestamps of checkpoints. Never edit once landed.
--
-- With serve --tsa-url the log asks time-stamping authorities for tokens over SHA-256 of its
-- newest signed checkpoint note, and keeps each token that verified on receipt. A token proves
-- to anyone trusting the TSA that the checkpoint, and so every entry below its size, existed no
-- later than gen_time. Append-only like the log itself.
CREATE TABLE checkpoint_timestamps (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tree_size   bigint NOT NULL CHECK (tree_size >= 1) REFERENCES checkpoints (size),
  -- the signed checkpoint note whose exact UTF-8 bytes were hashed (the log's own signature only)
  checkpoint  text NOT NULL CHECK (length(checkpoint) BETWEEN 1 AND 65536),
  -- the DER TimeStampToken (CMS SignedData) as the TSA sent it
  token       bytea NOT NULL CHECK (octet_length(token) BETWEEN 1 AND 65536),
  gen_time    timestamptz NOT NULL,
  -- the URL the token was asked from
  tsa         text NOT NULL CHECK (length(tsa) BETWEEN 1 AND 2048),
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- one token per TSA and checkpoint: a second instance asking for the same size adds nothing
  UNIQUE (tsa, tree_size)
);
-- "the earliest token covering entry N-1": the smallest tree size ≥ N, then the earliest time
CREATE INDEX checkpoint_timestamps_by_size ON checkpoint_timestamps (tree_size, gen_time);
CREATE TRIGGER checkpoint_timestamps_append_only BEFORE UPDATE OR DELETE ON checkpoint_timestamps
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER checkpoint_timestamps_no_truncate BEFORE TRUNCATE ON checkpoint_timestamps
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
