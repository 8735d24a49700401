package dev.provenant.messages.openlineage;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.common.TextRules;
import dev.provenant.messages.run.EnvironmentFingerprint;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunInput;
import dev.provenant.messages.run.RunOutput;
import dev.provenant.messages.run.StartRunCommand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * One OpenLineage RunEvent, already validated and mapped, merged into the Provenant run {@code
 * run:<runId>}: the first event of a run (whatever its type) starts it; later events add inputs
 * and outputs; the terminal type (COMPLETE, FAIL, ABORT) decides its status. The raw event is
 * kept; an event already received (same digest) changes nothing.
 */
public record RecordOpenLineageRunEventCommand(
        @TargetAggregateIdentifier RunId runId,
        Sha256Digest eventDigest,
        String eventType,
        Instant eventTime,
        String eventTimeText,
        String producer,
        String jobName,
        RunId parentRunId,
        Map<String, String> parameters,
        EnvironmentFingerprint environment,
        List<RunInput> inputs,
        List<RunOutput> outputs,
        String failureReason,
        String rawJson) {
    public RecordOpenLineageRunEventCommand {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(eventDigest, "eventDigest");
        TextRules.requireName("jobName", jobName, TextRules.RUN_NAME_MAX);
        TextRules.requireName("producer", producer, 2048);
        TextRules.optionalName("eventType", eventType, 32);
        TextRules.optionalName("eventTimeText", eventTimeText, 100);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        parameters.forEach((k, v) -> {
            TextRules.requireName("parameter name", k, TextRules.NAME_MAX);
            TextRules.requireFreeText("parameter '" + k + "' value", v, StartRunCommand.MAX_PARAMETER_VALUE);
        });
        StartRunCommand.checkStorable(null, environment);
        TextRules.optionalFreeText("failureReason", failureReason, Integer.MAX_VALUE);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
