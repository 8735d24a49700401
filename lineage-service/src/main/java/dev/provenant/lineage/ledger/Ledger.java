package dev.provenant.lineage.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.ledger.ArtifactsMode;
import dev.provenant.messages.ledger.LedgerCheckpointView;
import dev.provenant.messages.ledger.LedgerHead;
import dev.provenant.messages.ledger.LedgerVerification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger as the service uses it: a background chainer, verification, and reads of the head,
 * checkpoints and entries. Create with {@link #start()}; {@link #close()} stops the chainer.
 *
 * <p>{@code Ledger ledger = new Ledger(dataSource, key, LedgerSettings.defaults(), Map.of(), Clock.systemUTC());}
 */
public class Ledger implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final DataSource dataSource;
    private final LedgerKey key;
    private final LedgerChainer chainer;
    private final LedgerVerifier verifier;
    private final Map<String, PublicKey> trustedKeys;
    private final Duration pollInterval;
    private final int batchSize;
    private final double dutyCycle;
    private ScheduledExecutorService scheduler;

    /**
     * @param extraTrustedKeys keys of earlier checkpoints (after a key rotation), by id; the
     *     current key is always trusted
     */
    public Ledger(
            DataSource dataSource,
            LedgerKey key,
            LedgerSettings settings,
            Map<String, PublicKey> extraTrustedKeys,
            Duration pollInterval,
            Clock clock) {
        this.dataSource = dataSource;
        this.key = key;
        this.chainer = new LedgerChainer(dataSource, key, settings, clock);
        this.verifier = new LedgerVerifier(dataSource, clock);
        Map<String, PublicKey> trusted = new LinkedHashMap<>();
        trusted.put(key.id(), key.publicKey());
        trusted.putAll(extraTrustedKeys);
        this.trustedKeys = Map.copyOf(trusted);
        this.pollInterval = pollInterval;
        this.batchSize = settings.batchSize();
        this.dutyCycle = settings.dutyCycle();
    }

    /** Starts the background chainer (every poll interval, and at once after a full batch). */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "provenant-ledger");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::pass, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Chains until caught up, but spends at most {@code dutyCycle} of the time working: after each
     * batch it pauses in proportion, so a burst of appends is not slowed by chaining (the chain lags
     * and catches up when the burst ends; verify reports the lag as pending events).
     */
    private void pass() {
        try {
            int n;
            do {
                long t0 = System.nanoTime();
                n = chainer.chainOnce();
                long worked = System.nanoTime() - t0;
                if (n >= batchSize && dutyCycle < 1.0) {
                    TimeUnit.NANOSECONDS.sleep((long) (worked * (1 - dutyCycle) / dutyCycle));
                }
            } while (n >= batchSize && !Thread.currentThread().isInterrupted());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            log.warn("ledger chainer pass failed (will retry): {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    public LedgerKey key() {
        return key;
    }

    public Map<String, PublicKey> trustedKeys() {
        return trustedKeys;
    }

    /** Chains everything ready now (in the caller's thread) and returns how many events. */
    public long chainNow() {
        try {
            return chainer.chainAll();
        } catch (SQLException e) {
            throw new LedgerException("chaining failed: " + e.getMessage(), e);
        }
    }

    /** Chains what is ready and signs a checkpoint of the head unless one covers it already. */
    public Optional<LedgerCheckpointView> checkpointNow() {
        chainNow();
        try {
            return chainer.checkpointNow();
        } catch (SQLException e) {
            throw new LedgerException("checkpoint failed: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies the whole ledger and records the result.
     *
     * @param principal who asked (recorded with the result)
     */
    public LedgerVerification verify(
            ArtifactsMode artifacts, int sampleSize, ArtifactChecker checker, String principal) {
        LedgerVerification v;
        try {
            v = verifier.verify(new LedgerVerifier.Options(artifacts, sampleSize, trustedKeys, checker, key.id()));
        } catch (SQLException e) {
            throw new LedgerException("verification could not read the event store: " + e.getMessage(), e);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_verifications (started_at, finished_at,"
                        + " principal, artifacts_mode, ok, events_checked, result) VALUES (?,?,?,?,?,?,?::jsonb)")) {
            ps.setTimestamp(1, Timestamp.from(v.startedAt()));
            ps.setTimestamp(2, Timestamp.from(v.finishedAt()));
            ps.setString(3, principal);
            ps.setString(4, artifacts.name());
            ps.setBoolean(5, v.ok());
            ps.setLong(6, v.eventsChecked());
            ps.setString(7, JSON.writeValueAsString(v));
            ps.executeUpdate();
        } catch (SQLException e) {
            log.warn("could not record the verification result: {}", e.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return v;
    }

    /** The latest recorded verification, if any. */
    public Optional<LedgerVerification> lastVerification() {
        return query("SELECT result::text FROM ledger_verifications ORDER BY id DESC LIMIT 1", ps -> {}, rs -> {
                    try {
                        return JSON.readValue(rs.getString(1), LedgerVerification.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .stream()
                .findFirst();
    }

    /** The chain head now. */
    public LedgerHead head() {
        return query(
                        "SELECT head_seq, head_position, head_hash, cursor_position, updated_at FROM ledger_state",
                        ps -> {},
                        rs -> new LedgerHead(
                                rs.getLong(1),
                                rs.getLong(2),
                                Sha256Digest.parse(EventEncoding.text(rs.getBytes(3))),
                                rs.getLong(4),
                                rs.getTimestamp(5).toInstant()))
                .get(0);
    }

    /** The newest checkpoint, if any. */
    public Optional<LedgerCheckpointView> latestCheckpoint() {
        return checkpoints(1, Long.MAX_VALUE, true).stream().findFirst();
    }

    /** The oldest checkpoint that covers chain entry {@code seq}, if one does yet. */
    public Optional<LedgerCheckpointView> checkpointCovering(long seq) {
        return query(
                        "SELECT seq, position, head_hash, signed_at, key_id, signature FROM ledger_checkpoints"
                                + " WHERE seq >= ? ORDER BY seq LIMIT 1",
                        ps -> ps.setLong(1, seq),
                        Ledger::checkpoint)
                .stream()
                .findFirst();
    }

    /**
     * Checkpoints, newest first when {@code newestFirst}, at most {@code limit}, with length below
     * {@code beforeLength}.
     */
    public List<LedgerCheckpointView> checkpoints(int limit, long beforeLength, boolean newestFirst) {
        return query(
                "SELECT seq, position, head_hash, signed_at, key_id, signature FROM ledger_checkpoints"
                        + " WHERE seq < ? ORDER BY seq " + (newestFirst ? "DESC" : "ASC") + " LIMIT ?",
                ps -> {
                    ps.setLong(1, beforeLength);
                    ps.setInt(2, limit);
                },
                Ledger::checkpoint);
    }

    /** Whether a checkpoint's signature holds under a trusted key. */
    public boolean signatureValid(LedgerCheckpointView cp) {
        PublicKey k = trustedKeys.get(cp.keyId().toString());
        return k != null
                && LedgerKey.verify(
                        k,
                        Checkpoints.bytes(cp.signedText()),
                        java.util.Base64.getDecoder().decode(cp.signature()));
    }

    /** The chain entries of these event positions, each rechecked against its stored event. */
    public List<LedgerEntryView> entries(Collection<Long> positions) {
        if (positions.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection()) {
            Array array = c.createArrayOf("bigint", positions.toArray(Long[]::new));
            try (PreparedStatement ps = c.prepareStatement("SELECT l.seq, l.position, l.event_id, l.prev_hash, l.hash, "
                    + prefixed("d.")
                    + " FROM ledger_entries l LEFT JOIN domainevententry d ON d.globalindex = l.position"
                    + " WHERE l.position = ANY(?) ORDER BY l.position")) {
                ps.setArray(1, array);
                List<LedgerEntryView> out = new ArrayList<>();
                MessageDigest md = EventEncoding.sha256();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        boolean present = rs.getObject(6) != null;
                        boolean intact = present
                                && Arrays.equals(
                                        EventEncoding.chain(md, rs.getBytes(4), StoredEvent.read(rs, 6)),
                                        rs.getBytes(5));
                        out.add(new LedgerEntryView(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getString(3),
                                EventEncoding.text(rs.getBytes(5)),
                                intact));
                    }
                }
                return out;
            } finally {
                array.free();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read ledger entries: " + e.getMessage(), e);
        }
    }

    private static String prefixed(String prefix) {
        StringBuilder sb = new StringBuilder();
        for (String col : StoredEvent.COLUMNS.split(",\\s*")) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(prefix).append(col);
        }
        return sb.toString();
    }

    private static LedgerCheckpointView checkpoint(ResultSet rs) throws SQLException {
        return Checkpoints.view(
                rs.getLong(1),
                rs.getLong(2),
                rs.getBytes(3),
                rs.getTimestamp(4).toInstant(),
                rs.getString(5),
                rs.getBytes(6));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Mapper<T> mapper) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new LedgerException("cannot read the ledger: " + e.getMessage(), e);
        }
    }
}
