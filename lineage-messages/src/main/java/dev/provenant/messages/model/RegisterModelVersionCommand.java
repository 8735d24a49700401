package dev.provenant.messages.model;

import dev.provenant.messages.common.Digests;
import dev.provenant.messages.run.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers a model version from one output of a run. Registering it again with the same source
 * records nothing; with another source it is a conflict.
 */
public record RegisterModelVersionCommand(
        @TargetAggregateIdentifier String modelVersionId,
        String name,
        String version,
        String runId,
        String outputName,
        String digest,
        long sizeBytes,
        String description) {
    public RegisterModelVersionCommand {
        ModelVersionId id = new ModelVersionId(name, version);
        if (!id.toString().equals(modelVersionId)) {
            throw new IllegalArgumentException(
                    "modelVersionId '" + modelVersionId + "' does not match name and version (" + id + ")");
        }
        runId = RunId.parse(runId).toString();
        if (outputName == null || outputName.isEmpty()) {
            throw new IllegalArgumentException("outputName is required");
        }
        Digests.requireSha256(digest, "digest");
        if (description != null && description.length() > 10_000) {
            throw new IllegalArgumentException("description is longer than 10000 characters");
        }
    }
}
