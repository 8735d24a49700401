package dev.provenant.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.LocalArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * {@code verifyLedger} and {@code ledger} over HTTP on real PostgreSQL and the service's artifact
 * store: a valid history verifies, a flipped byte in a stored artifact and an edited event payload
 * are named, and putting things back makes it verify again. Every test leaves the history valid.
 */
class LedgerGraphQlIT extends AbstractGraphQlIT {

    @Autowired
    ArtifactStore store;

    private String registerDataset(String name, byte[] content) {
        String digest = store.put(content).digest().toString();
        Map<String, Object> input =
                Map.of("name", name, "version", "v1", "contentDigest", digest, "sizeBytes", (long) content.length);
        admin.documentName("common/registerDatasetVersion")
                .variable("input", input)
                .execute()
                .path("registerDatasetVersion.errors")
                .entityList(Object.class)
                .hasSize(0);
        return digest;
    }

    private GraphQlTester.Response verify(String artifacts) {
        return admin.documentName("common/verifyLedger")
                .variable("artifacts", artifacts)
                .execute();
    }

    private static boolean ok(GraphQlTester.Response verification) {
        return verification.path("verifyLedger.ok").entity(Boolean.class).get();
    }

    private static String text(GraphQlTester.Response r, String path) {
        return r.path(path).entity(String.class).get();
    }

    @Test
    void givenRecordedHistory_whenVerifyingWithAllArtifacts_thenItHoldsAndTheLedgerShowsASignedCheckpoint() {
        registerDataset("ledger-ok", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));

        GraphQlTester.Response v = verify("ALL");
        GraphQlTester.Response ledger = admin.documentName("common/ledger").execute();

        v.path("verifyLedger.problems").entityList(Object.class).hasSize(0);
        assertThat(ok(v)).isTrue();
        long events = v.path("verifyLedger.eventsChecked").entity(Long.class).get();
        assertThat(events).isGreaterThanOrEqualTo(1);
        v.path("verifyLedger.chainLength").entity(Long.class).isEqualTo(events);
        assertThat(v.path("verifyLedger.artifactsChecked").entity(Long.class).get())
                .isGreaterThanOrEqualTo(1);
        assertThat(text(v, "verifyLedger.latestCheckpoint.headHash")).isEqualTo(text(v, "verifyLedger.headHash"));
        ledger.path("ledger.algorithm").entity(String.class).isEqualTo("Ed25519");
        assertThat(text(ledger, "ledger.keyId"))
                .isEqualTo(text(v, "verifyLedger.keyId"))
                .startsWith("ed25519:");
        ledger.path("ledger.latestCheckpoint.signatureValid")
                .entity(Boolean.class)
                .isEqualTo(true);
        assertThat(text(ledger, "ledger.latestCheckpoint.signedText")).startsWith("provenant-ledger-checkpoint v1\n");
        ledger.path("ledger.lastVerification.ok").entity(Boolean.class).isEqualTo(true);
    }

    @Test
    void givenAFlippedByteInAStoredArtifact_whenVerifying_thenThatArtifactAndItsEventAreNamed() throws Exception {
        Assumptions.assumeTrue(store instanceof LocalArtifactStore, "flips bytes in the local store's files");
        String digest = registerDataset("ledger-flip", "x,y\n3,4\n5,6\n".getBytes(StandardCharsets.UTF_8));
        Path file = ((LocalArtifactStore) store).pathOf(Digest.parse(digest));
        byte[] original = Files.readAllBytes(file);
        byte[] damaged = original.clone();
        damaged[2] ^= 0x01;
        file.toFile().setWritable(true);
        Files.write(file, damaged);
        try {
            GraphQlTester.Response v = verify("ALL");

            assertThat(ok(v)).isFalse();
            v.path("verifyLedger.firstProblem.kind").entity(String.class).isEqualTo("ARTIFACT_CORRUPT");
            v.path("verifyLedger.firstProblem.object").entity(String.class).isEqualTo(digest);
            assertThat(text(v, "verifyLedger.firstProblem.detail"))
                    .contains("DatasetVersionRegisteredEvent.contentDigest");
        } finally {
            Files.write(file, original);
        }
        assertThat(ok(verify("ALL"))).isTrue();
    }

    @Test
    void givenAReferencedArtifactNotStored_whenVerifying_thenItIsReportedMissingUntilStored() {
        byte[] later = "stored later".getBytes(StandardCharsets.UTF_8);
        String digest = Digest.of(later).toString();
        Map<String, Object> input =
                Map.of("name", "ledger-missing", "version", "v1", "contentDigest", digest, "sizeBytes", 12L);
        admin.documentName("common/registerDatasetVersion")
                .variable("input", input)
                .execute()
                .path("registerDatasetVersion.errors")
                .entityList(Object.class)
                .hasSize(0);

        GraphQlTester.Response v = verify("ALL");
        store.put(later);

        v.path("verifyLedger.firstProblem.kind").entity(String.class).isEqualTo("ARTIFACT_MISSING");
        v.path("verifyLedger.firstProblem.object").entity(String.class).isEqualTo(digest);
        assertThat(ok(verify("ALL"))).isTrue();
    }

    @Test
    void givenOneByteOfAnEventPayloadChangedInPostgres_whenVerifying_thenThatEventIsNamed() throws Exception {
        registerDataset("ledger-edit", "edit me".getBytes(StandardCharsets.UTF_8));
        verify("NONE"); // chains and checkpoints what is there
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            long position;
            String eventId;
            try (ResultSet rs = s.executeQuery("SELECT globalindex, eventidentifier FROM domainevententry"
                    + " WHERE aggregateidentifier = 'dataset:ledger-edit@v1'")) {
                rs.next();
                position = rs.getLong(1);
                eventId = rs.getString(2);
            }
            s.execute("ALTER TABLE domainevententry DISABLE TRIGGER domainevententry_immutable");
            String flip = "UPDATE domainevententry SET payload = set_byte(payload, 30, get_byte(payload, 30) # 4)"
                    + " WHERE globalindex = " + position;
            s.execute(flip);
            try {
                GraphQlTester.Response v = verify("NONE");

                assertThat(ok(v)).isFalse();
                v.path("verifyLedger.firstProblem.kind").entity(String.class).isEqualTo("EVENT_CHANGED");
                v.path("verifyLedger.firstProblem.position").entity(Long.class).isEqualTo(position);
                v.path("verifyLedger.firstProblem.eventId").entity(String.class).isEqualTo(eventId);
                assertThat(text(v, "verifyLedger.firstProblem.detail")).contains("payload changed");
            } finally {
                s.execute(flip); // flip back
                s.execute("ALTER TABLE domainevententry ENABLE TRIGGER domainevententry_immutable");
            }
        }
        assertThat(ok(verify("NONE"))).isTrue();
    }

    @Test
    void givenAReader_whenVerifying_thenRefusedButTheLedgerIsReadable() {
        reader.documentName("common/verifyLedger")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .first()
                        .satisfies(e -> assertThat(e.getExtensions().get("classification"))
                                .isEqualTo("FORBIDDEN")));
        String publicKey = reader.documentName("common/ledger")
                .execute()
                .path("ledger.publicKey")
                .entity(String.class)
                .get();
        assertThat(publicKey).isNotBlank();
    }
}
