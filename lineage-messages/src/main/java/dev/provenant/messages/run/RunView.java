package dev.provenant.messages.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Read model of a run. */
public record RunView(
        String id,
        String name,
        String pipelineRunId,
        String stepName,
        List<String> command,
        Map<String, String> parameters,
        CodeVersion code,
        EnvironmentFingerprint environment,
        List<RunInput> inputs,
        List<RunOutput> outputs,
        Map<String, Double> metrics,
        RunStatus status,
        Integer exitCode,
        Long durationMillis,
        String failureReason,
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        String replayOf,
        Verdict verdict,
        List<OutputDifference> differences,
        String cacheHitOf,
        String cacheKey,
        long eventPosition) {}
