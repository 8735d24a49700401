package dev.provenant.messages.run;

import dev.provenant.messages.common.TextRules;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records parameters of a running run that became known after it started (a Python script's
 * {@code log_param(key, value)}). A parameter already recorded with the same value is skipped;
 * with another value it is a conflict (parameters are facts about the run, not a log).
 */
public record RecordRunParametersCommand(
        @TargetAggregateIdentifier RunId runId, Map<String, String> parameters) {
    public RecordRunParametersCommand {
        Objects.requireNonNull(runId, "runId");
        parameters = parameters == null ? Map.of() : new TreeMap<>(parameters);
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("parameters: at least one parameter is needed");
        }
        parameters.forEach((k, v) -> {
            Names.requireName(k, "parameter name");
            TextRules.requireFreeText("parameter '" + k + "' value", v, StartRunCommand.MAX_PARAMETER_VALUE);
        });
    }
}
