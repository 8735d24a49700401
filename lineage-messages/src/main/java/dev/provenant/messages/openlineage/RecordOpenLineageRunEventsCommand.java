package dev.provenant.messages.openlineage;

import dev.provenant.messages.run.RunId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Several OpenLineage RunEvents of one run, from one batch request, merged in order in one
 * transaction (see {@link RecordOpenLineageRunEventCommand} for the merge rules).
 */
public record RecordOpenLineageRunEventsCommand(
        @TargetAggregateIdentifier String runId, List<RecordOpenLineageRunEventCommand> events) {
    public RecordOpenLineageRunEventsCommand {
        runId = RunId.parse(runId).toString();
        events = List.copyOf(events);
        for (RecordOpenLineageRunEventCommand e : events) {
            if (!e.runId().equals(runId)) {
                throw new IllegalArgumentException("event of " + e.runId() + " in a batch for " + runId);
            }
        }
    }
}
