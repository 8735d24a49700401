package dev.provenant.lineage.dataset.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.DatasetVersionRegisteredEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/** A revision-1 payload, exactly as the first release stored it, still reads as today's event. */
class DatasetVersionRegisteredEvent1To2UpcasterTest {

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    @Test
    void givenRevision1Payload_whenUpcastAndDeserialized_thenRevision2EventWithNullSchema() throws Exception {
        byte[] payload;
        try (InputStream in = getClass().getResourceAsStream("/events/DatasetVersionRegisteredEvent-rev1.json")) {
            payload = in.readAllBytes();
        }
        SerializedObject<byte[]> serialized = new SimpleSerializedObject<>(
                payload, byte[].class, new SimpleSerializedType(DatasetVersionRegisteredEvent.class.getName(), "1"));
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(
                "DatasetVersionAggregate",
                "dataset:iris@v1",
                0,
                "event-1",
                Instant.parse("2026-01-05T10:00:00Z"),
                serialized.getType().getName(),
                serialized.getType().getRevision(),
                payload,
                "{}".getBytes(StandardCharsets.UTF_8));

        List<IntermediateEventRepresentation> upcast = new DatasetVersionRegisteredEvent1To2Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(entry, serializer)))
                .toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        DatasetVersionRegisteredEvent event =
                serializer.deserialize(upcast.get(0).getData());
        assertThat(event)
                .isEqualTo(new DatasetVersionRegisteredEvent(
                        DatasetVersionId.parse("dataset:iris@v1"),
                        "iris",
                        "v1",
                        Sha256Digest.parse("sha256:" + "a".repeat(64)),
                        4551,
                        "s3://raw/iris.csv",
                        "Fisher's iris",
                        null));
    }

    @Test
    void givenRevision2Payload_whenOfferedToUpcaster_thenLeftAlone() {
        byte[] payload = "{\"schema\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(
                "DatasetVersionAggregate",
                "dataset:iris@v2",
                0,
                "event-2",
                Instant.parse("2026-01-05T10:00:00Z"),
                DatasetVersionRegisteredEvent.class.getName(),
                "2",
                payload,
                "{}".getBytes(StandardCharsets.UTF_8));
        List<IntermediateEventRepresentation> out = new DatasetVersionRegisteredEvent1To2Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(entry, serializer)))
                .toList();
        assertThat(out.get(0).getType().getRevision()).isEqualTo("2");
    }
}
