package dev.provenant.messages.run;

import dev.provenant.messages.common.Sha256Digest;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** A run started; see {@link StartRunCommand} for the fields. */
@Revision("1")
public record RunStartedEvent(
        RunId runId,
        String name,
        RunId pipelineRunId,
        String stepName,
        List<String> command,
        Map<String, String> parameters,
        CodeVersion code,
        EnvironmentFingerprint environment,
        List<RunInput> inputs,
        RunId replayOf,
        Sha256Digest cacheKey) {}
