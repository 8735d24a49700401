-- Leases of running runs (issue #12). Operational state, not a record: a recorder renews its run's
-- lease while the command runs; the lease sweeper closes a run whose lease ran out with a
-- RunAbandonedEvent (that event is the record) and then deletes the row.
CREATE TABLE run_lease (
    run_id          VARCHAR(64)  PRIMARY KEY,
    principal       VARCHAR(256) NOT NULL,
    last_heartbeat  TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ  NOT NULL,
    lease_seconds   BIGINT       NOT NULL
);
CREATE INDEX run_lease_expires ON run_lease (expires_at);
