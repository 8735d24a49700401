package dev.provenant.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The digests of an execution record and of a replay's differences are typed where they enter
 * (recordRunExecution, recordReplayVerdict): text that is not {@code sha256:<64 lowercase hex>} is
 * refused naming the field, and nothing is recorded. Read-model rows written from events of before
 * (V12) read with such text moved aside: the digest null, the text in {@code invalid…}.
 */
class RunDigestsIT extends AbstractGraphQlIT {

    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    private GraphQlClient bob;

    @BeforeEach
    void setUp() {
        bob = client(ProvenantTestSupport.BOB_TOKEN);
    }

    private JsonNode mutate(String document, String field, Map<String, Object> input) {
        GraphQlClient.Response r = bob.post(GraphQlDocuments.load(document), Map.of("input", input));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(r.errors().isMissingNode()).as(r.body().toString()).isTrue();
        return r.data().path(field);
    }

    private String start(String name, String replayOf) {
        Map<String, Object> in = new HashMap<>();
        in.put("name", name);
        in.put("command", List.of("python", "train.py"));
        if (replayOf != null) {
            in.put("replayOf", replayOf);
        }
        JsonNode p = mutate("run/digests-start", "startRun", in);
        assertThat(p.path("errors")).as(p.toString()).isEmpty();
        return p.path("run").path("id").asText();
    }

    private static Map<String, Object> execution(String runId, String variablesDigest, String readDigest) {
        Map<String, Object> in = new HashMap<>();
        in.put("runId", runId);
        in.put("traced", true);
        in.put("variablesDigest", variablesDigest);
        in.put(
                "undeclaredReads",
                List.of(Map.of("path", "config.yaml", "digest", readDigest, "sizeBytes", 12, "stored", false)));
        return in;
    }

    private static Map<String, Object> verdict(String runId, String originalDigest, String replayDigest) {
        Map<String, Object> difference = new HashMap<>();
        difference.put("name", "model.bin");
        difference.put("originalDigest", originalDigest);
        difference.put("originalSize", 10);
        difference.put("replayDigest", replayDigest);
        difference.put("replaySize", 11);
        return Map.of("runId", runId, "verdict", "DIFFERENT", "differences", List.of(difference));
    }

    private JsonNode run(String id) {
        GraphQlClient.Response r = bob.post(GraphQlDocuments.load("run/digests-run"), Map.of("id", id));
        assertThat(r.errors().isMissingNode()).as(r.body().toString()).isTrue();
        return r.data().path("run");
    }

    private static int eventCount(String aggregateId) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")) {
            s.setString(1, aggregateId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void assertInvalid(JsonNode payload, String field) {
        JsonNode error = payload.path("errors").path(0);
        assertThat(error.path("code").asText()).as(payload.toString()).isEqualTo("INVALID_INPUT");
        assertThat(error.path("message").asText())
                .as(payload.toString())
                .startsWith(field + " must be 'sha256:' followed by 64 lowercase hex digits");
        assertThat(payload.path("run").isNull()).isTrue();
    }

    @Test
    void givenDigestTextThatIsNoDigest_whenRecordingAnExecution_thenRefusedNamingTheFieldAndNothingRecorded()
            throws Exception {
        String run = start("execution-digests", null);
        int events = eventCount(run);

        assertInvalid(
                mutate("run/digests-execution", "recordRunExecution", execution(run, "SHA256:" + "A".repeat(64), A)),
                "variablesDigest");
        assertInvalid(
                mutate("run/digests-execution", "recordRunExecution", execution(run, A, "unreadable")),
                "undeclaredReads[0].digest");
        assertInvalid(
                mutate("run/digests-execution", "recordRunExecution", execution(run, A, "")),
                "undeclaredReads[0].digest");
        assertThat(eventCount(run)).isEqualTo(events);

        JsonNode ok = mutate("run/digests-execution", "recordRunExecution", execution(run, null, B));
        assertThat(ok.path("errors")).as(ok.toString()).isEmpty();
        JsonNode read = run(run).path("execution").path("undeclaredReads").get(0);
        assertThat(read.path("digest").asText()).isEqualTo(B);
        assertThat(read.path("invalidDigest").isNull()).isTrue();
        assertThat(run(run).path("execution").path("variablesDigest").isNull()).isTrue();
    }

    @Test
    void givenDigestTextThatIsNoDigest_whenRecordingAVerdict_thenRefusedNamingTheFieldAndNothingRecorded()
            throws Exception {
        String original = start("verdict-digests", null);
        String replay = start("verdict-digests", original);
        int events = eventCount(replay);

        assertInvalid(
                mutate("run/digests-verdict", "recordReplayVerdict", verdict(replay, "md5:0cc175b9", B)),
                "differences[0].originalDigest");
        assertInvalid(
                mutate("run/digests-verdict", "recordReplayVerdict", verdict(replay, A, "a".repeat(64))),
                "differences[0].replayDigest");
        assertThat(eventCount(replay)).isEqualTo(events);

        JsonNode ok = mutate("run/digests-verdict", "recordReplayVerdict", verdict(replay, A, null));
        assertThat(ok.path("errors")).as(ok.toString()).isEmpty();
        JsonNode d = run(replay).path("differences").get(0);
        assertThat(d.path("originalDigest").asText()).isEqualTo(A);
        assertThat(d.path("replayDigest").isNull()).isTrue(); // missing in the replay
        assertThat(d.path("invalidOriginalDigest").isNull()).isTrue();
        assertThat(d.path("invalidReplayDigest").isNull()).isTrue();
    }

    /**
     * A row the projection wrote from a revision-1 execution or a revision-3 verdict holds the text
     * as stored; V12 (run again here: it only touches rows that need it) moves it aside as the
     * upcasters do, so the run reads as a rebuild would write it.
     */
    @Test
    void givenReadModelRowsWrittenBeforeDigestsWereTyped_whenTheMigrationRuns_thenTheyReadWithTheTextAside()
            throws Exception {
        String original = start("legacy-rows", null);
        String replay = start("legacy-rows", original);
        assertThat(mutate("run/digests-execution", "recordRunExecution", execution(replay, A, B))
                        .path("errors"))
                .isEmpty();
        assertThat(mutate("run/digests-verdict", "recordReplayVerdict", verdict(replay, A, B))
                        .path("errors"))
                .isEmpty();
        String execution = "{\"traced\":true,\"variablesDigest\":\"vars-1\",\"undeclaredReads\":["
                + "{\"path\":\"config.yaml\",\"digest\":\"md5:1\",\"sizeBytes\":12,\"stored\":false},"
                + "{\"path\":\"b.txt\",\"digest\":\"" + B + "\",\"sizeBytes\":1,\"stored\":true}],"
                + "\"undeclaredWrites\":[],\"missingReads\":[],\"declaredReads\":0,\"codeReads\":0,\"systemReads\":0}";
        String differences = "[{\"name\":\"model.bin\",\"originalDigest\":\"\",\"originalSize\":10,"
                + "\"replayDigest\":\"" + B + "\",\"replaySize\":11,\"detail\":null,\"withinTolerance\":false},"
                + "{\"name\":\"step:x\",\"originalDigest\":null,\"originalSize\":0,\"replayDigest\":\"n/a\","
                + "\"replaySize\":0,\"detail\":null,\"withinTolerance\":false}]";
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE runs SET execution = ?::jsonb, differences = ?::jsonb WHERE id = ?")) {
            s.setString(1, execution);
            s.setString(2, differences);
            s.setString(3, replay);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }

        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(Files.readString(
                    Path.of(
                            "..",
                            "lineage-service",
                            "src",
                            "main",
                            "resources",
                            "db",
                            "migration",
                            "V12__legacy_digests_aside.sql"),
                    StandardCharsets.UTF_8));
        }

        JsonNode r = run(replay);
        JsonNode reads = r.path("execution").path("undeclaredReads");
        assertThat(reads.get(0).path("digest").isNull()).as(r.toString()).isTrue();
        assertThat(reads.get(0).path("invalidDigest").asText()).isEqualTo("md5:1");
        assertThat(reads.get(1).path("digest").asText()).isEqualTo(B);
        assertThat(reads.get(1).path("invalidDigest").isNull()).isTrue();
        assertThat(r.path("execution").path("variablesDigest").isNull()).isTrue();
        assertThat(r.path("execution").path("invalidVariablesDigest").asText()).isEqualTo("vars-1");
        assertThat(r.path("undeclaredReads").get(0).path("invalidDigest").asText())
                .isEqualTo("md5:1");
        JsonNode d = r.path("differences");
        assertThat(d.get(0).path("originalDigest").isNull()).isTrue();
        assertThat(d.get(0).path("invalidOriginalDigest").asText()).isEmpty();
        assertThat(d.get(0).path("invalidOriginalDigest").isTextual()).isTrue();
        assertThat(d.get(0).path("replayDigest").asText()).isEqualTo(B);
        assertThat(d.get(1).path("originalDigest").isNull()).isTrue();
        assertThat(d.get(1).path("invalidOriginalDigest").isNull()).isTrue();
        assertThat(d.get(1).path("replayDigest").isNull()).isTrue();
        assertThat(d.get(1).path("invalidReplayDigest").asText()).isEqualTo("n/a");
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement("SELECT execution ->> 'invalidVariablesDigest' FROM runs WHERE id = ?")) {
            s.setString(1, replay);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("vars-1");
            }
        }
    }
}
