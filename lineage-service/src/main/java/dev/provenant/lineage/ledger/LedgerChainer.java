package dev.provenant.lineage.ledger;

import dev.provenant.messages.ledger.LedgerCheckpointView;
import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Appends committed events to the hash chain, strictly in global-index order, and signs
 * checkpoints of the head.
 *
 * <p>Gaps: {@code domainevententry.globalindex} is a BIGSERIAL, so a transaction that commits late
 * makes a lower position visible after higher ones. When the chainer meets a gap it waits up to
 * {@link LedgerSettings#gapGrace()}; then it records the missing positions in {@code ledger_gaps}
 * and goes on. An event that later commits into a recorded gap is appended at the end of the
 * chain (a new {@code seq}); the chain never forks and no chained entry ever changes. Gaps are
 * forgotten after {@link LedgerSettings#gapRetention()}; an event appearing in a forgotten gap is
 * never chained, and verify reports it.
 *
 * <p>Several service instances may run a chainer: a PostgreSQL advisory lock lets one at a time
 * work, the others skip. {@code int n = chainer.chainOnce();}
 */
public final class LedgerChainer {

    /** Advisory lock key ("provledg"). */
    static final long LOCK_KEY = 0x70726f766c656467L;

    private final DataSource dataSource;
    private final LedgerKey key;
    private final LedgerSettings settings;
    private final Clock clock;
    /** First missing position of a gap → when (nanoTime) the chainer first waited at it. */
    private final Map<Long, Long> gapFirstSeen = new HashMap<>();

    public LedgerChainer(DataSource dataSource, LedgerKey key, LedgerSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.key = key;
        this.settings = settings;
        this.clock = clock;
    }

    public LedgerKey key() {
        return key;
    }

    /**
     * One transaction: chains the late events of recorded gaps and up to a batch of new events,
     * then signs a checkpoint if one is due. Returns how many events were chained (0 also when
     * another instance holds the chainer lock).
     */
    public synchronized int chainOnce() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int n = chainOnce(c);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** Chains until nothing more is ready (a gap younger than the grace still holds it back). */
    public long chainAll() throws SQLException {
        long total = 0;
        int n;
        do {
            n = chainOnce();
            total += n;
        } while (n >= settings.batchSize());
        return total;
    }

    /**
     * Signs a checkpoint of the current head now unless the latest checkpoint already covers it.
     * Returns the new checkpoint, if one was made.
     */
    public synchronized Optional<LedgerCheckpointView> checkpointNow() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                if (!tryLock(c)) {
                    c.rollback();
                    return Optional.empty();
                }
                Optional<LedgerCheckpointView> cp = checkpoint(c, readState(c), true);
                c.commit();
                return cp;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private int chainOnce(Connection c) throws SQLException {
        if (!tryLock(c)) {
            return 0;
        }
        State state = readState(c);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        // forget gaps older than the retention first: nothing may be chained into them any more
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ledger_gaps WHERE first_seen <= ?")) {
            ps.setTimestamp(1, Timestamp.from(at.minus(settings.gapRetention())));
            ps.executeUpdate();
        }
        List<StoredEvent> late = select(
                c,
                "SELECT " + StoredEvent.COLUMNS + " FROM domainevententry"
                        + " WHERE globalindex IN (SELECT position FROM ledger_gaps) ORDER BY globalindex",
                ps -> {});
        List<StoredEvent> fresh = select(
                c,
                "SELECT " + StoredEvent.COLUMNS + " FROM domainevententry WHERE globalindex > ?"
                        + " ORDER BY globalindex LIMIT ?",
                ps -> {
                    ps.setLong(1, state.cursor);
                    ps.setInt(2, settings.batchSize());
                });

        List<StoredEvent> toChain = new ArrayList<>(late);
        List<Long> newGaps = new ArrayList<>();
        long cursor = state.cursor;
        long now = System.nanoTime();
        long graceNanos = settings.gapGrace().toNanos();
        for (StoredEvent e : fresh) {
            long expected = cursor + 1;
            if (e.position() > expected) {
                long firstSeen = gapFirstSeen.computeIfAbsent(expected, p -> now);
                if (now - firstSeen < graceNanos) {
                    break; // a transaction may still commit into this gap: wait for it
                }
                gapFirstSeen.remove(expected);
                for (long p = expected; p < e.position(); p++) {
                    newGaps.add(p);
                }
            }
            toChain.add(e);
            cursor = e.position();
        }
        final long newCursor = cursor;
        gapFirstSeen.keySet().removeIf(p -> p <= newCursor);

        State next = append(c, state, toChain, newCursor, at);
        if (!newGaps.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ledger_gaps (position, first_seen) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (long p : newGaps) {
                    ps.setLong(1, p);
                    ps.setTimestamp(2, Timestamp.from(at));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!late.isEmpty()) {
            Long[] positions = late.stream().map(StoredEvent::position).toArray(Long[]::new);
            Array array = c.createArrayOf("bigint", positions);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ledger_gaps WHERE position = ANY(?)")) {
                ps.setArray(1, array);
                ps.executeUpdate();
            } finally {
                array.free();
            }
        }
        checkpoint(c, next, false);
        return toChain.size();
    }

    private State append(Connection c, State state, List<StoredEvent> events, long cursor, Instant at)
            throws SQLException {
        if (events.isEmpty() && cursor == state.cursor) {
            return state;
        }
        MessageDigest md = EventEncoding.sha256();
        byte[] prev = state.headHash;
        long seq = state.headSeq;
        long headPosition = state.headPosition;
        if (!events.isEmpty()) {
            int n = events.size();
            Long[] seqs = new Long[n];
            Long[] positions = new Long[n];
            String[] ids = new String[n];
            byte[][] prevs = new byte[n][];
            byte[][] hashes = new byte[n][];
            byte[][] crcs = new byte[n][];
            for (int i = 0; i < n; i++) {
                StoredEvent e = events.get(i);
                byte[] hash = EventEncoding.chain(md, prev, e);
                seq++;
                seqs[i] = seq;
                positions[i] = e.position();
                ids[i] = e.eventIdText();
                prevs[i] = prev;
                hashes[i] = hash;
                crcs[i] = EventEncoding.fieldCrcs(e);
                prev = hash;
                headPosition = e.position();
            }
            // one statement per batch: far cheaper for the database than one INSERT per entry
            List<Array> arrays = List.of(
                    c.createArrayOf("bigint", seqs),
                    c.createArrayOf("bigint", positions),
                    c.createArrayOf("varchar", ids),
                    c.createArrayOf("bytea", prevs),
                    c.createArrayOf("bytea", hashes),
                    c.createArrayOf("bytea", crcs));
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ledger_entries (seq, position, event_id, prev_hash, hash, field_crcs, chained_at)"
                            + " SELECT s, p, i, ph, h, f, ? FROM unnest(?::bigint[], ?::bigint[], ?::varchar[],"
                            + " ?::bytea[], ?::bytea[], ?::bytea[]) AS t(s, p, i, ph, h, f)")) {
                ps.setTimestamp(1, Timestamp.from(at));
                for (int i = 0; i < arrays.size(); i++) {
                    ps.setArray(i + 2, arrays.get(i));
                }
                ps.executeUpdate();
            } finally {
                for (Array a : arrays) {
                    a.free();
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE ledger_state SET cursor_position = ?, head_seq = ?,"
                + " head_position = ?, head_hash = ?, updated_at = ? WHERE id = 1")) {
            ps.setLong(1, cursor);
            ps.setLong(2, seq);
            ps.setLong(3, headPosition);
            ps.setBytes(4, prev);
            ps.setTimestamp(5, Timestamp.from(at));
            ps.executeUpdate();
        }
        return new State(cursor, seq, headPosition, prev);
    }

    private Optional<LedgerCheckpointView> checkpoint(Connection c, State state, boolean force) throws SQLException {
        if (state.headSeq == 0) {
            return Optional.empty();
        }
        long lastSeq = 0;
        Instant lastAt = Instant.EPOCH;
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT seq, signed_at FROM ledger_checkpoints ORDER BY seq DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                lastSeq = rs.getLong(1);
                lastAt = rs.getTimestamp(2).toInstant();
            }
        }
        if (state.headSeq <= lastSeq) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean due = force
                || state.headSeq - lastSeq >= settings.checkpointEvery()
                || Duration.between(lastAt, now).compareTo(settings.checkpointInterval()) >= 0;
        if (!due) {
            return Optional.empty();
        }
        String head = EventEncoding.text(state.headHash);
        String text = Checkpoints.signedText(state.headSeq, state.headPosition, head, now, key.id());
        byte[] signature = key.sign(Checkpoints.bytes(text));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_checkpoints"
                + " (seq, position, head_hash, signed_at, key_id, signature) VALUES (?,?,?,?,?,?)")) {
            ps.setLong(1, state.headSeq);
            ps.setLong(2, state.headPosition);
            ps.setBytes(3, state.headHash);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, key.id());
            ps.setBytes(6, signature);
            ps.executeUpdate();
        }
        return Optional.of(
                Checkpoints.view(state.headSeq, state.headPosition, state.headHash, now, key.id(), signature));
    }

    static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static State readState(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT cursor_position, head_seq, head_position, head_hash FROM ledger_state WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("ledger_state has no row: is migration V5 applied?");
            }
            return new State(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBytes(4));
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static List<StoredEvent> select(Connection c, String sql, Binder binder) throws SQLException {
        List<StoredEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(StoredEvent.read(rs, 1));
                }
            }
        }
        return out;
    }

    record State(long cursor, long headSeq, long headPosition, byte[] headHash) {}
}
