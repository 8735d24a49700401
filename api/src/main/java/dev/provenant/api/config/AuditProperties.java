package dev.provenant.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit reports ({@code provenant.audit.*}).
 *
 * @param verifyMaxEvents a report verifies the hash chain at report time when the store holds at
 *     most this many events; above, it cites the latest recorded verification instead
 */
@ConfigurationProperties(prefix = "provenant.audit")
public record AuditProperties(@DefaultValue("2000000") long verifyMaxEvents) {

    public AuditProperties {
        Settings.atLeast("provenant.audit.verify-max-events", verifyMaxEvents, 0);
    }
}
