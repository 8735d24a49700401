package dev.provenant.lineage.openlineage.command;

import static dev.provenant.messages.common.Ids.text;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.openlineage.OpenLineageEventReceivedEvent;
import dev.provenant.messages.openlineage.RecordOpenLineageStaticEventCommand;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** The OpenLineage DatasetEvents or JobEvents received about one dataset or job, kept verbatim. */
@Aggregate
public class OpenLineageStaticEventsAggregate {

    @AggregateIdentifier
    private String subjectId;

    private final Set<Sha256Digest> seen = new HashSet<>();

    protected OpenLineageStaticEventsAggregate() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(RecordOpenLineageStaticEventCommand c) {
        if (seen.contains(c.eventDigest())) {
            return false;
        }
        apply(new OpenLineageEventReceivedEvent(
                c.subjectId(), c.eventDigest(), c.kind(), null, c.eventTime(), c.producer(), c.rawJson()));
        return true;
    }

    @EventSourcingHandler
    void on(OpenLineageEventReceivedEvent e) {
        subjectId = text(e.subjectId());
        seen.add(e.eventDigest());
    }
}
