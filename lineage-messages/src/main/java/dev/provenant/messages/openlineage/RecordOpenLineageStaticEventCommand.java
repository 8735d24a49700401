package dev.provenant.messages.openlineage;

import dev.provenant.messages.common.TextRules;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Keeps an OpenLineage DatasetEvent or JobEvent verbatim, filed under {@code
 * openlineage:<kind>:<namespace>/<name>}. The same event twice changes nothing.
 */
public record RecordOpenLineageStaticEventCommand(
        @TargetAggregateIdentifier String subjectId,
        String eventDigest,
        String kind,
        String eventTime,
        String producer,
        String rawJson) {
    public RecordOpenLineageStaticEventCommand {
        TextRules.requireName("subjectId", subjectId, TextRules.AGGREGATE_ID_MAX);
        TextRules.requireName("kind", kind, 32);
        TextRules.requireName("producer", producer, 2048);
        TextRules.optionalName("eventTime", eventTime, 100);
    }
}
