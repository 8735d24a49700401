package dev.provenant.api.db;

import dev.provenant.api.home.ProvenantHome;
import dev.provenant.api.startup.ProvenantStartupException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real PostgreSQL server from Maven-shipped binaries (zonky), with a
 * persistent data directory under {@code PROVENANT_HOME/postgres}, listening on 127.0.0.1 only,
 * durable (fsync and synchronous commit on). Started only when no external database is set.
 */
public class EmbeddedDatabase implements AutoCloseable {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";
    static final String DATABASE = "provenant";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final Path dataDirectory;
    private final EmbeddedPostgres postgres;

    EmbeddedDatabase(ProvenantHome home, boolean start) {
        this.dataDirectory = home.resolve("postgres");
        if (!start) {
            this.postgres = null;
            return;
        }
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dataDirectory);
            this.postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky's test-oriented defaults trade durability for speed; a crash must not
                    // lose acknowledged events here.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            ensureDatabase();
        } catch (IOException | RuntimeException e) {
            throw new ProvenantStartupException(
                    "Cannot start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(),
                    "Make sure no other PostgreSQL uses that directory. Where user namespaces are disabled (some "
                            + "container set-ups) run as a non-root user, or set PROVENANT_DB_URL to an external "
                            + "PostgreSQL.",
                    e);
        } catch (Exception e) {
            throw new ProvenantStartupException(
                    "Cannot prepare the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(),
                    "Remove a damaged data directory only if it holds nothing you need, or set PROVENANT_DB_URL.",
                    e);
        }
        log.info(
                "Embedded PostgreSQL on 127.0.0.1:{} (data {}) started in {} ms",
                postgres.getPort(),
                dataDirectory,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private void ensureDatabase() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
