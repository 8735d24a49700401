package dev.provenant.messages.run;

import org.axonframework.serialization.Revision;

/** A run reused the outputs of an earlier identical run. */
@Revision("1")
public record RunCacheHitRecordedEvent(RunId runId, RunId reusedRunId) {}
