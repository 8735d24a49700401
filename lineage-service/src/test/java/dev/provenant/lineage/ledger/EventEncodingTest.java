package dev.provenant.lineage.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EventEncodingTest {

    private static StoredEvent event(String id, String payload, String metadata) {
        return new StoredEvent(
                42,
                id.getBytes(UTF_8),
                "run:7".getBytes(UTF_8),
                3,
                "RunAggregate".getBytes(UTF_8),
                "dev.provenant.messages.run.RunCompletedEvent".getBytes(UTF_8),
                "1".getBytes(UTF_8),
                payload.getBytes(UTF_8),
                metadata == null ? null : metadata.getBytes(UTF_8),
                "2026-01-05T10:00:00Z".getBytes(UTF_8));
    }

    /** The encoding written out independently from its specification in the class Javadoc. */
    private static byte[] specified(byte[] prev, StoredEvent e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(prev);
        out.writeByte(1);
        out.writeLong(e.position());
        field(out, e.eventId());
        field(out, e.aggregateId());
        out.writeLong(e.sequenceNumber());
        field(out, e.aggregateType());
        field(out, e.payloadType());
        field(out, e.payloadRevision());
        field(out, e.payload());
        field(out, e.metadata());
        field(out, e.timestamp());
        return EventEncoding.sha256().digest(bytes.toByteArray());
    }

    private static void field(DataOutputStream out, byte[] v) throws IOException {
        out.writeInt(v == null ? -1 : v.length);
        if (v != null) {
            out.write(v);
        }
    }

    @Test
    void givenAnEvent_whenChained_thenTheHashIsTheSpecifiedEncoding() throws IOException {
        StoredEvent e = event("e-1", "{\"runId\":\"run:7\",\"exitCode\":0}", "{\"principal\":\"alice\"}");

        byte[] hash = EventEncoding.chain(EventEncoding.sha256(), EventEncoding.GENESIS, e);

        assertThat(hash).isEqualTo(specified(EventEncoding.GENESIS, e));
        // pinned (also computed by a 10-line Python script from the spec): a change of the encoding
        // would make every existing chain unverifiable
        assertThat(HexFormat.of().formatHex(hash))
                .isEqualTo("e81c89d2d3fee1ba1d79c718e2cae40f2826a5e274c2627412aeb58011ee2ab6");
    }

    @Test
    void givenTheSameEvent_whenChainedAfterDifferentHeads_thenHashesDiffer() {
        StoredEvent e = event("e-1", "{}", null);
        byte[] a = EventEncoding.chain(EventEncoding.sha256(), EventEncoding.GENESIS, e);
        byte[] b = EventEncoding.chain(EventEncoding.sha256(), a, e);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void givenBytesMovedAcrossAFieldBoundary_whenChained_thenHashesDiffer() {
        StoredEvent a = new StoredEvent(1, b("ab"), b("c"), 0, null, b("T"), null, b("{}"), null, b("t"));
        StoredEvent c = new StoredEvent(1, b("a"), b("bc"), 0, null, b("T"), null, b("{}"), null, b("t"));
        assertThat(EventEncoding.chain(EventEncoding.sha256(), EventEncoding.GENESIS, a))
                .isNotEqualTo(EventEncoding.chain(EventEncoding.sha256(), EventEncoding.GENESIS, c));
    }

    @Test
    void givenNullAndEmptyMetadata_whenChained_thenHashesDiffer() {
        assertThat(EventEncoding.chain(EventEncoding.sha256(), EventEncoding.GENESIS, event("e", "{}", null)))
                .isNotEqualTo(EventEncoding.chain(EventEncoding.sha256(), EventEncoding.GENESIS, event("e", "{}", "")));
    }

    @Test
    void givenAChangedPayload_whenComparingFieldCrcs_thenOnlyPayloadIsNamed() {
        byte[] crcs = EventEncoding.fieldCrcs(event("e-1", "{\"exitCode\":0}", "{}"));
        assertThat(EventEncoding.changedFields(crcs, event("e-1", "{\"exitCode\":1}", "{}")))
                .containsExactly("payload");
        assertThat(EventEncoding.changedFields(crcs, event("e-2", "{\"exitCode\":0}", null)))
                .containsExactly("eventidentifier", "metadata");
    }

    @Test
    void givenAHash_whenFormatted_thenItParsesBack() {
        byte[] h = EventEncoding.chain(EventEncoding.sha256(), EventEncoding.GENESIS, event("e", "{}", null));
        assertThat(EventEncoding.text(h)).startsWith("sha256:").hasSize(71);
        assertThat(EventEncoding.parse(EventEncoding.text(h))).isEqualTo(h);
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
