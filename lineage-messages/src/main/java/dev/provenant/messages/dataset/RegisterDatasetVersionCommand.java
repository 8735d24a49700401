package dev.provenant.messages.dataset;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.common.TextRules;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that a named dataset version has the given content. Registering the same version with
 * the same content again changes nothing; with different content it is a conflict.
 */
public record RegisterDatasetVersionCommand(
        @TargetAggregateIdentifier DatasetVersionId datasetVersionId,
        String name,
        String version,
        Sha256Digest contentDigest,
        long sizeBytes,
        String sourceUri,
        String description,
        String schema) {

    public RegisterDatasetVersionCommand {
        DatasetVersionId id = new DatasetVersionId(name, version);
        if (!id.equals(datasetVersionId)) {
            throw new IllegalArgumentException(
                    "datasetVersionId '" + datasetVersionId + "' does not match name and version (" + id + ")");
        }
        if (id.toString().length() > TextRules.AGGREGATE_ID_MAX) {
            throw new IllegalArgumentException(
                    "dataset version id is " + id.toString().length()
                            + " characters long; name and version together may have at most "
                            + MAX_NAME_AND_VERSION + " (the id at most " + TextRules.AGGREGATE_ID_MAX + ")");
        }
        Objects.requireNonNull(contentDigest, "contentDigest");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must be >= 0, got " + sizeBytes);
        }
        TextRules.optionalName("sourceUri", sourceUri, 2048);
        TextRules.optionalFreeText("description", description, 10_000);
        TextRules.optionalFreeText("schema", schema, 100_000);
    }

    /**
     * Name and version together: {@code dataset:<name>@<version>} is the aggregate identifier,
     * at most {@value TextRules#AGGREGATE_ID_MAX} characters in the event store.
     */
    public static final int MAX_NAME_AND_VERSION = TextRules.AGGREGATE_ID_MAX - DatasetVersionId.PREFIX.length() - 1;

    /** {@code RegisterDatasetVersionCommand.of(new DatasetVersionId("iris", "v1"), "sha256:...", 4551, null, null)} */
    public static RegisterDatasetVersionCommand of(
            DatasetVersionId id, Sha256Digest contentDigest, long sizeBytes, String sourceUri, String description) {
        return of(id, contentDigest, sizeBytes, sourceUri, description, null);
    }

    /** As {@link #of(DatasetVersionId, String, long, String, String)}, with a schema (free text, e.g. JSON). */
    public static RegisterDatasetVersionCommand of(
            DatasetVersionId id,
            Sha256Digest contentDigest,
            long sizeBytes,
            String sourceUri,
            String description,
            String schema) {
        return new RegisterDatasetVersionCommand(
                id, id.name(), id.version(), contentDigest, sizeBytes, sourceUri, description, schema);
    }
}
