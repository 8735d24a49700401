package dev.provenant.messages.model;

import org.axonframework.serialization.Revision;

/** A model version was registered from a run output. */
@Revision("1")
public record ModelVersionRegisteredEvent(
        String modelVersionId,
        String name,
        String version,
        String runId,
        String outputName,
        String digest,
        long sizeBytes,
        String description) {}
