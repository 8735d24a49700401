package dev.provenant.messages.run;

import org.axonframework.serialization.Revision;

/**
 * The server closed a run whose recorder stopped renewing its lease: nothing was heard from it
 * since {@code lastHeartbeat} (ISO-8601, UTC) and the lease of {@code leaseSeconds} ran out. The run's command may
 * have finished or not; what it did after the last recorded event is unknown. A recorder that comes
 * back later may still record the run's outputs and end (a late finish, also an event).
 */
@Revision("1")
public record RunAbandonedEvent(RunId runId, String lastHeartbeat, long leaseSeconds) {

    /** The failure reason the read model shows for an abandoned run. */
    public String reason() {
        return "abandoned: no heartbeat from its recorder since " + lastHeartbeat + " (lease " + leaseSeconds
                + " s); the recording process was killed or lost";
    }
}
