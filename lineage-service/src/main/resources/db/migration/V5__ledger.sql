-- The ledger: a SHA-256 hash chain over every event of domainevententry, plus signed checkpoints of
-- its head (see docs/adr/0004-ledger.md). Like the events, ledger rows are append-only.

-- One row per chained event. seq is the chain order (dense, from 1); it follows the global index
-- except for an event whose transaction committed after higher positions had been chained (a
-- "late" event), which is appended at the end of the chain when it appears.
--   hash = SHA-256(prev_hash || canonical encoding of the event at `position`)
-- field_crcs is diagnostic only (CRC32C of each encoded field, so verify can say *what* changed);
-- the hash is what proves integrity.
CREATE TABLE ledger_entries (
    seq        BIGINT       PRIMARY KEY,
    position   BIGINT       NOT NULL UNIQUE,
    event_id   VARCHAR(255) NOT NULL,
    prev_hash  BYTEA        NOT NULL,
    hash       BYTEA        NOT NULL,
    field_crcs BYTEA        NOT NULL,
    chained_at TIMESTAMPTZ  NOT NULL
);

-- The chainer's progress: every position <= cursor_position is chained or recorded in ledger_gaps.
CREATE TABLE ledger_state (
    id              SMALLINT    PRIMARY KEY CHECK (id = 1),
    cursor_position BIGINT      NOT NULL,
    head_seq        BIGINT      NOT NULL,
    head_position   BIGINT      NOT NULL,
    head_hash       BYTEA       NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
INSERT INTO ledger_state VALUES (1, 0, 0, 0, '\x0000000000000000000000000000000000000000000000000000000000000000', now());

-- Positions the chainer passed without an event (rolled-back or still-running transactions). An
-- event that later commits into one is chained then; a gap older than the retention is dropped,
-- after which an event appearing there is reported by verify as never chained.
CREATE TABLE ledger_gaps (
    position   BIGINT      PRIMARY KEY,
    first_seen TIMESTAMPTZ NOT NULL
);

-- Signed checkpoints of the chain head (Ed25519). The signature covers the text of
-- LedgerCheckpoint.signedText(): seq, position, head hash, signed_at and key id.
CREATE TABLE ledger_checkpoints (
    seq       BIGINT       PRIMARY KEY,
    position  BIGINT       NOT NULL,
    head_hash BYTEA        NOT NULL,
    signed_at TIMESTAMPTZ  NOT NULL,
    key_id    VARCHAR(64)  NOT NULL,
    signature BYTEA        NOT NULL
);

-- Results of verification runs (the latest is shown by the API and in audit reports).
CREATE TABLE ledger_verifications (
    id             BIGSERIAL    PRIMARY KEY,
    started_at     TIMESTAMPTZ  NOT NULL,
    finished_at    TIMESTAMPTZ  NOT NULL,
    principal      VARCHAR(255),
    artifacts_mode VARCHAR(16)  NOT NULL,
    ok             BOOLEAN      NOT NULL,
    events_checked BIGINT       NOT NULL,
    result         JSONB        NOT NULL
);

CREATE FUNCTION provenant_ledger_is_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER ledger_entries_append_only
    BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION provenant_ledger_is_append_only();
CREATE TRIGGER ledger_checkpoints_append_only
    BEFORE UPDATE OR DELETE ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION provenant_ledger_is_append_only();
