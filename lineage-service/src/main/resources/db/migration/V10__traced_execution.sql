-- Traced and hermetic execution (issue 14): what a run's execution was observed to read and write
-- beyond its declarations (RunExecutionObservedEvent, as one JSON document), and the likely causes a
-- replay verdict names (ReplayVerdictRecordedEvent revision 3). NULL: not recorded.
ALTER TABLE runs
    ADD COLUMN execution JSONB,
    ADD COLUMN causes    JSONB;
