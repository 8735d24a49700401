package dev.provenant.messages.model;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.run.RunId;
import java.time.Instant;
import java.util.List;

/** Read model of a model version, with its stage as of the query. */
public record ModelVersionView(
        ModelVersionId id,
        String name,
        String version,
        RunId runId,
        String outputName,
        Sha256Digest digest,
        long sizeBytes,
        String description,
        ModelStage stage,
        String registeredBy,
        Instant registeredAt,
        List<StageTransition> transitions,
        long aggregateVersion,
        long eventPosition) {

    /** One stage change. */
    public record StageTransition(
            ModelStage from, ModelStage to, String reason, String principal, Instant at, long eventPosition) {}
}
