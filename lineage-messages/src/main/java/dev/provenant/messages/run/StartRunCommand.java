package dev.provenant.messages.run;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.common.TextRules;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Starts recording a run. Its inputs were hashed and stored before the command executed. Sending
 * the same command again (same run id, same content) records nothing new.
 *
 * @param runId {@code run:<id>}
 * @param name human name of the step (e.g. {@code train})
 * @param pipelineRunId the pipeline run this step belongs to, or null
 * @param stepName the step's name within its pipeline, or null
 * @param command the command line, one element per argument
 * @param parameters parameters (also given to the command as environment variables)
 * @param code the code version, or null when none was captured
 * @param environment the environment fingerprint, or null when none was captured
 * @param inputs inputs, in the order given
 * @param replayOf the run this one replays, or null
 * @param cacheKey the skip-unchanged cache key computed before execution, or null
 */
public record StartRunCommand(
        @TargetAggregateIdentifier RunId runId,
        String name,
        RunId pipelineRunId,
        String stepName,
        List<String> command,
        Map<String, String> parameters,
        CodeVersion code,
        EnvironmentFingerprint environment,
        List<RunInput> inputs,
        RunId replayOf,
        Sha256Digest cacheKey) {

    public StartRunCommand {
        Objects.requireNonNull(runId, "runId");
        TextRules.requireName("name", name, TextRules.RUN_NAME_MAX);
        TextRules.optionalName("stepName", stepName, TextRules.NAME_MAX);
        if (replayOf != null) {
            if (replayOf.equals(runId)) {
                throw new IllegalArgumentException("replayOf: a run cannot replay itself");
            }
        }
        command = command == null ? List.of() : List.copyOf(command);
        if (command.size() > 10_000) {
            throw new IllegalArgumentException("command has more than 10000 arguments");
        }
        for (int i = 0; i < command.size(); i++) {
            TextRules.requireFreeText("command[" + i + "]", command.get(i), MAX_ARGUMENT);
        }
        parameters = parameters == null ? Map.of() : new TreeMap<>(parameters);
        if (parameters.size() > 1000) {
            throw new IllegalArgumentException("more than 1000 parameters");
        }
        parameters.forEach((k, v) -> {
            Names.requireName(k, "parameter name");
            TextRules.requireFreeText("parameter '" + k + "' value", v, MAX_PARAMETER_VALUE);
        });
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        if (inputs.size() > 100_000) {
            throw new IllegalArgumentException("more than 100000 inputs");
        }
        if (inputs.stream().map(RunInput::name).distinct().count() != inputs.size()) {
            throw new IllegalArgumentException("inputs: two inputs have the same name");
        }
        checkStorable(code, environment);
    }

    /** Longest command argument (Linux' own limit for one argument is 128 KiB). */
    public static final int MAX_ARGUMENT = 131_072;

    /** Longest parameter value. */
    public static final int MAX_PARAMETER_VALUE = 65_536;

    /**
     * The code version and environment are also in the run's started event, so their own
     * constructors stay as lenient as when older events were written; new commands are held to
     * {@link TextRules}.
     */
    public static void checkStorable(CodeVersion code, EnvironmentFingerprint environment) {
        if (code != null) {
            TextRules.optionalName("code.repository", code.repository(), 2048);
            TextRules.optionalName("code.branch", code.branch(), 255);
        }
        if (environment != null) {
            environment.properties().forEach((k, v) -> {
                TextRules.requireName("environment property name", k, 256);
                TextRules.requireFreeText("environment property '" + k + "'", v, 4096);
            });
        }
    }
}
