package dev.provenant.messages.openlineage;

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
        String rawJson) {}
