package dev.provenant.messages.openlineage;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.provenant.messages.common.TextRules;
import dev.provenant.messages.run.RunId;

/**
 * What a received OpenLineage event is filed under: its run ({@code run:<runId>}) for a RunEvent,
 * {@code openlineage:<kind>:<namespace>/<name>} for a DatasetEvent or JobEvent. Written to JSON as
 * that text.
 */
public record OpenLineageSubjectId(String value) {

    public OpenLineageSubjectId {
        TextRules.requireName("subjectId", value, TextRules.AGGREGATE_ID_MAX);
    }

    /** Reads the text form. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static OpenLineageSubjectId parse(String value) {
        return new OpenLineageSubjectId(value);
    }

    /** The subject of a run's events. */
    public static OpenLineageSubjectId of(RunId run) {
        return new OpenLineageSubjectId(run.toString());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
