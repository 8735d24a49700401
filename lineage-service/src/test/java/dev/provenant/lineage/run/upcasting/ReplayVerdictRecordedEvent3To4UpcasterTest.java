package dev.provenant.lineage.run.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.run.OutputDifference;
import dev.provenant.messages.run.RecordReplayVerdictCommand;
import dev.provenant.messages.run.ReplayVerdictRecordedEvent;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.Verdict;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/**
 * Verdict payloads of revisions 1–3 (differences' digests as unchecked text) read as revision 4
 * with typed digests: valid ones and nulls unchanged, others null with the text in {@code invalid…}.
 */
class ReplayVerdictRecordedEvent3To4UpcasterTest {

    private static final String A = "sha256:" + "a".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    private final EventUpcasterChain chain = new EventUpcasterChain(
            new ReplayVerdictRecordedEvent1To2Upcaster(),
            new ReplayVerdictRecordedEvent2To3Upcaster(),
            new ReplayVerdictRecordedEvent3To4Upcaster());

    private static GenericDomainEventEntry<byte[]> entry(byte[] payload, String revision) {
        return new GenericDomainEventEntry<>(
                "RunAggregate",
                "run:00000000-0000-4000-8000-000000000004",
                3,
                "event-" + revision,
                Instant.parse("2026-11-24T10:00:00Z"),
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

    private ReplayVerdictRecordedEvent read(byte[] payload, String revision) {
        List<IntermediateEventRepresentation> upcast = chain.upcast(
                        Stream.of(new InitialEventRepresentation(entry(payload, revision), serializer)))
                .toList();
        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("4");
        return serializer.deserialize(upcast.get(0).getData());
    }

    @Test
    void givenRevision1PayloadWithDigestTextsThatAreNoDigests_whenUpcastThroughTheChain_thenNullAndTextKeptAside()
            throws Exception {
        ReplayVerdictRecordedEvent e =
                read(resource("/events/ReplayVerdictRecordedEvent-rev1-legacy-digests.json"), "1");

        assertThat(e.differences())
                .containsExactly(
                        // the empty string (accepted before 2026-11-30): not "missing", but not a digest either
                        new OutputDifference(
                                "out.txt", null, 12, Sha256Digest.parse(A), 13, "changed", false, "", null),
                        // hex without the algorithm prefix: kept as recorded, not guessed at
                        new OutputDifference(
                                "model.bin",
                                Sha256Digest.parse(C),
                                50,
                                null,
                                0,
                                null,
                                false,
                                null,
                                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                        // a pipeline step's difference names no digests: nulls stay nulls
                        new OutputDifference("step:train", null, 0, null, 0, "DIFFERENT"));
        assertThat(e.causes()).isEmpty();
        assertThat(e.comparedOutputs()).isNull();
    }

    @Test
    void givenRevision3PayloadWithNameLikeText_whenUpcast_thenMovedAside() {
        byte[] payload = ("{\"runId\":\"run:00000000-0000-4000-8000-000000000004\",\"replayOf\":"
                        + "\"run:00000000-0000-4000-8000-000000000003\",\"verdict\":\"DIFFERENT\",\"differences\":"
                        + "[{\"name\":\"m\",\"originalDigest\":\"n/a\",\"originalSize\":1,\"replayDigest\":\"" + A
                        + "\",\"replaySize\":1,\"detail\":null,\"withinTolerance\":false}],\"environmentDrift\":[],"
                        + "\"metricDifferences\":[],\"comparedOutputs\":1,\"comparedMetrics\":0,\"causes\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        ReplayVerdictRecordedEvent e = read(payload, "3");
        assertThat(e.differences().get(0).originalDigest()).isNull();
        assertThat(e.differences().get(0).invalidOriginalDigest()).isEqualTo("n/a");
        assertThat(e.differences().get(0).replayDigest()).isEqualTo(Sha256Digest.parse(A));
        assertThat(e.differences().get(0).invalidReplayDigest()).isNull();
    }

    @Test
    void givenRevision3PayloadWithValidDigests_whenUpcast_thenItReadsBackAsRevision4ToTheSameBytes() throws Exception {
        byte[] payload = resource("/events/ReplayVerdictRecordedEvent-rev3.json");
        ReplayVerdictRecordedEvent e = read(payload, "3");
        assertThat(e.differences())
                .allSatisfy(d -> assertThat(d.invalidOriginalDigest()).isNull())
                .allSatisfy(d -> assertThat(d.invalidReplayDigest()).isNull());
        SerializedObject<byte[]> again = serializer.serialize(e, byte[].class);
        assertThat(again.getType().getRevision()).isEqualTo("4");
        // every digest was valid, so revision 4 writes what revision 3 stored
        assertThat(new String(again.getData(), StandardCharsets.UTF_8))
                .isEqualTo(new String(payload, StandardCharsets.UTF_8));
    }

    @Test
    void givenRevision4Payload_whenOfferedToTheUpcaster_thenLeftAlone() {
        byte[] payload = "{\"verdict\":\"IDENTICAL\",\"differences\":[{\"originalDigest\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        List<IntermediateEventRepresentation> out = new ReplayVerdictRecordedEvent3To4Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(entry(payload, "4"), serializer)))
                .toList();
        assertThat(out.get(0).getType().getRevision()).isEqualTo("4");
        assertThat(out.get(0).getData(JsonNode.class).getData().toString()).contains("\"originalDigest\":\"x\"");
    }

    @Test
    void givenNewVerdict_whenSerialized_thenNoInvalidFieldsAreWritten() throws Exception {
        ReplayVerdictRecordedEvent e = new ReplayVerdictRecordedEvent(
                RunId.parse("run:00000000-0000-4000-8000-000000000004"),
                RunId.parse("run:00000000-0000-4000-8000-000000000003"),
                Verdict.DIFFERENT,
                List.of(new OutputDifference("out.txt", Sha256Digest.parse(A), 1, null, 0, "missing")),
                List.of());
        JsonNode d = new ObjectMapper()
                .readTree(serializer.serialize(e, byte[].class).getData())
                .path("differences")
                .get(0);
        assertThat(d.has("invalidOriginalDigest")).isFalse();
        assertThat(d.has("invalidReplayDigest")).isFalse();
        assertThat(d.path("originalDigest").asText()).isEqualTo(A);
        assertThat(d.path("replayDigest").isNull()).isTrue();
    }

    @Test
    void givenCommandCarryingTheLegacyFields_thenRefused() {
        Assertions.assertThatThrownBy(() -> new RecordReplayVerdictCommand(
                        RunId.parse("run:00000000-0000-4000-8000-000000000004"),
                        Verdict.DIFFERENT,
                        List.of(new OutputDifference("m", null, 0, null, 0, null, false, "n/a", null)),
                        List.of()))
                .hasMessageStartingWith("differences[0]: invalidOriginalDigest and invalidReplayDigest are only");
    }
}
