-- custody-ledger schema V7: indexes for the access audit's actor and status filters
-- (GET /api/v1/audit/access-failures?actor=…&status=…). Without them a filter matching few of a
-- million refusals walks the whole table for one page. (since/until walk the primary key: see
-- BENCHMARKS.md, "Access audit filters".) Never edit once landed; renumber at merge if V7 is taken.
CREATE INDEX access_failures_by_actor ON access_failures (actor_id, id);
CREATE INDEX access_failures_by_status ON access_failures (status, id);
