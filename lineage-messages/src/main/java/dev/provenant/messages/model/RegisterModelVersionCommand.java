package dev.provenant.messages.model;

import dev.provenant.messages.common.Digests;
import dev.provenant.messages.common.TextRules;
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
        if (modelVersionId.length() > TextRules.AGGREGATE_ID_MAX) {
            throw new IllegalArgumentException("model version id is " + modelVersionId.length()
                    + " characters long; name and version together may have at most "
                    + MAX_NAME_AND_VERSION + " (the id at most " + TextRules.AGGREGATE_ID_MAX + ")");
        }
        runId = RunId.parse(runId).toString();
        TextRules.requireName("outputName", outputName, TextRules.NAME_MAX);
        Digests.requireSha256(digest, "digest");
        TextRules.optionalFreeText("description", description, 10_000);
    }

    /**
     * Name and version together: {@code model:<name>@<version>} is the aggregate identifier, at
     * most {@value TextRules#AGGREGATE_ID_MAX} characters in the event store.
     */
    public static final int MAX_NAME_AND_VERSION = TextRules.AGGREGATE_ID_MAX - ModelVersionId.PREFIX.length() - 1;
}
