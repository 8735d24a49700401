package dev.provenant.messages.run;

import org.axonframework.serialization.Revision;

/** A run finished successfully (exit code 0). */
@Revision("1")
public record RunCompletedEvent(RunId runId, int exitCode, long durationMillis) {}
