-- Intentionally empty. Version 4 was reserved for OpenLineage ingestion, which needed no schema of
-- its own (raw events live in the event store). Keeping the version here avoids a gap that a later
-- V4 would turn into an out-of-order migration on databases that already ran V5 and later.
SELECT 1;
