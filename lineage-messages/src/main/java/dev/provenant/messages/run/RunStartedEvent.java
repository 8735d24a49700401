package dev.provenant.messages.run;

import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** A run started; see {@link StartRunCommand} for the fields. */
@Revision("1")
public record RunStartedEvent(
        String runId,
        String name,
        String pipelineRunId,
        String stepName,
        List<String> command,
        Map<String, String> parameters,
        CodeVersion code,
        EnvironmentFingerprint environment,
        List<RunInput> inputs,
        String replayOf,
        String cacheKey) {}
