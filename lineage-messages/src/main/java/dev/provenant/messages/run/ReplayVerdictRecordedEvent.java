package dev.provenant.messages.run;

import java.util.List;
import org.axonframework.serialization.Revision;

/** The verdict of replaying {@code replayOf} as run {@code runId}. */
@Revision("1")
public record ReplayVerdictRecordedEvent(
        String runId,
        String replayOf,
        Verdict verdict,
        List<OutputDifference> differences,
        List<String> environmentDrift) {}
