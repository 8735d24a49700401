package dev.provenant.lineage.dataset.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.messages.dataset.DatasetVersionRegisteredEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * Revision 1 of {@link DatasetVersionRegisteredEvent} had no {@code schema}; upcast it to
 * revision 2 with {@code schema: null}. The stored payload is never rewritten.
 */
@Component
public class DatasetVersionRegisteredEvent1To2Upcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 =
            new SimpleSerializedType(DatasetVersionRegisteredEvent.class.getName(), "1");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(
                new SimpleSerializedType(DatasetVersionRegisteredEvent.class.getName(), "2"), JsonNode.class, node -> {
                    ObjectNode copy = ((ObjectNode) node).deepCopy();
                    if (!copy.has("schema")) {
                        copy.putNull("schema");
                    }
                    return copy;
                });
    }
}
