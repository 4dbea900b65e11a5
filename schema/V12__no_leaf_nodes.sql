-- custody-ledger schema V12: level-0 tree nodes are no longer stored twice.
-- Never edit this file once it has landed; add V13__… instead.

-- A level-0 node is its entry's leaf hash, already in log_entries.leaf_hash: storing it again in
-- tree_nodes cost two WAL records, ~180 WAL bytes and ~116 bytes of disk per entry. The rows
-- an existing ledger holds are removed (the append-only trigger is set aside for this one
-- statement, in the migration's transaction) and tree_nodes keeps only levels 1 and up.
ALTER TABLE tree_nodes DISABLE TRIGGER tree_nodes_append_only;
DELETE FROM tree_nodes WHERE level = 0;
ALTER TABLE tree_nodes ENABLE TRIGGER tree_nodes_append_only;
ALTER TABLE tree_nodes ADD CONSTRAINT tree_nodes_above_leaves CHECK (level >= 1);

-- Every node of the tree, leaves included, as readers saw tree_nodes before: proofs, tiles,
-- the audit and the start-up check read this. Both branches are primary-key range reads, so
-- a read by (level, idx) or a run of one level stays one index scan.
CREATE VIEW merkle_nodes AS
  SELECT 0::smallint AS level, idx, leaf_hash AS hash FROM log_entries
  UNION ALL
  SELECT level, idx, hash FROM tree_nodes;
