package dev.provenant.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The server's own settings ({@code provenant.*}); the other groups have their own records (see
 * docs/configuration.md).
 *
 * @param home the service's directory: embedded PostgreSQL data, local artifacts, the admin token
 *     ({@code PROVENANT_HOME}; empty: {@code ~/.provenant})
 * @param tokens extra API tokens, {@code name=token[:role]} comma-separated, role {@code reader},
 *     {@code recorder} or {@code admin} (default recorder); the admin token in the home always
 *     works ({@code PROVENANT_TOKENS})
 * @param idleTimeout stop the server after this long without a request (0: never; the CLI's
 *     background server uses 10 minutes)
 */
@ConfigurationProperties(prefix = "provenant")
public record ProvenantProperties(
        @DefaultValue("") String home,
        @DefaultValue("") String tokens,
        @DefaultValue("0s") Duration idleTimeout) {

    public ProvenantProperties {
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("provenant.idle-timeout must not be negative, was " + idleTimeout);
        }
    }
}
