package dev.provenant.api.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.GraphQlClient;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records runs and models through GraphQL over HTTP, the way the CLI and other clients do. */
final class Recorder {

    private final GraphQlClient client;

    Recorder(GraphQlClient client) {
        this.client = client;
    }

    static String digest(char c) {
        return "sha256:" + String.valueOf(c).repeat(64);
    }

    static Map<String, Object> io(String name, String digest, long size) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", name);
        m.put("digest", digest);
        m.put("sizeBytes", size);
        return m;
    }

    static List<Map<String, Object>> kv(String... pairs) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            list.add(Map.of("key", pairs[i], "value", pairs[i + 1]));
        }
        return list;
    }

    /**
     * Sends the document named {@code document} ({@code common/startRun}: a file under {@code graphql-documents/}) with
     * {@code input}; returns the payload {@code field}.
     */
    JsonNode mutate(String document, Map<String, Object> input, String field) {
        GraphQlClient.Response r = client.post(GraphQlDocuments.load(document), Map.of("input", input));
        assertThat(r.status()).as("HTTP status of %s: %s", document, r.body()).isEqualTo(200);
        assertThat(r.errors().isMissingNode())
                .as("GraphQL errors of %s: %s", document, r.errors())
                .isTrue();
        return r.data().path(field);
    }

    JsonNode ok(String document, Map<String, Object> input, String field) {
        JsonNode payload = mutate(document, input, field);
        assertThat(payload.path("errors")).as("errors of %s", document).isEmpty();
        return payload;
    }

    /** Records a whole successful run and returns its id. */
    String run(String name, List<Map<String, Object>> inputs, List<Map<String, Object>> outputs, String seed) {
        String runId = start(name, inputs, seed, Map.of());
        complete(runId, outputs, seed);
        return runId;
    }

    /**
     * Starts a run the way {@code provenant run} does (code snapshot, environment, a seed
     * parameter); {@code extra} adds start fields such as {@code replayOf} or {@code pipelineRunId}.
     */
    String start(String name, List<Map<String, Object>> inputs, String seed, Map<String, Object> extra) {
        Map<String, Object> start = new HashMap<>();
        start.put("name", name);
        start.put("command", List.of("java", name + ".java"));
        start.put("parameters", kv("seed", seed));
        start.put("inputs", inputs);
        start.put("code", Map.of("commit", "abc1234", "branch", "main", "dirty", false, "snapshotDigest", digest('c')));
        start.put("environment", kv("os.name", "Linux", "java.version", "17"));
        start.putAll(extra);
        return ok("common/startRun", start, "startRun").path("run").path("id").asText();
    }

    /** Records outputs (if any), a metric and a successful end. */
    void complete(String runId, List<Map<String, Object>> outputs, String seed) {
        if (!outputs.isEmpty()) {
            ok("common/recordRunOutputs", Map.of("runId", runId, "outputs", outputs), "recordRunOutputs");
        }
        ok(
                "common/recordRunMetrics",
                Map.of(
                        "runId",
                        runId,
                        "metrics",
                        List.of(Map.of("name", "loss", "value", 1.0 / (1 + seed.hashCode() % 97)))),
                "recordRunMetrics");
        ok("common/finishRun", Map.of("runId", runId, "exitCode", 0, "durationMillis", 1200), "finishRun");
    }
}
