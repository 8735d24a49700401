package dev.provenant.lineage.run.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.run.MetricDifference;
import dev.provenant.messages.run.OutputDifference;
import dev.provenant.messages.run.ReplayVerdictRecordedEvent;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.Verdict;
import dev.provenant.messages.run.VerdictCause;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/**
 * A revision-2 verdict payload (before causes were named) reads as a revision-3 event with no
 * causes; a revision-1 payload goes through both upcasters in their order; revision 3 round-trips.
 */
class ReplayVerdictRecordedEvent2To3UpcasterTest {

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

    private byte[] resource(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void givenRevision2Payload_whenUpcastAndDeserialized_thenRevision3EventWithNoCauses() throws Exception {
        List<IntermediateEventRepresentation> upcast = new ReplayVerdictRecordedEvent2To3Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(
                        entry(resource("/events/ReplayVerdictRecordedEvent-rev2.json"), "2"), serializer)))
                .toList();

        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("3");
        ReplayVerdictRecordedEvent event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event)
                .isEqualTo(new ReplayVerdictRecordedEvent(
                        RunId.parse(REPLAY),
                        RunId.parse(ORIGINAL),
                        Verdict.EQUIVALENT,
                        List.of(new OutputDifference(
                                "preds.csv",
                                Sha256Digest.parse("sha256:" + "a".repeat(64)),
                                12,
                                Sha256Digest.parse("sha256:" + "b".repeat(64)),
                                12,
                                "within abs 1e-6",
                                true)),
                        List.of(),
                        List.of(new MetricDifference("rmse", 0.1, 0.1000000000001, true, "|Δ| 1.0E-13 ≤ rel 1.0E-9")),
                        1,
                        1,
                        List.of()));
    }

    @Test
    void givenRevision1Payload_whenUpcastThroughTheChain_thenRevision3() throws Exception {
        EventUpcasterChain chain = new EventUpcasterChain(
                new ReplayVerdictRecordedEvent1To2Upcaster(), new ReplayVerdictRecordedEvent2To3Upcaster());
        List<IntermediateEventRepresentation> upcast = chain.upcast(Stream.of(new InitialEventRepresentation(
                        entry(resource("/events/ReplayVerdictRecordedEvent-rev1.json"), "1"), serializer)))
                .toList();
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("3");
        ReplayVerdictRecordedEvent event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event.verdict()).isEqualTo(Verdict.DIFFERENT);
        assertThat(event.causes()).isEmpty();
        assertThat(event.comparedOutputs()).isNull();
    }

    @Test
    void givenRevision3EventWithCauses_whenSerializedAndRead_thenSame() {
        ReplayVerdictRecordedEvent e = new ReplayVerdictRecordedEvent(
                RunId.parse(REPLAY),
                RunId.parse(ORIGINAL),
                Verdict.DIFFERENT,
                List.of(new OutputDifference(
                        "out.txt", Sha256Digest.parse("sha256:" + "a".repeat(64)), 1, null, 0, "missing", false)),
                List.of(),
                List.of(),
                1,
                0,
                List.of(new VerdictCause("VARIABLE", "SCALE", "'2' → '3'")));
        SerializedObject<byte[]> s = serializer.serialize(e, byte[].class);
        assertThat(s.getType().getRevision()).isEqualTo("4");
        assertThat((ReplayVerdictRecordedEvent) serializer.deserialize(s)).isEqualTo(e);
    }

    @Test
    void givenRevision3Payload_whenOfferedToUpcaster_thenLeftAlone() {
        byte[] payload = "{\"verdict\":\"EQUIVALENT\",\"causes\":[]}".getBytes(StandardCharsets.UTF_8);
        List<IntermediateEventRepresentation> out = new ReplayVerdictRecordedEvent2To3Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(entry(payload, "3"), serializer)))
                .toList();
        assertThat(out.get(0).getType().getRevision()).isEqualTo("3");
    }
}
