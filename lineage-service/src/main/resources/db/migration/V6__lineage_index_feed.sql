-- The in-memory lineage index (docs/adr/0006-lineage-engine.md) follows the graph tables by the id
-- of the transaction that wrote each row: a refresh reads the rows of transactions that were still
-- running (or not yet started) at its previous snapshot, so it sees every committed row exactly
-- when it becomes visible, however late its transaction commits, from any service instance.
ALTER TABLE lineage_nodes ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE lineage_edges ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX lineage_nodes_tx ON lineage_nodes (tx);
CREATE INDEX lineage_edges_tx ON lineage_edges (tx);
