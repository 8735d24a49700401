package dev.provenant.messages.run;

import java.util.List;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records inputs a running run read after it started (a Python script's {@code log_input(path)}).
 * Inputs already recorded with the same digest are skipped; the same name with another digest is a
 * conflict.
 */
public record RecordRunInputsCommand(
        @TargetAggregateIdentifier RunId runId, List<RunInput> inputs) {
    public RecordRunInputsCommand {
        Objects.requireNonNull(runId, "runId");
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs: at least one input is needed");
        }
    }
}
