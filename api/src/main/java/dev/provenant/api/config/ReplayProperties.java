package dev.provenant.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-side replays ({@code provenant.replay.*}).
 *
 * @param queueSize replay jobs that may wait for the worker; more are refused
 * @param timeout the longest a server-side replay may run ({@code PROVENANT_REPLAY_TIMEOUT})
 * @param serverSide who may ask the server to replay
 */
@ConfigurationProperties(prefix = "provenant.replay")
public record ReplayProperties(
        @DefaultValue("16") int queueSize,
        @DefaultValue("PT30M") Duration timeout,
        @DefaultValue ServerSide serverSide) {

    /**
     * {@code provenant.replay.server-side.*}.
     *
     * @param enabled {@code auto} (on only for a loopback server on the embedded database), {@code
     *     true} or {@code false} ({@code PROVENANT_SERVER_REPLAY})
     * @param role the least role that may ask for a server-side replay: {@code admin} or {@code
     *     recorder} ({@code PROVENANT_SERVER_REPLAY_ROLE})
     */
    public record ServerSide(
            @DefaultValue("auto") String enabled,
            @DefaultValue("admin") String role) {}

    public ReplayProperties {
        Settings.atLeast("provenant.replay.queue-size", queueSize, 1);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("provenant.replay.timeout must be positive, was " + timeout);
        }
    }
}
