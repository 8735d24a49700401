package dev.provenant.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.api.ProvenantApplication;
import dev.provenant.cli.CliRun;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code provenant lineage} against a real server (this JVM, real PostgreSQL), with runs recorded
 * through GraphQL as the recorder does: a training run, a cache hit of it, a replay of it
 * (IDENTICAL), the model registered from the original and a later re-execution, all producing the
 * same model bytes. Without {@code --include-confirmations} the model's lineage is the origin chain;
 * with it, the others are listed as confirmations of the origin; edges read parent -> child.
 */
class LineageCommandIT {

    private static final String TOKEN = "cli-lineage-token-0123456789abcdef";
    private static final String INPUT = "sha256:" + "1".repeat(64);
    private static final String MODEL = "sha256:" + "2".repeat(64);

    private static ConfigurableApplicationContext server;
    private static ProvenantClient client;
    private static String original;
    private static String cacheHit;
    private static String replay;
    private static String later;

    @BeforeAll
    static void recordConfirmations() throws Exception {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        Path home = Files.createTempDirectory("provenant-cli-lineage");
        server = new SpringApplication(ProvenantApplication.class)
                .run(
                        "--provenant.db.url=" + db.jdbcUrl(),
                        "--provenant.db.user=" + db.username(),
                        "--provenant.db.password=" + db.password(),
                        "--provenant.home=" + home,
                        "--provenant.tokens=tester=" + TOKEN + ":recorder",
                        "--server.port=0",
                        // the request log would land in the CLI's captured stdout (CliRun)
                        "--logging.level.provenant.requests=WARN");
        String url = "http://127.0.0.1:"
                + ((WebServerApplicationContext) server).getWebServer().getPort();
        client = new ProvenantClient(url, TOKEN);
        System.setProperty("PROVENANT_URL", url);
        System.setProperty("PROVENANT_TOKEN", TOKEN);

        original = start(Map.of());
        outputsAndFinish(original);
        String pipeline = mutate("query/seed/startRun", startInput("churn", Map.of()))
                .path("run")
                .path("id")
                .asText();
        cacheHit = start(Map.of("pipelineRunId", pipeline));
        mutate("query/seed/recordCacheHit", Map.of("runId", cacheHit, "reusedRunId", original));
        outputsAndFinish(cacheHit);
        replay = start(Map.of("replayOf", original));
        outputsAndFinish(replay);
        mutate("query/seed/recordReplayVerdict", Map.of("runId", replay, "verdict", "IDENTICAL"));
        mutate(
                "query/seed/registerModelVersion",
                Map.of("name", "churn", "version", "1", "runId", original, "outputName", "model/model.txt"));
        later = start(Map.of());
        outputsAndFinish(later);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("PROVENANT_URL");
        System.clearProperty("PROVENANT_TOKEN");
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, Object> startInput(String name, Map<String, Object> extra) {
        Map<String, Object> in = new HashMap<>();
        in.put("name", name);
        in.put("command", List.of("java", "steps/Train.java"));
        in.put("parameters", List.of(Map.of("key", "seed", "value", "42")));
        in.put("inputs", List.of(Map.of("name", "data/train.csv", "digest", INPUT, "sizeBytes", 800)));
        in.put(
                "code",
                Map.of(
                        "commit",
                        "abc1234",
                        "branch",
                        "main",
                        "dirty",
                        false,
                        "snapshotDigest",
                        "sha256:" + "c".repeat(64)));
        in.putAll(extra);
        return in;
    }

    private static String start(Map<String, Object> extra) {
        return mutate("query/seed/startRun", startInput("train", extra))
                .path("run")
                .path("id")
                .asText();
    }

    private static void outputsAndFinish(String runId) {
        mutate(
                "query/seed/recordRunOutputs",
                Map.of(
                        "runId",
                        runId,
                        "outputs",
                        List.of(Map.of("name", "model/model.txt", "digest", MODEL, "sizeBytes", 50))));
        mutate("query/seed/finishRun", Map.of("runId", runId, "exitCode", 0, "durationMillis", 10));
    }

    /** Sends the document {@code query/seed/<field>} and returns the payload of the mutation named as the file. */
    private static JsonNode mutate(String document, Map<String, Object> input) {
        String field = document.substring(document.lastIndexOf('/') + 1);
        JsonNode payload = client.query(GraphQlDocuments.load(document), Map.of("input", input))
                .path(field);
        assertThat(payload.path("errors")).as("%s errors", field).isEmpty();
        return payload;
    }

    static CliRun.Result cli(String... args) {
        return CliRun.of(args);
    }

    /** The lines of a section of the text output, up to the next unindented line. */
    private static List<String> section(String out, String heading) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : out.split("\n")) {
            if (line.startsWith(heading)) {
                in = true;
            } else if (in && !line.startsWith(" ")) {
                break;
            } else if (in) {
                lines.add(line.trim());
            }
        }
        return lines;
    }

    @Test
    void givenConfirmations_whenAskingTheModelsLineage_thenOnlyTheOriginChainWithEdgesReadingParentToChild() {
        CliRun.Result r = cli("lineage", "model:churn@1", "--depth", "6");

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> nodes = section(r.out(), "nodes:");
        assertThat(nodes.stream().filter(l -> l.contains(" RUN "))).hasSize(1).allMatch(l -> l.contains(original));
        assertThat(r.out()).doesNotContain(cacheHit).doesNotContain(replay).doesNotContain(later);
        assertThat(section(r.out(), "edges"))
                .contains(
                        original + " -[produced]-> " + MODEL,
                        MODEL + " -[registered as]-> model:churn@1",
                        INPUT + " -[consumed by]-> " + original);
        assertThat(r.out()).doesNotContain("confirmations");
    }

    @Test
    void givenIncludeConfirmations_whenAskingTheModelsLineage_thenTheyAreListedUnderTheArtifactTheyConfirm() {
        CliRun.Result r = cli("lineage", "model:churn@1", "--depth", "6", "--include-confirmations");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("with confirmations");
        assertThat(section(r.out(), "edges")).contains(cacheHit + " -[reproduced]-> " + MODEL);
        List<String> confirmations = section(r.out(), "confirmations");
        assertThat(confirmations.get(0)).startsWith(MODEL).endsWith("origin " + original);
        assertThat(confirmations.subList(1, confirmations.size()))
                .satisfiesExactly(
                        l -> assertThat(l).startsWith(cacheHit + "  cache hit of " + original),
                        l -> assertThat(l).startsWith(replay + "  replay of " + original + ", verdict IDENTICAL"),
                        l -> assertThat(l).startsWith(later + "  re-execution"));
    }

    @Test
    void givenIncludeConfirmationsAndJson_whenAsked_thenOneDocumentWithTypedConfirmations() throws Exception {
        CliRun.Result r = cli("lineage", "model:churn@1", "--include-confirmations", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode g = new ObjectMapper().readTree(r.out());
        List<String> kinds = new ArrayList<>();
        g.path("confirmations").forEach(c -> kinds.add(c.path("kind").asText()));
        assertThat(kinds).containsExactly("CACHE_HIT", "REPLAY", "REEXECUTION");
        List<String> types = new ArrayList<>();
        g.path("edges").forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).contains("PRODUCED", "REPRODUCED", "REGISTERED_FROM");

        JsonNode plain = new ObjectMapper()
                .readTree(cli("lineage", "model:churn@1", "--json").out());
        assertThat(plain.path("confirmations")).isEmpty();
    }
}
