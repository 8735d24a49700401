package dev.provenant.messages.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The identifier of the aggregate a stored event belongs to, as the event store keeps it (Axon's
 * {@code aggregateidentifier}): the text of a {@code RunId}, {@code DatasetVersionId}, {@code
 * ModelVersionId} or {@code OpenLineageSubjectId}. Read back from the store, so it is kept as
 * stored rather than parsed into one of those.
 */
public record AggregateId(String value) {

    public AggregateId {
        TextRules.requireName("aggregateId", value, TextRules.AGGREGATE_ID_MAX);
    }

    /** Reads the text form. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AggregateId parse(String value) {
        return new AggregateId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
