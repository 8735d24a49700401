package dev.provenant.api.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.provenant.api.config.DatabaseProperties;
import dev.provenant.api.home.HomeLock;
import dev.provenant.api.home.ProvenantHome;
import dev.provenant.api.startup.ProvenantStartupException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the PostgreSQL server: {@code PROVENANT_DB_URL} (+ {@code PROVENANT_DB_USER}, {@code
 * PROVENANT_DB_PASSWORD}) when set, otherwise the embedded default under {@code PROVENANT_HOME}.
 * Either way the service checks the connection before anything else starts and fails fast with a
 * message that names the URL.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfig {

    /** Where the data lives, for logs and the start-up banner. */
    public record DatabaseLocation(String description, String jdbcUrl, boolean embedded) {}

    @Bean
    DatabaseLocation databaseLocation(DatabaseProperties properties, EmbeddedDatabase db) {
        String url = properties.url();
        if (url != null && !url.isBlank()) {
            return new DatabaseLocation("PostgreSQL at " + url, url, false);
        }
        return new DatabaseLocation("embedded PostgreSQL (data in " + db.dataDirectory() + ")", db.jdbcUrl(), true);
    }

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(ProvenantHome home, HomeLock lock, DatabaseProperties properties) {
        String url = properties.url();
        java.time.Duration watchdogInterval = properties.embeddedWatchdogInterval();
        // Only started when no external URL is configured (see databaseLocation).
        EmbeddedDatabase db = new EmbeddedDatabase(home, url == null || url.isBlank());
        // restarts it when it dies under the running server
        db.watch(watchdogInterval);
        return db;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(
            DatabaseLocation location, EmbeddedDatabase embedded, HomeLock lock, DatabaseProperties properties) {
        String user = properties.user();
        String password = properties.password();
        int poolSize = properties.poolSize();
        long connectionTimeoutMs = properties.connectionTimeoutMs();
        String u = location.embedded() ? EmbeddedDatabase.USER : user;
        // the embedded server accepts only its own password (PROVENANT_HOME/postgres.password)
        String p = location.embedded() ? embedded.password() : password;
        checkReachable(location.jdbcUrl(), u, p);
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(location.jdbcUrl());
        cfg.setUsername(u);
        cfg.setPassword(p);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setPoolName("provenant");
        // how long a request waits for a connection before it is told the database is unavailable
        cfg.setConnectionTimeout(connectionTimeoutMs);
        return new HikariDataSource(cfg);
    }

    static void checkReachable(String url, String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password == null ? "" : password);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "10");
        try (Connection c = DriverManager.getConnection(url, props)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new ProvenantStartupException(
                    "Cannot connect to PostgreSQL at " + url + " as user '" + user + "': " + e.getMessage(),
                    "Check that the server is running and reachable from this machine, that the database exists, and"
                            + " that PROVENANT_DB_USER / PROVENANT_DB_PASSWORD are right. Unset PROVENANT_DB_URL to use"
                            + " the embedded default.",
                    e);
        }
    }
}
