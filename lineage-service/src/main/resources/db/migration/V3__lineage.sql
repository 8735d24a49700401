-- Dataset versions gain an optional schema (event revision 2).
ALTER TABLE dataset_versions ADD COLUMN schema TEXT;

-- The lineage graph. Nodes and edges are only ever inserted (never updated or deleted), each with
-- the time and global position of the event that created it, so as-of queries are exact.
CREATE TABLE lineage_nodes (
    id             VARCHAR(420) PRIMARY KEY,
    kind           VARCHAR(32)  NOT NULL,
    label          TEXT,
    attributes     JSONB        NOT NULL DEFAULT '{}'::jsonb,
    recorded_at    TIMESTAMPTZ  NOT NULL,
    event_position BIGINT       NOT NULL
);

CREATE TABLE lineage_edges (
    from_id        VARCHAR(420) NOT NULL,
    to_id          VARCHAR(420) NOT NULL,
    type           VARCHAR(32)  NOT NULL,
    recorded_at    TIMESTAMPTZ  NOT NULL,
    event_position BIGINT       NOT NULL,
    PRIMARY KEY (from_id, to_id, type)
);
CREATE INDEX lineage_edges_to ON lineage_edges (to_id);

-- Which events concern which node (beyond the node's own aggregate), for history().
CREATE TABLE node_events (
    node_id        VARCHAR(420) NOT NULL,
    event_position BIGINT       NOT NULL,
    recorded_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (node_id, event_position)
);

CREATE TABLE runs (
    id              VARCHAR(140) PRIMARY KEY,
    name            TEXT         NOT NULL,
    pipeline_run_id VARCHAR(140),
    step_name       TEXT,
    command         JSONB        NOT NULL,
    parameters      JSONB        NOT NULL,
    code            JSONB,
    environment     JSONB,
    inputs          JSONB        NOT NULL,
    outputs         JSONB        NOT NULL DEFAULT '[]'::jsonb,
    metrics         JSONB        NOT NULL DEFAULT '{}'::jsonb,
    status          VARCHAR(16)  NOT NULL,
    exit_code       INTEGER,
    duration_ms     BIGINT,
    failure_reason  TEXT,
    started_by      VARCHAR(255) NOT NULL,
    started_at      TIMESTAMPTZ  NOT NULL,
    finished_at     TIMESTAMPTZ,
    replay_of       VARCHAR(140),
    verdict         VARCHAR(16),
    differences     JSONB,
    cache_hit_of    VARCHAR(140),
    cache_key       CHAR(71),
    event_position  BIGINT       NOT NULL UNIQUE,
    -- position of the last event applied to this row: a redelivered event is skipped
    last_position   BIGINT       NOT NULL
);
CREATE INDEX runs_name ON runs (name, event_position);
CREATE INDEX runs_pipeline ON runs (pipeline_run_id, event_position);
CREATE INDEX runs_cache_key ON runs (cache_key, event_position);

CREATE TABLE model_versions (
    id             VARCHAR(420) PRIMARY KEY,
    name           VARCHAR(200) NOT NULL,
    version        VARCHAR(200) NOT NULL,
    run_id         VARCHAR(140) NOT NULL,
    output_name    TEXT         NOT NULL,
    digest         CHAR(71)     NOT NULL,
    size_bytes     BIGINT       NOT NULL,
    description    TEXT,
    registered_by  VARCHAR(255) NOT NULL,
    registered_at  TIMESTAMPTZ  NOT NULL,
    event_position BIGINT       NOT NULL UNIQUE
);
CREATE INDEX model_versions_name ON model_versions (name, event_position);

-- Append-only: the stage as of T is the last transition recorded at or before T.
CREATE TABLE model_stage_transitions (
    model_version_id VARCHAR(420) NOT NULL,
    event_position   BIGINT       NOT NULL,
    sequence_number  BIGINT       NOT NULL,
    from_stage       VARCHAR(16)  NOT NULL,
    to_stage         VARCHAR(16)  NOT NULL,
    reason           TEXT         NOT NULL,
    principal        VARCHAR(255) NOT NULL,
    recorded_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (model_version_id, event_position)
);
