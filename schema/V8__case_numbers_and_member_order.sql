-- custody-ledger schema V8: a case number names one case whatever its letter case, the case
-- search is index-backed, and a case's footage pages by an index instead of gathering the whole
-- case per page.
-- Never edit once landed.

-- 2026-CR-1 and 2026-cr-1 are one case (people type case numbers both ways).
CREATE UNIQUE INDEX cases_number_any_case ON cases (lower(number));
-- The case search (`q`: the start of the number or title, any letter case) by index, as cases_title already is.
CREATE INDEX cases_number_prefix ON cases (lower(number) text_pattern_ops);

-- The footage's registration position, copied into its membership row (footage.seq never changes),
-- so "the case's current footage in registration order, after position P" is one index range.
ALTER TABLE case_members ADD COLUMN footage_seq bigint;
ALTER TABLE case_members DISABLE TRIGGER case_members_remove_only;
UPDATE case_members m SET footage_seq = f.seq FROM footage f WHERE f.id = m.footage_id;
ALTER TABLE case_members ENABLE TRIGGER case_members_remove_only;
ALTER TABLE case_members ALTER COLUMN footage_seq SET NOT NULL;
CREATE INDEX case_members_by_case_footage ON case_members (case_number, footage_seq) WHERE removed_at IS NULL;

-- Membership rows may still only be ended, once; footage_seq is as immutable as the rest.
CREATE OR REPLACE FUNCTION case_members_remove_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.removed_at IS NOT NULL
     OR (NEW.seq, NEW.case_number, NEW.footage_id, NEW.footage_seq, NEW.added_by, NEW.added_at, NEW.added_reason)
        IS DISTINCT FROM (OLD.seq, OLD.case_number, OLD.footage_id, OLD.footage_seq, OLD.added_by, OLD.added_at,
                          OLD.added_reason) THEN
    RAISE EXCEPTION 'case membership % may only be ended, once', OLD.seq USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
