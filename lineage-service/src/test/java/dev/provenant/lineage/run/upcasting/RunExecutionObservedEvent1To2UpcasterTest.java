package dev.provenant.lineage.run.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.run.RecordRunExecutionCommand;
import dev.provenant.messages.run.RunExecutionObservedEvent;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.TracedRead;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/**
 * Revision-1 execution payloads (digests as unchecked text) read as revision 2 with typed digests:
 * valid ones unchanged, others null with the recorded text in {@code invalid…}.
 */
class RunExecutionObservedEvent1To2UpcasterTest {

    private static final String C = "sha256:" + "c".repeat(64);

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    private static GenericDomainEventEntry<byte[]> entry(byte[] payload, String revision) {
        return new GenericDomainEventEntry<>(
                "RunAggregate",
                "run:794e2306-8e9c-43fd-b5b8-cd2279ba245c",
                2,
                "event-" + revision,
                Instant.parse("2026-11-30T03:10:00Z"),
                RunExecutionObservedEvent.class.getName(),
                revision,
                payload,
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    private byte[] resource(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private RunExecutionObservedEvent upcastAndRead(String fixture, String revision) throws Exception {
        List<IntermediateEventRepresentation> upcast = new RunExecutionObservedEvent1To2Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(entry(resource(fixture), revision), serializer)))
                .toList();
        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        return serializer.deserialize(upcast.get(0).getData());
    }

    @Test
    void givenRevision1PayloadWithValidDigest_whenUpcast_thenSameValuesTyped() throws Exception {
        RunExecutionObservedEvent e = upcastAndRead("/events/RunExecutionObservedEvent-rev1.json", "1");
        assertThat(e.variablesDigest())
                .isEqualTo(
                        Sha256Digest.parse("sha256:4d5abe25f7592f33704bbe5bff3149fce257020418621443591014e60df0923f"));
        assertThat(e.invalidVariablesDigest()).isNull();
        assertThat(e.undeclaredReads()).isEmpty();
    }

    @Test
    void givenRevision1PayloadWithTextThatIsNoDigest_whenUpcast_thenNullAndTheTextKeptAside_validOnesUnchanged()
            throws Exception {
        RunExecutionObservedEvent e = upcastAndRead("/events/RunExecutionObservedEvent-rev1-legacy-digests.json", "1");

        // upper-case hex is not the canonical form: moved aside, not rewritten
        assertThat(e.variablesDigest()).isNull();
        assertThat(e.invalidVariablesDigest())
                .isEqualTo("SHA256:4D5ABE25F7592F33704BBE5BFF3149FCE257020418621443591014E60DF0923F");
        assertThat(e.undeclaredReads())
                .containsExactly(
                        new TracedRead("config.yaml", Sha256Digest.parse(C), 12, true),
                        new TracedRead("data/lookup.bin", null, 1, false, "md5:0cc175b9c0f1b6a831c399e269772661"),
                        new TracedRead("/etc/app/secret.conf", null, 0, false, "unreadable"));
        assertThat(e.declaredReads()).isEqualTo(1);
        assertThat(e.systemReads()).isEqualTo(12);
    }

    @Test
    void givenRevision2Payload_whenOfferedToTheUpcaster_thenLeftAlone_andItReadsBackToTheSameBytes() throws Exception {
        byte[] payload = resource("/events/RunExecutionObservedEvent-rev2.json");
        List<IntermediateEventRepresentation> out = new RunExecutionObservedEvent1To2Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(entry(payload, "2"), serializer)))
                .toList();
        assertThat(out.get(0).getType().getRevision()).isEqualTo("2");
        RunExecutionObservedEvent e = serializer.deserialize(out.get(0).getData());
        assertThat(e.undeclaredReads()).extracting(TracedRead::invalidDigest).containsOnlyNulls();
        SerializedObject<byte[]> again = serializer.serialize(e, byte[].class);
        assertThat(again.getType().getRevision()).isEqualTo("2");
        assertThat(new String(again.getData(), StandardCharsets.UTF_8))
                .isEqualTo(new String(payload, StandardCharsets.UTF_8));
    }

    @Test
    void givenNewEvent_whenSerialized_thenNoInvalidFieldsAreWritten() throws Exception {
        RunExecutionObservedEvent e = new RunExecutionObservedEvent(
                RunId.parse("run:794e2306-8e9c-43fd-b5b8-cd2279ba245c"),
                true,
                null,
                List.of(new TracedRead("config.yaml", Sha256Digest.parse(C), 12, true)),
                List.of(),
                List.of(),
                1,
                0,
                0);
        JsonNode json = new ObjectMapper()
                .readTree(serializer.serialize(e, byte[].class).getData());
        assertThat(json.has("invalidVariablesDigest")).isFalse();
        assertThat(json.path("variablesDigest").isNull()).isTrue();
        assertThat(json.path("undeclaredReads").get(0).has("invalidDigest")).isFalse();
        assertThat(json.path("undeclaredReads").get(0).path("digest").asText()).isEqualTo(C);
    }

    @Test
    void givenCommandWithAReadWithoutDigestOrWithAnInvalidDigestText_thenRefusedNamingIt() {
        RunId run = RunId.parse("run:794e2306-8e9c-43fd-b5b8-cd2279ba245c");
        Assertions.assertThatThrownBy(() -> new RecordRunExecutionCommand(
                        run,
                        true,
                        null,
                        List.of(new TracedRead("a.txt", null, 1, false)),
                        List.of(),
                        List.of(),
                        0,
                        0,
                        0))
                .hasMessage("undeclaredReads[0].digest is required");
        Assertions.assertThatThrownBy(() -> new RecordRunExecutionCommand(
                        run,
                        true,
                        null,
                        List.of(new TracedRead("a.txt", Sha256Digest.parse(C), 1, false, "md5:1")),
                        List.of(),
                        List.of(),
                        0,
                        0,
                        0))
                .hasMessageStartingWith("undeclaredReads[0].invalidDigest is only for events stored before");
    }

    @Test
    void givenTextThatIsNoDigest_whenParsedWhereItEnters_thenTheMessageNamesTheField() {
        Assertions.assertThatThrownBy(() -> Sha256Digest.parse("md5:1", "undeclaredReads[0].digest"))
                .hasMessageStartingWith("undeclaredReads[0].digest must be 'sha256:' followed by 64 lowercase hex");
    }
}
