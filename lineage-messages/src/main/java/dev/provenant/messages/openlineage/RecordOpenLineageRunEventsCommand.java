package dev.provenant.messages.openlineage;

import dev.provenant.messages.run.RunId;
import java.util.List;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Several OpenLineage RunEvents of one run, from one batch request, merged in order in one
 * transaction (see {@link RecordOpenLineageRunEventCommand} for the merge rules).
 */
public record RecordOpenLineageRunEventsCommand(
        @TargetAggregateIdentifier RunId runId, List<RecordOpenLineageRunEventCommand> events) {
    public RecordOpenLineageRunEventsCommand {
        Objects.requireNonNull(runId, "runId");
        events = List.copyOf(events);
        for (RecordOpenLineageRunEventCommand e : events) {
            if (!e.runId().equals(runId)) {
                throw new IllegalArgumentException("event of " + e.runId() + " in a batch for " + runId);
            }
        }
    }
}
