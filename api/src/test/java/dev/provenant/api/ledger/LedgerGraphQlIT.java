package dev.provenant.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.LocalArtifactStore;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code verifyLedger} and {@code ledger} over HTTP on real PostgreSQL and the service's artifact
 * store: a valid history verifies, a flipped byte in a stored artifact and an edited event payload
 * are named, and putting things back makes it verify again. Every test leaves the history valid.
 */
@SpringBootTest(classes = ProvenantApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LedgerGraphQlIT {

    private static TestPostgres.TestDatabase db;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = ProvenantTestSupport.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    ArtifactStore store;

    private GraphQlClient admin;

    @BeforeEach
    void setUp() {
        admin = new GraphQlClient("http://127.0.0.1:" + port, ProvenantTestSupport.ALICE_TOKEN);
    }

    private String registerDataset(String name, byte[] content) {
        String digest = store.put(content).digest().toString();
        Map<String, Object> input =
                Map.of("name", name, "version", "v1", "contentDigest", digest, "sizeBytes", (long) content.length);
        GraphQlClient.Response r =
                admin.post(GraphQlDocuments.load("common/registerDatasetVersion"), Map.of("input", input));
        assertThat(r.data().path("registerDatasetVersion").path("errors")).isEmpty();
        return digest;
    }

    private JsonNode verify(String artifacts) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("artifacts", artifacts);
        GraphQlClient.Response r = admin.post(GraphQlDocuments.load("common/verifyLedger"), vars);
        assertThat(r.errors().isMissingNode()).as("errors %s", r.errors()).isTrue();
        return r.data().path("verifyLedger");
    }

    @Test
    void givenRecordedHistory_whenVerifyingWithAllArtifacts_thenItHoldsAndTheLedgerShowsASignedCheckpoint() {
        registerDataset("ledger-ok", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));

        JsonNode v = verify("ALL");
        JsonNode ledger =
                admin.post(GraphQlDocuments.load("common/ledger")).data().path("ledger");

        assertThat(v.path("problems")).isEmpty();
        assertThat(v.path("ok").asBoolean()).isTrue();
        assertThat(v.path("eventsChecked").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(v.path("chainLength").asLong())
                .isEqualTo(v.path("eventsChecked").asLong());
        assertThat(v.path("artifactsChecked").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(v.path("latestCheckpoint").path("headHash").asText())
                .isEqualTo(v.path("headHash").asText());
        assertThat(ledger.path("algorithm").asText()).isEqualTo("Ed25519");
        assertThat(ledger.path("keyId").asText())
                .isEqualTo(v.path("keyId").asText())
                .startsWith("ed25519:");
        assertThat(ledger.path("latestCheckpoint").path("signatureValid").asBoolean())
                .isTrue();
        assertThat(ledger.path("latestCheckpoint").path("signedText").asText())
                .startsWith("provenant-ledger-checkpoint v1\n");
        assertThat(ledger.path("lastVerification").path("ok").asBoolean()).isTrue();
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
            JsonNode v = verify("ALL");

            assertThat(v.path("ok").asBoolean()).isFalse();
            JsonNode p = v.path("firstProblem");
            assertThat(p.path("kind").asText()).isEqualTo("ARTIFACT_CORRUPT");
            assertThat(p.path("object").asText()).isEqualTo(digest);
            assertThat(p.path("detail").asText()).contains("DatasetVersionRegisteredEvent.contentDigest");
        } finally {
            Files.write(file, original);
        }
        assertThat(verify("ALL").path("ok").asBoolean()).isTrue();
    }

    @Test
    void givenAReferencedArtifactNotStored_whenVerifying_thenItIsReportedMissingUntilStored() {
        byte[] later = "stored later".getBytes(StandardCharsets.UTF_8);
        String digest = Digest.of(later).toString();
        Map<String, Object> input =
                Map.of("name", "ledger-missing", "version", "v1", "contentDigest", digest, "sizeBytes", 12L);
        admin.post(GraphQlDocuments.load("common/registerDatasetVersion"), Map.of("input", input));

        JsonNode v = verify("ALL");
        store.put(later);

        assertThat(v.path("firstProblem").path("kind").asText()).isEqualTo("ARTIFACT_MISSING");
        assertThat(v.path("firstProblem").path("object").asText()).isEqualTo(digest);
        assertThat(verify("ALL").path("ok").asBoolean()).isTrue();
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
                JsonNode v = verify("NONE");

                assertThat(v.path("ok").asBoolean()).isFalse();
                assertThat(v.path("firstProblem").path("kind").asText()).isEqualTo("EVENT_CHANGED");
                assertThat(v.path("firstProblem").path("position").asLong()).isEqualTo(position);
                assertThat(v.path("firstProblem").path("eventId").asText()).isEqualTo(eventId);
                assertThat(v.path("firstProblem").path("detail").asText()).contains("payload changed");
            } finally {
                s.execute(flip); // flip back
                s.execute("ALTER TABLE domainevententry ENABLE TRIGGER domainevententry_immutable");
            }
        }
        assertThat(verify("NONE").path("ok").asBoolean()).isTrue();
    }

    @Test
    void givenAReader_whenVerifying_thenRefusedButTheLedgerIsReadable() {
        GraphQlClient reader = new GraphQlClient("http://127.0.0.1:" + port, ProvenantTestSupport.READER_TOKEN);

        GraphQlClient.Response refused = reader.post(GraphQlDocuments.load("common/verifyLedger"), Map.of());
        GraphQlClient.Response read = reader.post(GraphQlDocuments.load("common/ledger"));

        assertThat(refused.errors()
                        .get(0)
                        .path("extensions")
                        .path("classification")
                        .asText())
                .isEqualTo("FORBIDDEN");
        assertThat(read.errors().isMissingNode()).isTrue();
        assertThat(read.data().path("ledger").path("publicKey").asText()).isNotBlank();
    }
}
