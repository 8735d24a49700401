package dev.provenant.lineage.run.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.messages.run.ReplayVerdictRecordedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
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
public class ReplayVerdictRecordedEvent2To3Upcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_2 =
            new SimpleSerializedType(ReplayVerdictRecordedEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_2);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(
                new SimpleSerializedType(ReplayVerdictRecordedEvent.class.getName(), "3"), JsonNode.class, node -> {
                    ObjectNode copy = ((ObjectNode) node).deepCopy();
                    if (!copy.has("causes")) {
                        copy.putArray("causes");
                    }
                    return copy;
                });
    }
}
