package dev.provenant.messages.model;

import org.axonframework.serialization.Revision;

/** A model version moved from one stage to another; principal and time are in the metadata. */
@Revision("1")
public record ModelStageTransitionedEvent(
        ModelVersionId modelVersionId, ModelStage from, ModelStage to, String reason, String idempotencyKey) {}
