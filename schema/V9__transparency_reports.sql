-- custody-ledger schema V9: published transparency reports, and the days whose refused
-- requests were counted into the ledger. Never edit once landed.

-- A published report's exact bytes, served as published. One per period: the row is written
-- in the same transaction as its REPORT_PUBLISHED event (a sequencer admission), so a second
-- publication of a period conflicts on the key and its event is withdrawn. Append-only.
CREATE TABLE published_reports (
  period        text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(Q[1-4]|0[1-9]|1[0-2])$'),
  report        bytea NOT NULL CHECK (octet_length(report) > 0),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  checkpoint_size bigint NOT NULL CHECK (checkpoint_size >= 0),
  published_by  text NOT NULL,
  published_at  timestamptz NOT NULL
);
CREATE TRIGGER published_reports_append_only BEFORE UPDATE OR DELETE ON published_reports
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER published_reports_no_truncate BEFORE TRUNCATE ON published_reports
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- The guard that makes a day's ACCESS_REFUSALS_COUNTED event appear once, however many
-- instances share the database: the row is inserted in the same transaction as the event
-- (which also holds the log head's lock), so of two instances noticing midnight together one
-- inserts and commits, the other's insert meets the key and its event is withdrawn.
CREATE TABLE refusal_counted_days (
  day        date PRIMARY KEY,
  counted_at timestamptz NOT NULL
);
CREATE TRIGGER refusal_counted_days_append_only BEFORE UPDATE OR DELETE ON refusal_counted_days
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER refusal_counted_days_no_truncate BEFORE TRUNCATE ON refusal_counted_days
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
