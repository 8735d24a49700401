package dev.provenant.messages.run;

import java.util.Map;
import org.axonframework.serialization.Revision;

/** Parameters of a run that became known after it started (added to those of its start). */
@Revision("1")
public record RunParametersRecordedEvent(RunId runId, Map<String, String> parameters) {}
