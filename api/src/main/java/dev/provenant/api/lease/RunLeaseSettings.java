package dev.provenant.api.lease;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Run leases ({@code provenant.runs.*}).
 *
 * @param lease how long a running run may go without a heartbeat from its recorder before the
 *     server closes it as ABANDONED ({@code PROVENANT_RUN_LEASE}, default 5 minutes)
 * @param sweepInterval how often the server looks for runs whose lease ran out ({@code
 *     PROVENANT_RUN_LEASE_SWEEP})
 */
@ConfigurationProperties(prefix = "provenant.runs")
public record RunLeaseSettings(
        @DefaultValue("5m") Duration lease,
        @DefaultValue("10s") Duration sweepInterval) {
    public RunLeaseSettings {
        if (lease.toSeconds() < 1) {
            throw new IllegalArgumentException("provenant.runs.lease must be at least 1 second, was " + lease);
        }
        if (sweepInterval.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "provenant.runs.sweep-interval must be at least 100 ms, was " + sweepInterval);
        }
    }
}
