package dev.provenant.messages.run;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Closes a run whose recorder stopped renewing its lease (killed, machine lost). Sent by the
 * server's lease sweeper; a run that is no longer RUNNING records nothing.
 *
 * @param lastHeartbeat when the recorder last renewed the lease (or started the run)
 * @param leaseSeconds the lease the run held
 */
public record AbandonRunCommand(@TargetAggregateIdentifier RunId runId, Instant lastHeartbeat, long leaseSeconds) {
    public AbandonRunCommand {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
        if (leaseSeconds <= 0) {
            throw new IllegalArgumentException("leaseSeconds must be > 0");
        }
    }
}
