-- custody-ledger schema V11: the signing keys' history. Never edit once landed.
--
-- A key is current for a run of log indexes: it signs the entries with
-- first_size <= idx < last_size (last_size NULL while it is current). The next key's
-- first_size is the previous key's last_size; the first checkpoint under the next key is also
-- signed by the previous one, so a client trusting the old key learns the new one.
-- revoked_from: the key was compromised; its signatures on entries at idx >= revoked_from are
-- reported as signed by a revoked key. It is set (or lowered) only by the owner (`revoke-key`).
ALTER TABLE ledger_keys
  ADD COLUMN first_size   bigint CHECK (first_size >= 0),
  ADD COLUMN last_size    bigint,
  ADD COLUMN revoked_from bigint CHECK (revoked_from >= 0),
  ADD CONSTRAINT ledger_keys_period CHECK (last_size IS NULL OR (first_size IS NOT NULL AND last_size >= first_size));

-- At most one key is current (has begun and not ended).
CREATE UNIQUE INDEX ledger_keys_one_current ON ledger_keys ((true))
  WHERE first_size IS NOT NULL AND last_size IS NULL;

-- Filled from the log for the keys an existing ledger already has: a key began with its first
-- entry (or its first checkpoint, for a key that signed only the empty tree); it ended where the
-- key that began after it began. The key that began last is current.
WITH began AS (
  SELECT k.key_id,
         LEAST(e.first_idx, c.first_size) AS first_size
  FROM ledger_keys k
  LEFT JOIN (SELECT key_id, min(idx) AS first_idx FROM log_entries GROUP BY key_id) e ON e.key_id = k.key_id
  LEFT JOIN (SELECT key_id, min(size) AS first_size FROM checkpoints GROUP BY key_id) c ON c.key_id = k.key_id
), ordered AS (
  SELECT key_id, first_size, lead(first_size) OVER (ORDER BY first_size, key_id) AS next_first
  FROM began WHERE first_size IS NOT NULL
)
UPDATE ledger_keys k SET first_size = o.first_size, last_size = o.next_first
FROM ordered o WHERE o.key_id = k.key_id;

-- A key's period only ever closes, once (last_size and retired_at); its start never moves once set; a revocation may only
-- be set or moved earlier (a compromise found to have begun sooner), never lifted.
CREATE FUNCTION ledger_keys_history_only_closes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.key_id <> OLD.key_id OR NEW.name <> OLD.name OR NEW.public_key <> OLD.public_key
     OR NEW.verifier_key <> OLD.verifier_key THEN
    RAISE EXCEPTION 'ledger key % is immutable', OLD.key_id USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.first_size IS NOT NULL AND NEW.first_size IS DISTINCT FROM OLD.first_size THEN
    RAISE EXCEPTION 'ledger key % began at size %; that never changes', OLD.key_id, OLD.first_size
      USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.last_size IS NOT NULL AND NEW.last_size IS DISTINCT FROM OLD.last_size THEN
    RAISE EXCEPTION 'ledger key % was retired at size %; that never changes', OLD.key_id, OLD.last_size
      USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.retired_at IS NOT NULL AND NEW.retired_at IS DISTINCT FROM OLD.retired_at THEN
    RAISE EXCEPTION 'ledger key % was retired at %; that never changes', OLD.key_id, OLD.retired_at
      USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.revoked_from IS NOT NULL AND (NEW.revoked_from IS NULL OR NEW.revoked_from > OLD.revoked_from) THEN
    RAISE EXCEPTION 'ledger key % is revoked from size %; a revocation is never lifted or moved later',
      OLD.key_id, OLD.revoked_from USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER ledger_keys_history_only_closes BEFORE UPDATE ON ledger_keys
  FOR EACH ROW EXECUTE FUNCTION ledger_keys_history_only_closes();
