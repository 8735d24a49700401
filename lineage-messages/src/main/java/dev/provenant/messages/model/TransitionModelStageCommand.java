package dev.provenant.messages.model;

import dev.provenant.messages.common.TextRules;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Moves a model version to another stage, with a reason. {@code expectedVersion} (optional) is the
 * aggregate version the caller saw: if someone else changed the model since, the command fails
 * with a conflict instead of silently overriding. A repeated {@code idempotencyKey} records nothing.
 */
public record TransitionModelStageCommand(
        @TargetAggregateIdentifier ModelVersionId modelVersionId,
        ModelStage to,
        String reason,
        String idempotencyKey,
        @TargetAggregateVersion Long expectedVersion) {
    public TransitionModelStageCommand {
        Objects.requireNonNull(modelVersionId, "modelVersionId");
        if (to == null || to == ModelStage.NONE) {
            throw new IllegalArgumentException("to must be STAGING, PRODUCTION or ARCHIVED");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason is required (1-2000 characters)");
        }
        TextRules.requireFreeText("reason", reason, 2000);
        TextRules.optionalName("idempotencyKey", idempotencyKey, 200);
    }
}
