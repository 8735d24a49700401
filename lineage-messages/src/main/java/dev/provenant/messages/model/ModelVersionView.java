package dev.provenant.messages.model;

import java.time.Instant;
import java.util.List;

/** Read model of a model version, with its stage as of the query. */
public record ModelVersionView(
        String id,
        String name,
        String version,
        String runId,
        String outputName,
        String digest,
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
