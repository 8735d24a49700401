-- Read model of dataset versions. event_position is the global index of the event that created
-- the row, so as-of queries can filter exactly. Rebuilt from events on reset.
CREATE TABLE dataset_versions (
    id             VARCHAR(420)  PRIMARY KEY,
    name           VARCHAR(200)  NOT NULL,
    version        VARCHAR(200)  NOT NULL,
    content_digest CHAR(71)      NOT NULL,
    size_bytes     BIGINT        NOT NULL,
    source_uri     VARCHAR(2048),
    description    TEXT,
    registered_by  VARCHAR(255)  NOT NULL,
    registered_at  TIMESTAMPTZ   NOT NULL,
    event_position BIGINT        NOT NULL UNIQUE
);

CREATE INDEX dataset_versions_name ON dataset_versions (name, event_position);
CREATE INDEX dataset_versions_digest ON dataset_versions (content_digest);
