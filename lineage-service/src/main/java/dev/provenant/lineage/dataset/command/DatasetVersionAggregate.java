package dev.provenant.lineage.dataset.command;

import static dev.provenant.messages.common.Ids.text;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.provenant.messages.common.ErrorCode;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.DatasetVersionRegisteredEvent;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One dataset version ({@code dataset:<name>@<version>}). A version's content never changes:
 * registering it again with the same digest and size is accepted and records nothing; with other
 * content it is a conflict.
 */
@Aggregate
public class DatasetVersionAggregate {

    @AggregateIdentifier
    private String datasetVersionId;

    private Sha256Digest contentDigest;
    private long sizeBytes;

    protected DatasetVersionAggregate() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public String handle(RegisterDatasetVersionCommand command) {
        if (datasetVersionId != null) {
            if (contentDigest.equals(command.contentDigest()) && sizeBytes == command.sizeBytes()) {
                return datasetVersionId; // same content again: idempotent, nothing new to record
            }
            throw new CommandExecutionException(
                    "Dataset version '" + datasetVersionId + "' is already registered with content " + contentDigest
                            + " (" + sizeBytes + " bytes); a version's content never changes: register a new version",
                    null,
                    ErrorCode.CONFLICT);
        }
        apply(new DatasetVersionRegisteredEvent(
                command.datasetVersionId(),
                command.name(),
                command.version(),
                command.contentDigest(),
                command.sizeBytes(),
                command.sourceUri(),
                command.description(),
                command.schema()));
        return text(command.datasetVersionId());
    }

    @EventSourcingHandler
    void on(DatasetVersionRegisteredEvent event) {
        this.datasetVersionId = text(event.datasetVersionId());
        this.contentDigest = event.contentDigest();
        this.sizeBytes = event.sizeBytes();
    }
}
