package dev.provenant.messages.model;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.common.TextRules;
import dev.provenant.messages.run.RunId;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers a model version from one output of a run. Registering it again with the same source
 * records nothing; with another source it is a conflict.
 */
public record RegisterModelVersionCommand(
        @TargetAggregateIdentifier ModelVersionId modelVersionId,
        String name,
        String version,
        RunId runId,
        String outputName,
        Sha256Digest digest,
        long sizeBytes,
        String description) {
    public RegisterModelVersionCommand {
        ModelVersionId id = new ModelVersionId(name, version);
        if (!id.equals(modelVersionId)) {
            throw new IllegalArgumentException(
                    "modelVersionId '" + modelVersionId + "' does not match name and version (" + id + ")");
        }
        if (id.toString().length() > TextRules.AGGREGATE_ID_MAX) {
            throw new IllegalArgumentException(
                    "model version id is " + id.toString().length()
                            + " characters long; name and version together may have at most "
                            + MAX_NAME_AND_VERSION + " (the id at most " + TextRules.AGGREGATE_ID_MAX + ")");
        }
        Objects.requireNonNull(runId, "runId");
        TextRules.requireName("outputName", outputName, TextRules.NAME_MAX);
        Objects.requireNonNull(digest, "digest");
        TextRules.optionalFreeText("description", description, 10_000);
    }

    /**
     * Name and version together: {@code model:<name>@<version>} is the aggregate identifier, at
     * most {@value TextRules#AGGREGATE_ID_MAX} characters in the event store.
     */
    public static final int MAX_NAME_AND_VERSION = TextRules.AGGREGATE_ID_MAX - ModelVersionId.PREFIX.length() - 1;
}
