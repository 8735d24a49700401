package dev.provenant.lineage.upcasting;

import java.util.function.Function;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Turns one revision of one event's payload into the next: the payload of {@code event} at {@code
 * fromRevision}, read as {@code representation} (a {@code JsonNode}, or the stored bytes when
 * exactness matters), goes through {@code upcast} and comes out at {@code toRevision}. Each
 * upcaster is a Spring component; {@code @Order} chains several revisions of one event. Stored
 * payloads are never rewritten: this runs on every read.
 */
public abstract class RevisionUpcaster<T> extends SingleEventUpcaster {

    private final SimpleSerializedType from;
    private final SimpleSerializedType to;
    private final Class<T> representation;
    private final Function<T, T> upcast;

    protected RevisionUpcaster(
            Class<?> event, String fromRevision, String toRevision, Class<T> representation, Function<T, T> upcast) {
        this.from = new SimpleSerializedType(event.getName(), fromRevision);
        this.to = new SimpleSerializedType(event.getName(), toRevision);
        this.representation = representation;
        this.upcast = upcast;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation intermediate) {
        return intermediate.getType().equals(from);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation intermediate) {
        return intermediate.upcastPayload(to, representation, upcast);
    }
}
