package dev.provenant.messages.model;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.run.RunId;
import org.axonframework.serialization.Revision;

/** A model version was registered from a run output. */
@Revision("1")
public record ModelVersionRegisteredEvent(
        ModelVersionId modelVersionId,
        String name,
        String version,
        RunId runId,
        String outputName,
        Sha256Digest digest,
        long sizeBytes,
        String description) {}
