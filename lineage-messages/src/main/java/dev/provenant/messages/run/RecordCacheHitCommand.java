package dev.provenant.messages.run;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that a run reused the outputs of an earlier identical run instead of executing. */
public record RecordCacheHitCommand(
        @TargetAggregateIdentifier String runId, String reusedRunId) {
    public RecordCacheHitCommand {
        runId = RunId.parse(runId).toString();
        reusedRunId = RunId.parse(reusedRunId).toString();
        if (runId.equals(reusedRunId)) {
            throw new IllegalArgumentException("reusedRunId: a run cannot reuse itself");
        }
    }
}
