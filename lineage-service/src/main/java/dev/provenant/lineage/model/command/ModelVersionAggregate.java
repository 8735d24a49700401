package dev.provenant.lineage.model.command;

import static dev.provenant.messages.common.Ids.text;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.provenant.messages.common.ErrorCode;
import dev.provenant.messages.model.ModelStage;
import dev.provenant.messages.model.ModelStageTransitionedEvent;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.model.ModelVersionRegisteredEvent;
import dev.provenant.messages.model.RegisterModelVersionCommand;
import dev.provenant.messages.model.TransitionModelStageCommand;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateVersion;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One model version ({@code model:<name>@<version>}), registered from a run output, then moved
 * through stages. ARCHIVED is final.
 */
@Aggregate
public class ModelVersionAggregate {

    @AggregateIdentifier
    private ModelVersionId modelVersionId;

    @AggregateVersion
    private Long version;

    private ModelVersionRegisteredEvent registered;
    private ModelStage stage;
    private final Set<String> idempotencyKeys = new HashSet<>();

    protected ModelVersionAggregate() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public String handle(RegisterModelVersionCommand c) {
        ModelVersionRegisteredEvent event = new ModelVersionRegisteredEvent(
                c.modelVersionId(),
                c.name(),
                c.version(),
                c.runId(),
                c.outputName(),
                c.digest(),
                c.sizeBytes(),
                c.description());
        if (modelVersionId != null) {
            if (event.equals(registered)) {
                return modelVersionId.toString();
            }
            throw new CommandExecutionException(
                    "Model version '" + modelVersionId + "' is already registered from " + registered.runId()
                            + " output '" + registered.outputName() + "' (" + registered.digest()
                            + "); register a new version",
                    null,
                    ErrorCode.CONFLICT);
        }
        apply(event);
        return text(c.modelVersionId());
    }

    @CommandHandler
    public void handle(TransitionModelStageCommand c) {
        if (c.idempotencyKey() != null && idempotencyKeys.contains(c.idempotencyKey())) {
            return; // a retried request: already done
        }
        if (stage == ModelStage.ARCHIVED) {
            throw new CommandExecutionException(
                    "Model version '" + modelVersionId + "' is ARCHIVED; archived versions cannot change stage",
                    null,
                    ErrorCode.CONFLICT);
        }
        if (stage == c.to()) {
            throw new CommandExecutionException(
                    "Model version '" + modelVersionId + "' is already in " + stage, null, ErrorCode.CONFLICT);
        }
        apply(new ModelStageTransitionedEvent(modelVersionId, stage, c.to(), c.reason(), c.idempotencyKey()));
    }

    @EventSourcingHandler
    void on(ModelVersionRegisteredEvent e) {
        modelVersionId = e.modelVersionId();
        registered = e;
        stage = ModelStage.NONE;
    }

    @EventSourcingHandler
    void on(ModelStageTransitionedEvent e) {
        stage = e.to();
        if (e.idempotencyKey() != null) {
            idempotencyKeys.add(e.idempotencyKey());
        }
    }
}
