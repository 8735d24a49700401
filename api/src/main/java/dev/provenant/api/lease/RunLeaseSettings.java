package dev.provenant.api.lease;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Run leases ({@code provenant.runs.*}).
 *
 * @param lease how long a running run may go without a heartbeat from its recorder before the
 *     server closes it as ABANDONED ({@code PROVENANT_RUN_LEASE}, default 5 minutes)
 * @param sweepInterval how often the server looks for runs whose lease ran out (default 10 s)
 */
@ConfigurationProperties(prefix = "provenant.runs")
public record RunLeaseSettings(Duration lease, Duration sweepInterval) {
    public RunLeaseSettings {
        lease = lease == null ? Duration.ofMinutes(5) : lease;
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(10) : sweepInterval;
        if (lease.toSeconds() < 1) {
            throw new IllegalArgumentException("provenant.runs.lease must be at least 1 second, was " + lease);
        }
        if (sweepInterval.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "provenant.runs.sweep-interval must be at least 100 ms, was " + sweepInterval);
        }
    }
}
