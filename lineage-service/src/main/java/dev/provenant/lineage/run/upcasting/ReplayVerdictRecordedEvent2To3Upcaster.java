package dev.provenant.lineage.run.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.lineage.upcasting.RevisionUpcaster;
import dev.provenant.messages.run.ReplayVerdictRecordedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Revision 2 of {@link ReplayVerdictRecordedEvent} named no causes; upcast it to revision 3 with
 * {@code causes: []} (none were named then, which is not the same as "there were none", but the
 * event cannot know more). Runs after {@link ReplayVerdictRecordedEvent1To2Upcaster}, so revision 1
 * payloads arrive here as revision 2.
 */
@Component
@Order(2)
public class ReplayVerdictRecordedEvent2To3Upcaster extends RevisionUpcaster<JsonNode> {

    public ReplayVerdictRecordedEvent2To3Upcaster() {
        super(ReplayVerdictRecordedEvent.class, "2", "3", JsonNode.class, node -> {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            if (!copy.has("causes")) {
                copy.putArray("causes");
            }
            return copy;
        });
    }
}
