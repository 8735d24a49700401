package dev.provenant.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL database ({@code provenant.db.*}).
 *
 * @param url JDBC URL of an external PostgreSQL ({@code PROVENANT_DB_URL}); empty: the embedded
 *     one under {@code PROVENANT_HOME/postgres}
 * @param user user on the external database ({@code PROVENANT_DB_USER})
 * @param password its password ({@code PROVENANT_DB_PASSWORD})
 * @param poolSize connections in the pool
 * @param connectionTimeoutMs how long a request waits for a connection before it fails (ms)
 * @param embeddedWatchdogInterval how often the embedded PostgreSQL is checked and restarted when
 *     it died
 */
@ConfigurationProperties(prefix = "provenant.db")
public record DatabaseProperties(
        @DefaultValue("") String url,
        @DefaultValue("postgres") String user,
        @DefaultValue("") String password,
        @DefaultValue("10") int poolSize,
        @DefaultValue("10000") long connectionTimeoutMs,
        @DefaultValue("PT2S") Duration embeddedWatchdogInterval) {

    public DatabaseProperties {
        Settings.atLeast("provenant.db.pool-size", poolSize, 1);
        Settings.atLeast("provenant.db.connection-timeout-ms", connectionTimeoutMs, 250);
    }

    /** True when an external PostgreSQL is configured. */
    public boolean external() {
        return !url.isBlank();
    }
}
