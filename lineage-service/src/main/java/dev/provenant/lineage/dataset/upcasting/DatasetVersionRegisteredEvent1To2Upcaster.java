package dev.provenant.lineage.dataset.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.lineage.upcasting.RevisionUpcaster;
import dev.provenant.messages.dataset.DatasetVersionRegisteredEvent;
import org.springframework.stereotype.Component;

/**
 * Revision 1 of {@link DatasetVersionRegisteredEvent} had no {@code schema}; upcast it to
 * revision 2 with {@code schema: null}. The stored payload is never rewritten.
 */
@Component
public class DatasetVersionRegisteredEvent1To2Upcaster extends RevisionUpcaster<JsonNode> {

    public DatasetVersionRegisteredEvent1To2Upcaster() {
        super(DatasetVersionRegisteredEvent.class, "1", "2", JsonNode.class, node -> {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            if (!copy.has("schema")) {
                copy.putNull("schema");
            }
            return copy;
        });
    }
}
