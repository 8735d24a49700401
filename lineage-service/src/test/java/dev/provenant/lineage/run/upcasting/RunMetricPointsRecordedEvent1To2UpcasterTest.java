package dev.provenant.lineage.run.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.messages.run.MetricSeriesColumns;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunMetricPointsRecordedEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/**
 * A revision-1 metric event (one object per point) reads as a revision-2 event with columns per
 * run of consecutive points of one name, in the same order, times in microseconds; revision 2
 * round-trips and is left alone by the upcaster.
 */
class RunMetricPointsRecordedEvent1To2UpcasterTest {

    private static final String RUN = "run:0b6e7a52-1111-4222-8333-444455556666";

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    private static GenericDomainEventEntry<byte[]> entry(byte[] payload, String revision) {
        return new GenericDomainEventEntry<>(
                "RunAggregate",
                RUN,
                3,
                "event-" + revision,
                Instant.parse("2026-01-05T10:00:00Z"),
                RunMetricPointsRecordedEvent.class.getName(),
                revision,
                payload,
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    private RunMetricPointsRecordedEvent upcast(byte[] payload) {
        List<IntermediateEventRepresentation> upcast = new RunMetricPointsRecordedEvent1To2Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(entry(payload, "1"), serializer)))
                .toList();
        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        return serializer.deserialize(upcast.get(0).getData());
    }

    private byte[] resource(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void givenTheCommittedRevision1Payload_whenUpcast_thenOneSeriesOfColumns() throws Exception {
        RunMetricPointsRecordedEvent e = upcast(resource("/events/RunMetricPointsRecordedEvent-rev1.json"));
        assertThat(e)
                .isEqualTo(new RunMetricPointsRecordedEvent(
                        RunId.parse(RUN),
                        List.of(new MetricSeriesColumns(
                                "loss",
                                List.of(0.9, 0.5),
                                List.of(0L, 1L),
                                Arrays.asList(1_796_018_400_000_000L, null))),
                        "batch-1"));
        assertThat(e.pointCount()).isEqualTo(2);
    }

    @Test
    void givenInterleavedNamesAndSubMillisecondTimes_whenUpcast_thenOrderKept_andMicrosecondsRounded() {
        String payload = "{\"runId\":\"" + RUN + "\",\"points\":["
                + "{\"name\":\"a\",\"value\":1.0,\"step\":null,\"timestamp\":null},"
                + "{\"name\":\"b\",\"value\":2.5,\"step\":3,\"timestamp\":1796018400.000001500},"
                + "{\"name\":\"b\",\"value\":-1.0E-300,\"step\":4,\"timestamp\":null},"
                + "{\"name\":\"a\",\"value\":4.0,\"step\":null,\"timestamp\":null}],\"idempotencyKey\":null}";
        RunMetricPointsRecordedEvent e = upcast(payload.getBytes(StandardCharsets.UTF_8));
        assertThat(e.series())
                .containsExactly(
                        new MetricSeriesColumns("a", List.of(1.0), null, null),
                        new MetricSeriesColumns(
                                "b",
                                List.of(2.5, -1.0E-300),
                                List.of(3L, 4L),
                                Arrays.asList(1_796_018_400_000_002L, null)),
                        new MetricSeriesColumns("a", List.of(4.0), null, null));
        assertThat(e.idempotencyKey()).isNull();
    }

    @Test
    void givenRevision2Event_whenSerializedAndRead_thenSame_andTheUpcasterLeavesItAlone() {
        RunMetricPointsRecordedEvent e = new RunMetricPointsRecordedEvent(
                RunId.parse(RUN),
                List.of(new MetricSeriesColumns("loss", List.of(0.9, 0.5), Arrays.asList(0L, null), null)),
                "k");
        SerializedObject<byte[]> s = serializer.serialize(e, byte[].class);
        assertThat(s.getType().getRevision()).isEqualTo("2");
        assertThat((RunMetricPointsRecordedEvent) serializer.deserialize(s)).isEqualTo(e);
        List<IntermediateEventRepresentation> out = new RunMetricPointsRecordedEvent1To2Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(entry(s.getData(), "2"), serializer)))
                .toList();
        assertThat(out.get(0).getType().getRevision()).isEqualTo("2");
    }
}
