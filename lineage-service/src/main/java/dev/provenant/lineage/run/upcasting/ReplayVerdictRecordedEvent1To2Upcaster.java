package dev.provenant.lineage.run.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.lineage.upcasting.RevisionUpcaster;
import dev.provenant.messages.run.ReplayVerdictRecordedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Revision 1 of {@link ReplayVerdictRecordedEvent} compared outputs only and did not say how much
 * it compared; upcast it to revision 2 with {@code metricDifferences: []} and null {@code
 * comparedOutputs}/{@code comparedMetrics} (unknown, not zero). Its verdicts (IDENTICAL, DIFFERENT,
 * FAILED) keep their meaning; the stored payload is never rewritten.
 */
@Component
@Order(1) // before 2→3: a revision 1 payload goes through both
public class ReplayVerdictRecordedEvent1To2Upcaster extends RevisionUpcaster<JsonNode> {

    public ReplayVerdictRecordedEvent1To2Upcaster() {
        super(ReplayVerdictRecordedEvent.class, "1", "2", JsonNode.class, node -> {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            if (!copy.has("metricDifferences")) {
                copy.putArray("metricDifferences");
            }
            if (!copy.has("comparedOutputs")) {
                copy.putNull("comparedOutputs");
            }
            if (!copy.has("comparedMetrics")) {
                copy.putNull("comparedMetrics");
            }
            return copy;
        });
    }
}
