-- custody-ledger schema V5: complaints from the public, and the footage they preserve.
-- Never edit once landed. (V4 is another change's; the numbers only need to be in order.)
--
-- A complaint row is written in the same transaction as its COMPLAINT_RECEIVED event (a
-- sequencer admission), with the legal holds on every footage it matched and their
-- HOLD_PLACED events; each later change (assignment, status) likewise with its event. The
-- ledger holds none of this table's personal data: only the salted commitment to `content`.
-- Note: log_entries.footage_id holds each event's subject id, so a complaint's events
-- (subject `c-…`) chain there beside the footage's (`f-…`).

CREATE TABLE complaints (
  id                  text PRIMARY KEY CHECK (id ~ '^c-[0-9a-f]{32}$'),
  -- paging position, in order of receipt
  seq                 bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  category            text NOT NULL CHECK (category IN ('use-of-force', 'discourtesy', 'discrimination',
                        'unlawful-search', 'unlawful-arrest', 'failure-to-act', 'property', 'camera-not-used', 'other')),
  occurred_from       timestamptz NOT NULL,
  -- at most 7 days: the matching queries' index ranges rely on it (ComplaintStore.MAX_WINDOW)
  occurred_to         timestamptz NOT NULL CHECK (occurred_to >= occurred_from
                        AND occurred_to - occurred_from <= interval '7 days'),
  lat                 double precision CHECK (lat BETWEEN -90 AND 90),
  lon                 double precision CHECK (lon BETWEEN -180 AND 180),
  radius_m            integer CHECK (radius_m BETWEEN 1 AND 50000),
  place               text CHECK (length(place) BETWEEN 1 AND 500),
  incident            text CHECK (length(incident) BETWEEN 1 AND 256),
  officers            text[] NOT NULL DEFAULT '{}' CHECK (cardinality(officers) <= 20),
  description         text NOT NULL CHECK (length(description) BETWEEN 1 AND 20000),
  contact             text CHECK (length(contact) BETWEEN 1 AND 500),
  -- the canonical JSON committed to, verbatim; the receipt's `content`
  content             bytea NOT NULL,
  salt                bytea NOT NULL CHECK (octet_length(salt) = 32),
  commitment          bytea NOT NULL CHECK (octet_length(commitment) = 32),
  -- SHA-256 of the status-lookup secret; the secret itself is shown once and never stored
  secret_hash         bytea NOT NULL CHECK (octet_length(secret_hash) = 32),
  received_at         timestamptz NOT NULL,
  received_by         text NOT NULL,
  received_role       text NOT NULL,
  due_at              timestamptz NOT NULL CHECK (due_at >= received_at),
  footage_matched     integer NOT NULL CHECK (footage_matched >= 0),
  -- a public complaint matched more footage than it may have held automatically (the cap):
  -- oversight widens the preservation by hand (bulk holds)
  holds_capped        boolean NOT NULL DEFAULT false,
  status              text NOT NULL DEFAULT 'received'
                        CHECK (status IN ('received', 'under-investigation', 'closed')),
  investigator        text CHECK (length(investigator) BETWEEN 1 AND 256),
  outcome             text CHECK (outcome IN ('sustained', 'not-sustained', 'exonerated', 'unfounded', 'withdrawn')),
  closed_at           timestamptz,
  CHECK ((lat IS NULL) = (lon IS NULL) AND (lat IS NULL) = (radius_m IS NULL)),
  CHECK (lat IS NOT NULL OR place IS NOT NULL),
  CHECK ((status = 'closed') = (outcome IS NOT NULL) AND (outcome IS NULL) = (closed_at IS NULL))
);
-- Footage registered later is matched against the open complaints only: by incident, or by
-- a range on occurred_from (bounded by the 7-day window); BitmapOr of the two.
CREATE INDEX complaints_open ON complaints (occurred_from, occurred_to) WHERE status <> 'closed';
CREATE INDEX complaints_open_incident ON complaints (incident) WHERE status <> 'closed' AND incident IS NOT NULL;

-- What was submitted never changes (nor whether its automatic holds were capped), the count of
-- matched footage never goes down, and a closed complaint is never updated again. The order
-- received → under-investigation → closed is the service's (ComplaintStore.transition's
-- WHERE status = $from), not this trigger's: it would let under-investigation go back.
CREATE FUNCTION complaints_investigation_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.category, NEW.occurred_from, NEW.occurred_to, NEW.lat, NEW.lon, NEW.radius_m, NEW.place,
      NEW.incident, NEW.officers, NEW.description, NEW.contact, NEW.content, NEW.salt, NEW.commitment,
      NEW.secret_hash, NEW.seq, NEW.received_at, NEW.received_by, NEW.received_role, NEW.due_at, NEW.holds_capped)
     IS DISTINCT FROM
     (OLD.id, OLD.category, OLD.occurred_from, OLD.occurred_to, OLD.lat, OLD.lon, OLD.radius_m, OLD.place,
      OLD.incident, OLD.officers, OLD.description, OLD.contact, OLD.content, OLD.salt, OLD.commitment,
      OLD.secret_hash, OLD.seq, OLD.received_at, OLD.received_by, OLD.received_role, OLD.due_at, OLD.holds_capped)
     OR OLD.status = 'closed' OR NEW.footage_matched < OLD.footage_matched THEN
    RAISE EXCEPTION 'complaint %: what was submitted is kept as received, and a closed complaint stays closed', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER complaints_investigation_only BEFORE UPDATE ON complaints
  FOR EACH ROW EXECUTE FUNCTION complaints_investigation_only();
CREATE TRIGGER complaints_no_delete BEFORE DELETE ON complaints
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER complaints_no_truncate BEFORE TRUNCATE ON complaints
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- The footage a complaint matched, each with the hold placed for it (matter = complaint id).
CREATE TABLE complaint_footage (
  complaint_id  text NOT NULL REFERENCES complaints (id),
  footage_id    text NOT NULL REFERENCES footage (id),
  hold_id       text NOT NULL UNIQUE REFERENCES legal_holds (id),
  matched_at    timestamptz NOT NULL,
  matched_when  text NOT NULL CHECK (matched_when IN ('intake', 'registration')),
  PRIMARY KEY (complaint_id, footage_id)
);
CREATE TRIGGER complaint_footage_append_only BEFORE UPDATE OR DELETE ON complaint_footage
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER complaint_footage_no_truncate BEFORE TRUNCATE ON complaint_footage
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- Matching a complaint's time window against every footage record: the one index the
-- matching query needs that V2 did not create (incident is footage_by_incident's).
CREATE INDEX footage_by_recorded_at ON footage (recorded_at) WHERE recorded_at IS NOT NULL;
