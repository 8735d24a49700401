package dev.provenant.lineage.ledger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** Realistic rows in {@code domainevententry}, written with plain SQL as Axon writes them. */
final class EventRows {

    private EventRows() {}

    static PGSimpleDataSource migratedDataSource(dev.provenant.testsupport.TestPostgres.TestDatabase db) {
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

    /** Inserts the {@code n}th event of a dataset aggregate and returns its global index. */
    static long insert(Connection c, int n) throws SQLException {
        String digest = "sha256:" + String.format("%064x", n);
        String payload = "{\"datasetVersionId\":\"dataset:ds" + n + "@v1\",\"name\":\"ds" + n
                + "\",\"version\":\"v1\",\"contentDigest\":\"" + digest + "\",\"sizeBytes\":" + (1000 + n)
                + ",\"sourceUri\":null,\"description\":\"event " + n + "\",\"schema\":null}";
        String meta = "{\"principal\":\"alice\",\"traceId\":\"" + UUID.randomUUID() + "\"}";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO domainevententry (eventidentifier,"
                + " aggregateidentifier, sequencenumber, type, timestamp, payloadtype, payloadrevision, payload,"
                + " metadata) VALUES (?,?,?,?,?,?,?,?,?) RETURNING globalindex")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, "dataset:ds" + n + "@v1");
            ps.setLong(3, 0);
            ps.setString(4, "DatasetVersionAggregate");
            ps.setString(5, Instant.parse("2026-01-05T10:00:00Z").plusSeconds(n).toString());
            ps.setString(6, "dev.provenant.messages.dataset.DatasetVersionRegisteredEvent");
            ps.setString(7, "2");
            ps.setBytes(8, payload.getBytes(StandardCharsets.UTF_8));
            ps.setBytes(9, meta.getBytes(StandardCharsets.UTF_8));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void insertMany(Connection c, int from, int count) throws SQLException {
        for (int i = from; i < from + count; i++) {
            insert(c, i);
        }
    }

    /** Runs SQL with the immutability trigger off, as a database superuser tampering would. */
    static void tamper(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE domainevententry DISABLE TRIGGER domainevententry_immutable");
            for (String q : sql) {
                s.execute(q);
            }
            s.execute("ALTER TABLE domainevententry ENABLE TRIGGER domainevententry_immutable");
        }
    }

    static String eventIdAt(Connection c, long position) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT eventidentifier FROM domainevententry WHERE globalindex = " + position)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
