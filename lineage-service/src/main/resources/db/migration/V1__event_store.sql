-- Axon's JDBC event store and token store (default EventSchema / TokenSchema names; unquoted,
-- so PostgreSQL folds them to lower case exactly as Axon's unquoted SQL does).
-- Payloads are bytea, not large objects (see docs/adr/0001-axon-jdbc-event-store.md).

CREATE TABLE domainevententry (
    globalindex         BIGSERIAL    PRIMARY KEY,
    eventidentifier     VARCHAR(255) NOT NULL UNIQUE,
    aggregateidentifier VARCHAR(255) NOT NULL,
    sequencenumber      BIGINT       NOT NULL,
    type                VARCHAR(255),
    timestamp           VARCHAR(255) NOT NULL,
    payloadtype         VARCHAR(255) NOT NULL,
    payloadrevision     VARCHAR(255),
    payload             BYTEA        NOT NULL,
    metadata            BYTEA,
    CONSTRAINT domainevententry_aggregate_seq UNIQUE (aggregateidentifier, sequencenumber)
);

CREATE TABLE snapshotevententry (
    aggregateidentifier VARCHAR(255) NOT NULL,
    sequencenumber      BIGINT       NOT NULL,
    type                VARCHAR(255) NOT NULL,
    eventidentifier     VARCHAR(255) NOT NULL UNIQUE,
    timestamp           VARCHAR(255) NOT NULL,
    payloadtype         VARCHAR(255) NOT NULL,
    payloadrevision     VARCHAR(255),
    payload             BYTEA        NOT NULL,
    metadata            BYTEA,
    PRIMARY KEY (aggregateidentifier, sequencenumber)
);

CREATE TABLE tokenentry (
    processorname VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokentype     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    PRIMARY KEY (processorname, segment)
);

-- Events are immutable: no code path may update, delete or truncate them. Corrections are new
-- events. This trigger makes an accidental UPDATE/DELETE fail loudly; deliberate tampering by a
-- database superuser is what the hash chain (ledger) detects.
CREATE FUNCTION provenant_events_are_immutable() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'events are immutable: % on % is not allowed (record a correction event instead)',
        TG_OP, TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER domainevententry_immutable
    BEFORE UPDATE OR DELETE ON domainevententry
    FOR EACH ROW EXECUTE FUNCTION provenant_events_are_immutable();

CREATE TRIGGER domainevententry_no_truncate
    BEFORE TRUNCATE ON domainevententry
    FOR EACH STATEMENT EXECUTE FUNCTION provenant_events_are_immutable();
