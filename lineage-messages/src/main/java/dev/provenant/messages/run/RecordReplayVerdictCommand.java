package dev.provenant.messages.run;

import dev.provenant.messages.common.TextRules;
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
        for (int i = 0; i < differences.size(); i++) {
            OutputDifference d = differences.get(i);
            if (d == null) {
                throw new IllegalArgumentException("differences[" + i + "] is missing");
            }
            TextRules.requireName("differences[" + i + "].name", d.name(), TextRules.NAME_MAX);
            TextRules.optionalName("differences[" + i + "].originalDigest", d.originalDigest(), 100);
            TextRules.optionalName("differences[" + i + "].replayDigest", d.replayDigest(), 100);
            TextRules.optionalFreeText("differences[" + i + "].detail", d.detail(), 65_536);
        }
        for (int i = 0; i < environmentDrift.size(); i++) {
            TextRules.requireFreeText("environmentDrift[" + i + "]", environmentDrift.get(i), 65_536);
        }
        if (verdict == Verdict.IDENTICAL && !differences.isEmpty()) {
            throw new IllegalArgumentException("differences must be empty when the verdict is IDENTICAL");
        }
    }
}
