package dev.provenant.messages.run;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records the verdict of a replay run (a run started with {@code replayOf}). */
public record RecordReplayVerdictCommand(
        @TargetAggregateIdentifier String runId,
        Verdict verdict,
        List<OutputDifference> differences,
        List<String> environmentDrift) {
    public RecordReplayVerdictCommand {
        runId = RunId.parse(runId).toString();
        if (verdict == null) {
            throw new IllegalArgumentException("verdict is required");
        }
        differences = differences == null ? List.of() : List.copyOf(differences);
        environmentDrift = environmentDrift == null ? List.of() : List.copyOf(environmentDrift);
        if (verdict == Verdict.IDENTICAL && !differences.isEmpty()) {
            throw new IllegalArgumentException("differences must be empty when the verdict is IDENTICAL");
        }
    }
}
