package dev.provenant.lineage.run.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.run.MetricDifference;
import dev.provenant.messages.run.OutputDifference;
import dev.provenant.messages.run.ReplayVerdictRecordedEvent;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.Verdict;
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

/**
 * A revision-1 verdict payload, as the first release stored it (three verdicts, outputs only),
 * still reads as today's event; today's payloads with the new verdicts round-trip.
 */
class ReplayVerdictRecordedEvent1To2UpcasterTest {

    private static final String ORIGINAL = "run:00000000-0000-4000-8000-000000000001";
    private static final String REPLAY = "run:00000000-0000-4000-8000-000000000002";

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    private static GenericDomainEventEntry<byte[]> entry(byte[] payload, String revision) {
        return new GenericDomainEventEntry<>(
                "RunAggregate",
                REPLAY,
                3,
                "event-" + revision,
                Instant.parse("2026-01-05T10:00:00Z"),
                ReplayVerdictRecordedEvent.class.getName(),
                revision,
                payload,
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenRevision1Payload_whenUpcastAndDeserialized_thenRevision2EventWithNoMetricDifferencesAndUnknownCounts()
            throws Exception {
        byte[] payload;
        try (InputStream in = getClass().getResourceAsStream("/events/ReplayVerdictRecordedEvent-rev1.json")) {
            payload = in.readAllBytes();
        }
        List<IntermediateEventRepresentation> upcast = new ReplayVerdictRecordedEvent1To2Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(entry(payload, "1"), serializer)))
                .toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        ReplayVerdictRecordedEvent event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event)
                .isEqualTo(new ReplayVerdictRecordedEvent(
                        RunId.parse(REPLAY),
                        RunId.parse(ORIGINAL),
                        Verdict.DIFFERENT,
                        List.of(new OutputDifference(
                                "out.txt",
                                Sha256Digest.parse("sha256:" + "a".repeat(64)),
                                12,
                                Sha256Digest.parse("sha256:" + "b".repeat(64)),
                                13,
                                "line 2:\n  - 1\n  + 2",
                                false)),
                        List.of("java.version: 17.0.15 → 21.0.7"),
                        List.of(),
                        null,
                        null));
    }

    @Test
    void givenRevision1Payload_whenDeserializedWithoutUpcasting_thenStillReads() throws Exception {
        byte[] payload;
        try (InputStream in = getClass().getResourceAsStream("/events/ReplayVerdictRecordedEvent-rev1.json")) {
            payload = in.readAllBytes();
        }
        SerializedObject<byte[]> serialized = new SimpleSerializedObject<>(
                payload, byte[].class, new SimpleSerializedType(ReplayVerdictRecordedEvent.class.getName(), "1"));
        ReplayVerdictRecordedEvent event = serializer.deserialize(serialized);
        assertThat(event.verdict()).isEqualTo(Verdict.DIFFERENT);
        assertThat(event.metricDifferences()).isEmpty();
        assertThat(event.differences().get(0).withinTolerance()).isFalse();
    }

    @Test
    void givenRevision2EventWithNewVerdicts_whenSerializedAndRead_thenSame() {
        for (Verdict v : Verdict.values()) {
            ReplayVerdictRecordedEvent e = new ReplayVerdictRecordedEvent(
                    RunId.parse(REPLAY),
                    RunId.parse(ORIGINAL),
                    v,
                    List.of(new OutputDifference(
                            "out.json", Sha256Digest.parse("sha256:" + "a".repeat(64)), 1, null, 0, "x", true)),
                    List.of(),
                    List.of(new MetricDifference("rmse", 0.1, 0.1 + 1e-12, true, "|Δ| 1.0E-12 ≤ rel 1.0E-9")),
                    2,
                    3);
            SerializedObject<byte[]> s = serializer.serialize(e, byte[].class);
            assertThat(s.getType().getRevision()).isEqualTo("4");
            assertThat((ReplayVerdictRecordedEvent) serializer.deserialize(s)).isEqualTo(e);
        }
    }

    @Test
    void givenRevision2Payload_whenOfferedToUpcaster_thenLeftAlone() {
        byte[] payload = "{\"verdict\":\"EQUIVALENT\"}".getBytes(StandardCharsets.UTF_8);
        List<IntermediateEventRepresentation> out = new ReplayVerdictRecordedEvent1To2Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(entry(payload, "2"), serializer)))
                .toList();
        assertThat(out.get(0).getType().getRevision()).isEqualTo("2");
    }
}
