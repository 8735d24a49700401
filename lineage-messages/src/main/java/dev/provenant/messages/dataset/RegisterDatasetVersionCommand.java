package dev.provenant.messages.dataset;

import dev.provenant.messages.common.Digests;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that a named dataset version has the given content. Registering the same version with
 * the same content again changes nothing; with different content it is a conflict.
 */
public record RegisterDatasetVersionCommand(
        @TargetAggregateIdentifier String datasetVersionId,
        String name,
        String version,
        String contentDigest,
        long sizeBytes,
        String sourceUri,
        String description,
        String schema) {

    public RegisterDatasetVersionCommand {
        DatasetVersionId id = new DatasetVersionId(name, version);
        if (!id.toString().equals(datasetVersionId)) {
            throw new IllegalArgumentException(
                    "datasetVersionId '" + datasetVersionId + "' does not match name and version (" + id + ")");
        }
        Digests.requireSha256(contentDigest, "contentDigest");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must be >= 0, got " + sizeBytes);
        }
        if (sourceUri != null && sourceUri.length() > 2048) {
            throw new IllegalArgumentException("sourceUri is longer than 2048 characters");
        }
        if (description != null && description.length() > 10_000) {
            throw new IllegalArgumentException("description is longer than 10000 characters");
        }
        if (schema != null && schema.length() > 100_000) {
            throw new IllegalArgumentException("schema is longer than 100000 characters");
        }
    }

    /** {@code RegisterDatasetVersionCommand.of(new DatasetVersionId("iris", "v1"), "sha256:...", 4551, null, null)} */
    public static RegisterDatasetVersionCommand of(
            DatasetVersionId id, String contentDigest, long sizeBytes, String sourceUri, String description) {
        return of(id, contentDigest, sizeBytes, sourceUri, description, null);
    }

    /** As {@link #of(DatasetVersionId, String, long, String, String)}, with a schema (free text, e.g. JSON). */
    public static RegisterDatasetVersionCommand of(
            DatasetVersionId id,
            String contentDigest,
            long sizeBytes,
            String sourceUri,
            String description,
            String schema) {
        return new RegisterDatasetVersionCommand(
                id.toString(), id.name(), id.version(), contentDigest, sizeBytes, sourceUri, description, schema);
    }
}
