package dev.provenant.messages.run;

import java.util.List;
import org.axonframework.serialization.Revision;

/** Outputs of a run were recorded. */
@Revision("1")
public record RunOutputsRecordedEvent(RunId runId, List<RunOutput> outputs) {}
