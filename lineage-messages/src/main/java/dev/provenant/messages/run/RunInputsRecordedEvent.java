package dev.provenant.messages.run;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * More inputs of a run became known after it started (OpenLineage runs report their datasets in
 * pieces: START, RUNNING, COMPLETE).
 */
@Revision("1")
public record RunInputsRecordedEvent(RunId runId, List<RunInput> inputs) {}
