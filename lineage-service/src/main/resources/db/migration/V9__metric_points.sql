-- Metric series (log_metric(name, value, step)): one row per point, in the order the points were
-- recorded (event position, then the point's place in its event). Insert-only, like every read
-- model here; a redelivered event inserts nothing (primary key). The latest value per name is also
-- merged into runs.metrics by the projection.
CREATE TABLE run_metric_points (
    run_id         VARCHAR(140)     NOT NULL,
    event_position BIGINT           NOT NULL,
    ordinal        INTEGER          NOT NULL,
    name           VARCHAR(250)     NOT NULL,
    step           BIGINT,
    value          DOUBLE PRECISION NOT NULL,
    measured_at    TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (run_id, event_position, ordinal)
);
CREATE INDEX run_metric_points_series ON run_metric_points (run_id, name, step, event_position, ordinal);
