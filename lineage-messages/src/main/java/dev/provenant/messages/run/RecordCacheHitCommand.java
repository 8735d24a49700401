package dev.provenant.messages.run;

import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that a run reused the outputs of an earlier identical run instead of executing. */
public record RecordCacheHitCommand(
        @TargetAggregateIdentifier RunId runId, RunId reusedRunId) {
    public RecordCacheHitCommand {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(reusedRunId, "reusedRunId");
        if (runId.equals(reusedRunId)) {
            throw new IllegalArgumentException("reusedRunId: a run cannot reuse itself");
        }
    }
}
