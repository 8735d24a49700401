package dev.provenant.messages.run;

import java.util.List;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records outputs of a running run. An output already recorded with the same digest is skipped. */
public record RecordRunOutputsCommand(
        @TargetAggregateIdentifier RunId runId, List<RunOutput> outputs) {
    public RecordRunOutputsCommand {
        Objects.requireNonNull(runId, "runId");
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        if (outputs.size() > 100_000) {
            throw new IllegalArgumentException("more than 100000 outputs");
        }
        if (outputs.stream().map(RunOutput::name).distinct().count() != outputs.size()) {
            throw new IllegalArgumentException("outputs: two outputs have the same name");
        }
    }
}
