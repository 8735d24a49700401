-- Replay verdicts say what they compared: metric differences (within tolerance or not) and the
-- number of outputs and metrics compared (NULL: recorded before counts were). The verdict column
-- (VARCHAR(16)) already holds the new values EQUIVALENT and UNVERIFIED.
ALTER TABLE runs
    ADD COLUMN metric_differences JSONB,
    ADD COLUMN compared_outputs   INTEGER,
    ADD COLUMN compared_metrics   INTEGER;
