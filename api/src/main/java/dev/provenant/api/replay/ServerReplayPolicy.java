package dev.provenant.api.replay;

import dev.provenant.api.auth.CallerAuthentication;
import dev.provenant.api.auth.HostAllowListFilter;
import dev.provenant.api.auth.Role;
import dev.provenant.api.config.DatabaseProperties;
import dev.provenant.api.config.ReplayProperties;
import java.time.Duration;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may ask this server to replay a run, and whether it replays at all. Server-side replay
 * executes a recorded command, which any recorder could have written, so:
 *
 * <ul>
 *   <li>{@code provenant.replay.server-side.enabled} ({@code PROVENANT_SERVER_REPLAY}): {@code auto}
 *       (the default) turns it on only for a server bound to loopback on the embedded default (a
 *       laptop), off otherwise; {@code true}/{@code false} decide outright.
 *   <li>{@code provenant.replay.server-side.role}: the least role that may ask, {@code admin} by
 *       default ({@code recorder} widens it).
 *   <li>{@code provenant.replay.timeout} (default 30 minutes) bounds each job; a request may ask for
 *       less, never more.
 * </ul>
 *
 * The command always runs sandboxed (see {@link ReplayJobs}).
 */
@Component("serverReplayPolicy")
public class ServerReplayPolicy {

    /** Why a replay request was refused as a matter of policy (not of role). */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final boolean enabled;
    private final String why;
    private final Role role;
    private final Duration maxTimeout;

    public ServerReplayPolicy(
            ReplayProperties replay, @Value("${server.address:}") String bindAddress, DatabaseProperties db) {
        String enabled = replay.serverSide().enabled();
        String role = replay.serverSide().role();
        Duration maxTimeout = replay.timeout();
        String externalDb = db.url();
        String mode = enabled.trim().toLowerCase(Locale.ROOT);
        boolean laptop = HostAllowListFilter.isLoopback(bindAddress) && externalDb.isBlank();
        switch (mode) {
            case "true", "on" -> {
                this.enabled = true;
                this.why = "turned on by provenant.replay.server-side.enabled";
            }
            case "false", "off" -> {
                this.enabled = false;
                this.why = "turned off by provenant.replay.server-side.enabled (PROVENANT_SERVER_REPLAY=false)";
            }
            case "auto" -> {
                this.enabled = laptop;
                this.why = laptop
                        ? "on: a loopback server on the embedded default"
                        : "off: by default only a server bound to loopback on the embedded default replays;"
                                + " set PROVENANT_SERVER_REPLAY=true to turn it on (see docs/security.md)";
            }
            default ->
                throw new IllegalArgumentException(
                        "provenant.replay.server-side.enabled must be auto, true or false, not '" + enabled + "'");
        }
        this.role = Role.valueOf(role.trim().toUpperCase(Locale.ROOT));
        if (this.role == Role.READER) {
            throw new IllegalArgumentException("provenant.replay.server-side.role must be recorder or admin");
        }
        this.maxTimeout = maxTimeout;
    }

    /** For {@code @PreAuthorize}: whether the caller's role may ask for a server-side replay. */
    public boolean permits(Authentication authentication) {
        return authentication instanceof CallerAuthentication c
                && c.caller() != null
                && c.caller().role().ordinal() >= role.ordinal();
    }

    /** Refuses when server-side replay is off on this server. */
    public void requireEnabled() {
        if (!enabled) {
            throw new Refused("server-side replay is " + why);
        }
        if (!dev.provenant.recorder.run.Sandbox.available()) {
            // the same check the replay worker's sandbox makes, done before a job is queued
            throw new Refused("server-side replay runs recorded commands only in a bubblewrap sandbox, and bwrap"
                    + " (or, for a server running as root, setpriv) is not installed on the server: apt-get install"
                    + " bubblewrap util-linux");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public Role role() {
        return role;
    }

    /** The timeout of a job that asked for {@code requestedSeconds} (null: the maximum). */
    public Duration timeout(Integer requestedSeconds) {
        if (requestedSeconds == null) {
            return maxTimeout;
        }
        if (requestedSeconds < 1) {
            throw new IllegalArgumentException("timeoutSeconds must be at least 1");
        }
        Duration asked = Duration.ofSeconds(requestedSeconds);
        return asked.compareTo(maxTimeout) < 0 ? asked : maxTimeout;
    }
}
