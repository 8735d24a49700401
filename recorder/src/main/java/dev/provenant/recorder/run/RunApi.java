package dev.provenant.recorder.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The run mutations and queries the CLI uses, over GraphQL. */
public final class RunApi {

    /** A likely cause of a replay verdict (see the GraphQL type {@code VerdictCause}). */
    public record Cause(String kind, String subject, String detail) {}

    private final ProvenantClient client;

    public RunApi(ProvenantClient client) {
        this.client = client;
    }

    public ProvenantClient client() {
        return client;
    }

    /** Sends {@code graphql-documents/<document>.graphql}, a mutation of {@code field} answering the run. */
    private JsonNode mutate(String document, String field, Map<String, Object> input) {
        return answered(client.query(GraphQlDocuments.load(document), Map.of("input", input)), field);
    }

    /**
     * The run a mutation {@code field} of {@code data} answered; its first error as a {@link
     * CliException}.
     */
    private static JsonNode answered(JsonNode data, String field) {
        JsonNode payload = data.path(field);
        JsonNode errors = payload.path("errors");
        if (errors.size() > 0) {
            throw new CliException(
                    1,
                    field + ": " + errors.get(0).path("code").asText() + ": "
                            + errors.get(0).path("message").asText());
        }
        if (payload.path("readModelBehind").asBoolean(false)) {
            // recorded (committed) but not yet visible: a note, not an error
            System.err.println("provenant: note: " + payload.path("id").asText()
                    + " is recorded; the server's read model is behind and will show it shortly");
            com.fasterxml.jackson.databind.node.ObjectNode recorded = ProvenantClient.JSON.createObjectNode();
            recorded.put("id", payload.path("id").asText());
            return recorded;
        }
        return payload.path("run");
    }

    /**
     * A step reused from {@code reusedRunId}, in one request: the start ({@code startInput}, as
     * {@link #start}), the reuse, and the end with the reused outputs and metrics; answers the
     * finished run. Each mutation is recorded before the next runs; resending the request after a
     * lost answer records nothing twice (the run id is in {@code startInput}).
     */
    public JsonNode cachedRun(
            Map<String, Object> startInput, String reusedRunId, List<StoredPath> outputs, Map<String, Double> metrics) {
        String runId = (String) startInput.get("runId");
        Map<String, Object> vars = new HashMap<>();
        vars.put("start", startInput);
        vars.put("hit", Map.of("runId", runId, "reusedRunId", reusedRunId));
        vars.put("finish", finishInput(runId, 0, 0, null, outputs, metrics));
        JsonNode data = client.query(GraphQlDocuments.load("recorder-cached-run"), vars);
        answered(data, "startRun");
        answered(data, "recordCacheHit");
        return answered(data, "finishRun");
    }

    /**
     * What a finished command was observed to do, then its end with outputs and metrics, in one
     * request; answers the finished run. A refused execution record is a {@link CliException}
     * (the end may have been recorded: resending the end alone records it once).
     */
    public JsonNode executionAndFinish(
            String runId,
            ExecutionRecord e,
            int exitCode,
            long durationMillis,
            String failureReason,
            List<StoredPath> outputs,
            Map<String, Double> metrics) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("execution", executionInput(runId, e));
        vars.put("finish", finishInput(runId, exitCode, durationMillis, failureReason, outputs, metrics));
        JsonNode data = client.query(GraphQlDocuments.load("recorder-execution-and-finish"), vars);
        JsonNode finished = answered(data, "finishRun");
        answered(data, "recordRunExecution");
        return finished;
    }

    public JsonNode start(Map<String, Object> input) {
        return mutate("recorder-start-run", "startRun", input);
    }

    public JsonNode outputs(String runId, List<StoredPath> outputs) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (StoredPath o : outputs) {
            list.add(Map.of("name", o.name(), "digest", o.digest(), "sizeBytes", o.sizeBytes(), "kind", o.kind()));
        }
        return mutate("recorder-outputs", "recordRunOutputs", Map.of("runId", runId, "outputs", list));
    }

    public JsonNode metrics(String runId, Map<String, Double> metrics) {
        List<Map<String, Object>> list = new ArrayList<>();
        metrics.forEach((k, v) -> list.add(Map.of("name", k, "value", v)));
        return mutate("recorder-metrics", "recordRunMetrics", Map.of("runId", runId, "metrics", list));
    }

    public JsonNode finish(String runId, int exitCode, long durationMillis, String failureReason) {
        return finish(runId, exitCode, durationMillis, failureReason, List.of(), Map.of());
    }

    /** The end with outputs and metrics in one request (recorded in one transaction). */
    public JsonNode finish(
            String runId,
            int exitCode,
            long durationMillis,
            String failureReason,
            List<StoredPath> outputs,
            Map<String, Double> metrics) {
        return mutate(
                "recorder-finish-run",
                "finishRun",
                finishInput(runId, exitCode, durationMillis, failureReason, outputs, metrics));
    }

    private static Map<String, Object> finishInput(
            String runId,
            int exitCode,
            long durationMillis,
            String failureReason,
            List<StoredPath> outputs,
            Map<String, Double> metrics) {
        Map<String, Object> in = new HashMap<>();
        if (!outputs.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (StoredPath o : outputs) {
                list.add(Map.of("name", o.name(), "digest", o.digest(), "sizeBytes", o.sizeBytes(), "kind", o.kind()));
            }
            in.put("outputs", list);
        }
        if (!metrics.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            metrics.forEach((k, v) -> list.add(Map.of("name", k, "value", v)));
            in.put("metrics", list);
        }
        in.put("runId", runId);
        in.put("exitCode", exitCode);
        in.put("durationMillis", durationMillis);
        in.put("failureReason", failureReason);
        return in;
    }

    /** Records what a running run's execution was observed to read and write. */
    public JsonNode execution(String runId, ExecutionRecord e) {
        return mutate("recorder-execution", "recordRunExecution", executionInput(runId, e));
    }

    private static Map<String, Object> executionInput(String runId, ExecutionRecord e) {
        Map<String, Object> in = new HashMap<>();
        in.put("runId", runId);
        in.put("traced", e.traced());
        in.put("variablesDigest", e.variablesDigest());
        List<Map<String, Object>> reads = new ArrayList<>();
        for (ExecutionRecord.Read r : e.undeclaredReads()) {
            reads.add(Map.of("path", r.path(), "digest", r.digest(), "sizeBytes", r.sizeBytes(), "stored", r.stored()));
        }
        in.put("undeclaredReads", reads);
        in.put("undeclaredWrites", e.undeclaredWrites());
        in.put("missingReads", e.missingReads());
        in.put("declaredReads", e.declaredReads());
        in.put("codeReads", e.codeReads());
        in.put("systemReads", e.systemReads());
        return in;
    }

    /** The recorder's heartbeat: renews the run's lease; returns {@code {status expiresAt leaseSeconds}}. */
    public JsonNode renewLease(String runId) {
        JsonNode payload = client.query(GraphQlDocuments.load("recorder-renew-lease"), Map.of("id", runId))
                .path("renewRunLease");
        JsonNode errors = payload.path("errors");
        if (errors.size() > 0) {
            throw new CliException(
                    1,
                    "renewRunLease: " + errors.get(0).path("code").asText() + ": "
                            + errors.get(0).path("message").asText());
        }
        return payload;
    }

    public JsonNode cacheHit(String runId, String reusedRunId) {
        return mutate("recorder-cache-hit", "recordCacheHit", Map.of("runId", runId, "reusedRunId", reusedRunId));
    }

    public JsonNode verdict(String runId, String verdict, List<Map<String, Object>> differences, List<String> drift) {
        return mutate(
                "recorder-verdict",
                "recordReplayVerdict",
                Map.of("runId", runId, "verdict", verdict, "differences", differences, "environmentDrift", drift));
    }

    /** A verdict with the differing metrics and how many outputs and metrics were compared. */
    public JsonNode verdict(
            String runId,
            String verdict,
            List<Map<String, Object>> differences,
            List<String> drift,
            List<Map<String, Object>> metricDifferences,
            int comparedOutputs,
            int comparedMetrics) {
        return verdict(
                runId, verdict, differences, drift, metricDifferences, comparedOutputs, comparedMetrics, List.of());
    }

    /** A verdict with its likely causes ({@code kind}, {@code subject}, {@code detail}), likeliest first. */
    public JsonNode verdict(
            String runId,
            String verdict,
            List<Map<String, Object>> differences,
            List<String> drift,
            List<Map<String, Object>> metricDifferences,
            int comparedOutputs,
            int comparedMetrics,
            List<Cause> causes) {
        Map<String, Object> input = new HashMap<>();
        List<Map<String, Object>> cs = new ArrayList<>();
        for (Cause c : causes) {
            Map<String, Object> m = new HashMap<>();
            m.put("kind", c.kind());
            m.put("subject", c.subject());
            m.put("detail", c.detail());
            cs.add(m);
        }
        input.put("causes", cs);
        input.put("runId", runId);
        input.put("verdict", verdict);
        input.put("differences", differences);
        input.put("environmentDrift", drift);
        input.put("metricDifferences", metricDifferences);
        input.put("comparedOutputs", comparedOutputs);
        input.put("comparedMetrics", comparedMetrics);
        return mutate("recorder-verdict", "recordReplayVerdict", input);
    }

    public JsonNode get(String runId) {
        JsonNode run = client.query(GraphQlDocuments.load("recorder-run"), Map.of("id", runId))
                .path("run");
        if (run.isNull() || run.isMissingNode()) {
            throw new CliException(1, "run '" + runId + "' not found");
        }
        return run;
    }

    /** The step runs of a pipeline run, in the order they started. */
    public List<JsonNode> steps(String pipelineRunId) {
        List<JsonNode> runs = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> vars = new HashMap<>();
            vars.put("p", pipelineRunId);
            vars.put("after", after);
            JsonNode page = client.query(GraphQlDocuments.load("recorder-pipeline-steps"), vars)
                    .path("runs");
            page.path("edges").forEach(e -> runs.add(e.path("node")));
            after = page.path("pageInfo").path("hasNextPage").asBoolean()
                    ? page.path("pageInfo").path("endCursor").asText()
                    : null;
        } while (after != null);
        return runs;
    }

    /** Successful runs with this cache key, oldest first. */
    public List<JsonNode> byCacheKey(String cacheKey) {
        JsonNode edges = client.query(GraphQlDocuments.load("recorder-by-cache-key"), Map.of("k", cacheKey))
                .path("runs")
                .path("edges");
        List<JsonNode> runs = new ArrayList<>();
        edges.forEach(e -> runs.add(e.path("node")));
        return runs;
    }
}
