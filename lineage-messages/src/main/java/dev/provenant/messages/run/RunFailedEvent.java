package dev.provenant.messages.run;

import org.axonframework.serialization.Revision;

/** A run failed: non-zero exit, killed, or could not start. */
@Revision("1")
public record RunFailedEvent(RunId runId, int exitCode, long durationMillis, String failureReason) {}
