package dev.provenant.messages.openlineage;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.common.TextRules;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Keeps an OpenLineage DatasetEvent or JobEvent verbatim, filed under {@code
 * openlineage:<kind>:<namespace>/<name>}. The same event twice changes nothing.
 */
public record RecordOpenLineageStaticEventCommand(
        @TargetAggregateIdentifier OpenLineageSubjectId subjectId,
        Sha256Digest eventDigest,
        String kind,
        String eventTime,
        String producer,
        String rawJson) {
    public RecordOpenLineageStaticEventCommand {
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(eventDigest, "eventDigest");
        TextRules.requireName("kind", kind, 32);
        TextRules.requireName("producer", producer, 2048);
        TextRules.optionalName("eventTime", eventTime, 100);
    }
}
