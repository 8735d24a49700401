package dev.provenant.bench;

import dev.provenant.lineage.ledger.EventEncoding;
import dev.provenant.lineage.ledger.Ledger;
import dev.provenant.lineage.ledger.LedgerChainer;
import dev.provenant.lineage.ledger.LedgerKey;
import dev.provenant.lineage.ledger.LedgerSettings;
import dev.provenant.lineage.ledger.LedgerVerifier;
import dev.provenant.lineage.ledger.StoredEvent;
import dev.provenant.messages.ledger.ArtifactsMode;
import dev.provenant.messages.ledger.LedgerVerification;
import dev.provenant.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code ./bench/run ledger}: verification rate of the hash chain over {@code bench.ledgerEvents}
 * (default 1,000,000) realistic events, against reading the same rows with a keyset scan and
 * hashing them with SHA-256 in the same run; and event append throughput with the chainer running
 * against appends without it. See docs/benchmarks.md.
 */
final class LedgerBench {

    private static final String[] TYPES = {
        "dev.provenant.messages.dataset.DatasetVersionRegisteredEvent",
        "dev.provenant.messages.run.RunStartedEvent",
        "dev.provenant.messages.run.RunOutputsRecordedEvent",
        "dev.provenant.messages.run.RunMetricsRecordedEvent",
        "dev.provenant.messages.run.RunCompletedEvent"
    };
    private static final HexFormat HEX = HexFormat.of();

    private final int events = Integer.getInteger("bench.ledgerEvents", 1_000_000);
    private final int appendEvents = Integer.getInteger("bench.ledgerAppendEvents", 100_000);

    void run(BenchReporter out) throws Exception {
        verifyRate(out);
        appendOverhead(out);
    }

    private void verifyRate(BenchReporter out) throws Exception {
        PGSimpleDataSource ds = database();
        out.note("generating " + events + " events with COPY");
        long t0 = System.nanoTime();
        long bytes = generate(ds, events);
        out.note(String.format("generated in %.1f s, %.0f MB of payload and metadata", secs(t0), bytes / 1e6));
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE domainevententry");
        }
        LedgerKey key = LedgerKey.generate();
        LedgerChainer chainer =
                new LedgerChainer(ds, key, LedgerSettings.defaults().withCheckpointEvery(100_000), Clock.systemUTC());
        t0 = System.nanoTime();
        long chained = chainer.chainAll();
        chainer.checkpointNow();
        double chainRate = chained / secs(t0);
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE ledger_entries");
        }
        out.note(String.format("chained %d events at %.0f events/s", chained, chainRate));

        LedgerVerifier verifier = new LedgerVerifier(ds, Clock.systemUTC());
        LedgerVerifier.Options options =
                new LedgerVerifier.Options(ArtifactsMode.NONE, 0, Map.of(key.id(), key.publicKey()), null, key.id());
        baseline(ds); // warm the page cache for both sides
        double bestVerify = 0;
        double bestBaseline = 0;
        for (int round = 0; round < 2; round++) {
            t0 = System.nanoTime();
            LedgerVerification v = verifier.verify(options);
            double verifyRate = v.eventsChecked() / secs(t0);
            if (!v.ok() || v.eventsChecked() != events) {
                throw new IllegalStateException("bench ledger does not verify: " + v.firstProblem());
            }
            t0 = System.nanoTime();
            long scanned = baseline(ds);
            double baselineRate = scanned / secs(t0);
            out.note(String.format(
                    "round %d: verify %.0f events/s, keyset scan + SHA-256 %.0f events/s",
                    round + 1, verifyRate, baselineRate));
            bestVerify = Math.max(bestVerify, verifyRate);
            bestBaseline = Math.max(bestBaseline, baselineRate);
        }
        out.report("ledger_verify_" + label(events), bestVerify, "events/s", bestBaseline);
        out.report("ledger_verify_vs_goal", bestVerify, "events/s", 170_000);
        out.report("ledger_verify_10m_projected", 10_000_000 / bestVerify, "s", 60);
        out.report("ledger_chain_" + label(events), chainRate, "events/s", bestBaseline);
    }

    /** Keyset scan of the same columns, one SHA-256 over each row's bytes: what verification cannot beat. */
    private static long baseline(PGSimpleDataSource ds) throws SQLException {
        long n = 0;
        long after = 0;
        MessageDigest md = EventEncoding.sha256();
        byte[] sink = new byte[32];
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + StoredEvent.COLUMNS
                        + " FROM domainevententry WHERE globalindex > ? ORDER BY globalindex LIMIT 10000")) {
            while (true) {
                ps.setLong(1, after);
                int page = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredEvent e = StoredEvent.read(rs, 1);
                        md.update(e.eventId());
                        md.update(e.aggregateId());
                        md.update(e.payloadType());
                        md.update(e.payload());
                        md.update(e.metadata());
                        md.update(e.timestamp());
                        byte[] h = md.digest();
                        sink[0] ^= h[0];
                        after = e.position();
                        page++;
                    }
                }
                n += page;
                if (page < 10000) {
                    return n + (sink[0] & 0); // keep the hashes alive
                }
            }
        }
    }

    /**
     * Appends with and without the service's background chainer running, alternating, on fresh
     * databases; best of two each. Afterwards the chain must hold every appended event.
     */
    private void appendOverhead(BenchReporter out) throws Exception {
        double bestWithout = 0;
        double bestWith = 0;
        for (int round = 0; round < 2; round++) {
            double without = appendRate(database(), false);
            double with = appendRate(database(), true);
            out.note(String.format(
                    "round %d: appends %.0f events/s without the chainer, %.0f with it", round + 1, without, with));
            bestWithout = Math.max(bestWithout, without);
            bestWith = Math.max(bestWith, with);
        }
        out.report("ledger_append_with_chainer", bestWith, "events/s", bestWithout);
    }

    private double appendRate(PGSimpleDataSource ds, boolean chaining) throws Exception {
        // the service's own background chainer, with its default settings (poll 500 ms, duty cycle)
        Ledger ledger = chaining
                ? new Ledger(
                        ds,
                        LedgerKey.generate(),
                        LedgerSettings.defaults(),
                        Map.of(),
                        Duration.ofMillis(500),
                        Clock.systemUTC())
                : null;
        if (ledger != null) {
            ledger.start();
        }
        SplittableRandom random = new SplittableRandom(7);
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO domainevententry (eventidentifier,"
                        + " aggregateidentifier, sequencenumber, type, timestamp, payloadtype, payloadrevision, payload,"
                        + " metadata) VALUES (?,?,?,?,?,?,?,?,?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < appendEvents; i++) {
                Row r = row(i, random);
                ps.setString(1, r.eventId);
                ps.setString(2, r.aggregate);
                ps.setLong(3, r.seq);
                ps.setString(4, r.aggregateType);
                ps.setString(5, r.timestamp);
                ps.setString(6, r.payloadType);
                ps.setString(7, "1");
                ps.setBytes(8, r.payload);
                ps.setBytes(9, r.metadata);
                ps.addBatch();
                if (i % 100 == 99) { // Axon's unit of work appends a batch per transaction
                    ps.executeBatch();
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
        }
        double rate = appendEvents / secs(t0);
        if (ledger != null) {
            ledger.close();
            ledger.chainNow();
            if (ledger.head().length() != appendEvents) {
                throw new IllegalStateException("chained " + ledger.head().length() + " of " + appendEvents);
            }
        }
        return rate;
    }

    private static PGSimpleDataSource database() {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.username());
        ds.setPassword(db.password());
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return ds;
    }

    private record Row(
            String eventId,
            String aggregate,
            long seq,
            String aggregateType,
            String timestamp,
            String payloadType,
            byte[] payload,
            byte[] metadata) {}

    /** Event {@code i}: runs of five events (dataset, start, outputs, metrics, completed), sizes like the demo's. */
    private static Row row(int i, SplittableRandom random) {
        int kind = i % 5;
        String run = "run:" + new UUID(0x5eedL, i / 5).toString();
        String digest = "sha256:"
                + HEX.formatHex(longBytes(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()));
        String payload = switch (kind) {
            case 0 ->
                "{\"datasetVersionId\":\"dataset:customers@v" + i + "\",\"name\":\"customers\","
                        + "\"version\":\"v" + i + "\",\"contentDigest\":\"" + digest + "\",\"sizeBytes\":"
                        + random.nextInt(1_000_000_000) + ",\"sourceUri\":\"s3://lake/customers/" + i
                        + ".csv\",\"description\":null,\"schema\":null}";
            case 1 ->
                "{\"runId\":\"" + run + "\",\"name\":\"train\",\"pipelineRunId\":null,\"stepName\":"
                        + "\"train\",\"command\":[\"java\",\"Train.java\",\"--seed\",\"42\"],\"parameters\":"
                        + "{\"epochs\":\"20\",\"seed\":\"42\"},\"code\":{\"repository\":null,\"commit\":null,"
                        + "\"branch\":null,\"dirty\":false,\"snapshotDigest\":\"" + digest + "\"},"
                        + "\"environment\":{\"digest\":\"" + digest + "\",\"properties\":{\"java.version\":"
                        + "\"17.0.15\",\"os.arch\":\"amd64\",\"os.name\":\"Linux\"}},\"inputs\":[{\"name\":"
                        + "\"data/prepared.csv\",\"digest\":\"" + digest + "\",\"sizeBytes\":3900,"
                        + "\"datasetVersionId\":null}],\"replayOf\":null,\"cacheKey\":\"" + digest + "\"}";
            case 2 ->
                "{\"runId\":\"" + run + "\",\"outputs\":[{\"name\":\"model/model.bin\",\"digest\":\""
                        + digest + "\",\"sizeBytes\":2097152,\"kind\":\"FILE\"},{\"name\":\"log\",\"digest\":\""
                        + digest + "\",\"sizeBytes\":812,\"kind\":\"LOG\"}]}";
            case 3 ->
                "{\"runId\":\"" + run + "\",\"metrics\":{\"accuracy\":" + random.nextDouble() + ",\"loss\":"
                        + random.nextDouble() + "}}";
            default -> "{\"runId\":\"" + run + "\",\"exitCode\":0,\"durationMillis\":" + random.nextInt(100_000) + "}";
        };
        String metadata = "{\"traceId\":\"" + new UUID(random.nextLong(), random.nextLong())
                + "\",\"correlationId\":\"" + new UUID(random.nextLong(), random.nextLong())
                + "\",\"principal\":\"alice\"}";
        return new Row(
                new UUID(random.nextLong(), random.nextLong()).toString(),
                kind == 0 ? "dataset:customers@v" + i : run,
                kind == 0 ? 0 : kind - 1,
                kind == 0 ? "DatasetVersionAggregate" : "RunAggregate",
                Instant.parse("2026-01-05T10:00:00Z").plusMillis(i * 37L).toString(),
                TYPES[kind],
                payload.getBytes(StandardCharsets.UTF_8),
                metadata.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] longBytes(long... values) {
        byte[] b = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            for (int j = 7; j >= 0; j--) {
                b[i * 8 + j] = (byte) v;
                v >>>= 8;
            }
        }
        return b;
    }

    /** COPY of {@code n} rows (text format, bytea as hex); returns payload + metadata bytes. */
    private static long generate(PGSimpleDataSource ds, int n) throws SQLException {
        SplittableRandom random = new SplittableRandom(42);
        long bytes = 0;
        try (Connection c = ds.getConnection()) {
            CopyIn copy = c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type,"
                            + " timestamp, payloadtype, payloadrevision, payload, metadata) FROM STDIN");
            StringBuilder sb = new StringBuilder(1 << 20);
            for (int i = 0; i < n; i++) {
                Row r = row(i, random);
                bytes += r.payload.length + r.metadata.length;
                sb.append(r.eventId)
                        .append('\t')
                        .append(r.aggregate)
                        .append('\t')
                        .append(r.seq)
                        .append('\t')
                        .append(r.aggregateType)
                        .append('\t')
                        .append(r.timestamp)
                        .append('\t')
                        .append(r.payloadType)
                        .append("\t1\t\\\\x")
                        .append(HEX.formatHex(r.payload))
                        .append("\t\\\\x")
                        .append(HEX.formatHex(r.metadata))
                        .append('\n');
                if (sb.length() > (1 << 20) - 4096 || i == n - 1) {
                    byte[] chunk = sb.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(chunk, 0, chunk.length);
                    sb.setLength(0);
                }
            }
            copy.endCopy();
        }
        return bytes;
    }

    private static String label(int n) {
        return n % 1_000_000 == 0 ? (n / 1_000_000) + "m" : n % 1000 == 0 ? (n / 1000) + "k" : Integer.toString(n);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
