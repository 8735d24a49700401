-- The web app's search: id and digest prefixes (run:3f0c, sha256:ab12, model:churn) use an index
-- that supports LIKE 'prefix%' whatever the database collation.
CREATE INDEX lineage_nodes_id_prefix ON lineage_nodes (id text_pattern_ops);
