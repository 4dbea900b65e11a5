-- custody-ledger schema V6: cases (footage grouped under a case number) and external shares
-- (a named recipient's capability to view and download chosen footage until an expiry).
-- Never edit once landed. V4 and V5 are reserved for other work; renumber at merge if needed.
--
-- Membership and share rows change in the same transaction as the custody events that record
-- them (sequencer admissions): CASE_ADDED / CASE_REMOVED, SHARED / SHARE_REVOKED.

-- A case is a name for a group of footage; it carries no event of its own (events are about footage).
CREATE TABLE cases (
  number     text PRIMARY KEY CHECK (number ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 256),
  incident   text CHECK (length(incident) BETWEEN 1 AND 256),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX cases_title ON cases (lower(title) text_pattern_ops);
CREATE TRIGGER cases_no_change BEFORE UPDATE OR DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER cases_no_truncate BEFORE TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- One row per time a footage joined a case; removal closes the row (once), it is never deleted.
CREATE TABLE case_members (
  seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_number    text NOT NULL REFERENCES cases (number),
  footage_id     text NOT NULL REFERENCES footage (id),
  added_by       text NOT NULL,
  added_at       timestamptz NOT NULL,
  added_reason   text NOT NULL CHECK (length(added_reason) BETWEEN 1 AND 4000),
  removed_by     text,
  removed_at     timestamptz,
  removed_reason text CHECK (length(removed_reason) BETWEEN 1 AND 4000),
  CHECK ((removed_by IS NULL) = (removed_at IS NULL) AND (removed_at IS NULL) = (removed_reason IS NULL)),
  CHECK (removed_at IS NULL OR removed_at >= added_at)
);
CREATE UNIQUE INDEX case_members_current ON case_members (case_number, footage_id) WHERE removed_at IS NULL;
CREATE INDEX case_members_by_case ON case_members (case_number, seq) WHERE removed_at IS NULL;
CREATE INDEX case_members_by_footage ON case_members (footage_id) WHERE removed_at IS NULL;

CREATE FUNCTION case_members_remove_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.removed_at IS NOT NULL
     OR (NEW.seq, NEW.case_number, NEW.footage_id, NEW.added_by, NEW.added_at, NEW.added_reason)
        IS DISTINCT FROM (OLD.seq, OLD.case_number, OLD.footage_id, OLD.added_by, OLD.added_at, OLD.added_reason) THEN
    RAISE EXCEPTION 'case membership % may only be ended, once', OLD.seq USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER case_members_remove_only BEFORE UPDATE ON case_members
  FOR EACH ROW EXECUTE FUNCTION case_members_remove_only();
CREATE TRIGGER case_members_no_delete BEFORE DELETE ON case_members
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER case_members_no_truncate BEFORE TRUNCATE ON case_members
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- A share: only the SHA-256 of its capability secret is kept; the secret is shown once.
CREATE TABLE shares (
  id              text PRIMARY KEY CHECK (id ~ '^s-[0-9a-f]{32}$'),
  seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  secret_sha256   bytea NOT NULL UNIQUE CHECK (octet_length(secret_sha256) = 32),
  recipient_name  text NOT NULL CHECK (length(recipient_name) BETWEEN 1 AND 256),
  recipient_org   text NOT NULL CHECK (length(recipient_org) BETWEEN 1 AND 256),
  recipient_email text CHECK (length(recipient_email) BETWEEN 3 AND 256),
  purpose         text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 4000),
  case_number     text REFERENCES cases (number),
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL CHECK (expires_at > created_at),
  revoked_by      text,
  revoked_at      timestamptz,
  revoke_reason   text CHECK (length(revoke_reason) BETWEEN 1 AND 4000),
  CHECK ((revoked_by IS NULL) = (revoked_at IS NULL) AND (revoked_at IS NULL) = (revoke_reason IS NULL))
);

CREATE FUNCTION shares_revoke_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.revoked_at IS NOT NULL
     OR (NEW.id, NEW.seq, NEW.secret_sha256, NEW.recipient_name, NEW.recipient_org, NEW.recipient_email, NEW.purpose,
         NEW.case_number, NEW.created_by, NEW.created_at, NEW.expires_at)
        IS DISTINCT FROM (OLD.id, OLD.seq, OLD.secret_sha256, OLD.recipient_name, OLD.recipient_org, OLD.recipient_email,
         OLD.purpose, OLD.case_number, OLD.created_by, OLD.created_at, OLD.expires_at) THEN
    RAISE EXCEPTION 'share % may only be revoked, once', OLD.id USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER shares_revoke_only BEFORE UPDATE ON shares
  FOR EACH ROW EXECUTE FUNCTION shares_revoke_only();
CREATE TRIGGER shares_no_delete BEFORE DELETE ON shares
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER shares_no_truncate BEFORE TRUNCATE ON shares
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- What a share covers, fixed when it is made (a case's members at that moment).
CREATE TABLE share_items (
  share_id   text NOT NULL REFERENCES shares (id),
  footage_id text NOT NULL REFERENCES footage (id),
  PRIMARY KEY (share_id, footage_id)
);
CREATE TRIGGER share_items_no_change BEFORE UPDATE OR DELETE ON share_items
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER share_items_no_truncate BEFORE TRUNCATE ON share_items
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
