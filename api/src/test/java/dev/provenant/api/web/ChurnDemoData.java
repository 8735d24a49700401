package dev.provenant.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.GraphQlClient;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what {@code provenant demo} records, through the same GraphQL mutations and artifact
 * endpoint the CLI uses: the churn pipeline (ingest → prepare → train → evaluate) with real bytes,
 * {@code dataset:customers@v1}, {@code model:churn@1} moved to STAGING, the pipeline again as cache
 * hits, an IDENTICAL replay of train, an unseeded variant whose replay is DIFFERENT, and a failed run.
 */
final class ChurnDemoData {

    private final String baseUrl;
    private final String token;
    private final GraphQlClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Bytes by name, as stored. */
    final Map<String, byte[]> files = new LinkedHashMap<>();

    String pipeline;
    String ingest;
    String prepare;
    String train;
    String evaluate;
    String pipeline2;
    String replay;
    String unseeded;
    String failed;

    ChurnDemoData(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.client = new GraphQlClient(baseUrl, token);
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores the bytes through PUT /api/artifacts/sha256:… and returns a run input/output map. */
    Map<String, Object> file(String name, String content) {
        return file(name, content, "FILE");
    }

    Map<String, Object> file(String name, String content, String kind) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        files.put(name, bytes);
        String digest = sha256(bytes);
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/api/artifacts/" + digest))
                            .header("Authorization", "Bearer " + token)
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("digest", digest);
        m.put("sizeBytes", (long) bytes.length);
        if (!"FILE".equals(kind)) {
            m.put("kind", kind);
        }
        return m;
    }

    private static Map<String, Object> in(Map<String, Object> out) {
        Map<String, Object> m = new LinkedHashMap<>(out);
        m.remove("kind");
        return m;
    }

    /**
     * Sends the document {@code web/churn/<field>} ({@code graphql-documents/web/churn/<field>.graphql}), which
     * selects {@code errors} and {@code id} of the mutation named as the file.
     */
    JsonNode mutate(String document, Map<String, Object> input) {
        String field = document.substring(document.lastIndexOf('/') + 1);
        GraphQlClient.Response r = client.post(GraphQlDocuments.load(document), Map.of("input", input));
        assertThat(r.errors().isMissingNode()).as("%s: %s", field, r.body()).isTrue();
        assertThat(r.data().path(field).path("errors"))
                .as("%s: %s", field, r.body())
                .isEmpty();
        return r.data().path(field);
    }

    JsonNode query(String query, Map<String, Object> variables) {
        GraphQlClient.Response r = client.post(query, variables);
        assertThat(r.errors().isMissingNode()).as(r.body().toString()).isTrue();
        return r.data();
    }

    /**
     * Stores a code snapshot as {@code provenant run} does: each file, then the manifest listing
     * them (the canonical form of {@code dev.provenant.artifacts.Manifest}, written by hand so the
     * test also checks the server reads what the recorder writes).
     */
    String snapshot(String name) {
        String step = "steps/" + Character.toUpperCase(name.charAt(0))
                + name.substring(1).replaceAll("[^A-Za-z]", "") + ".java";
        Map<String, String> tree = new java.util.TreeMap<>();
        tree.put("README.md", "# churn demo\n");
        tree.put(step, "// code of " + name + "\nclass Step { }\n");
        StringBuilder manifest = new StringBuilder("provenant-manifest 1\n");
        tree.forEach((path, content) -> {
            Map<String, Object> f = file(path, content);
            manifest.append("100644\t")
                    .append(f.get("digest"))
                    .append('\t')
                    .append(f.get("sizeBytes"))
                    .append('\t')
                    .append(path)
                    .append('\n');
        });
        return file(".snapshot-" + name, manifest.toString()).get("digest").toString();
    }

    private static List<Map<String, Object>> kv(String... pairs) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            list.add(Map.of("key", pairs[i], "value", pairs[i + 1]));
        }
        return list;
    }

    String start(
            String name,
            String pipelineRunId,
            String step,
            List<String> command,
            List<Map<String, Object>> params,
            List<Map<String, Object>> inputs,
            Map<String, Object> extra) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", name);
        if (pipelineRunId != null) {
            input.put("pipelineRunId", pipelineRunId);
            input.put("stepName", step);
        }
        input.put("command", command);
        input.put("parameters", params);
        input.put("inputs", inputs.stream().map(ChurnDemoData::in).toList());
        input.put(
                "code",
                Map.of(
                        "repository",
                        "demo",
                        "commit",
                        "5f1c2e9",
                        "branch",
                        "main",
                        "dirty",
                        false,
                        "snapshotDigest",
                        snapshot(name)));
        input.put("environment", kv("os.name", "Linux", "java.version", "17.0.13", "java.vendor", "Debian"));
        input.putAll(extra);
        return mutate("web/churn/startRun", input).path("id").asText();
    }

    void finish(
            String run,
            List<Map<String, Object>> outputs,
            Map<String, Double> metrics,
            int exit,
            long ms,
            String failure) {
        if (!outputs.isEmpty()) {
            mutate("web/churn/recordRunOutputs", Map.of("runId", run, "outputs", outputs));
        }
        if (!metrics.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            metrics.forEach((k, v) -> list.add(Map.of("name", k, "value", v)));
            mutate("web/churn/recordRunMetrics", Map.of("runId", run, "metrics", list));
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("runId", run);
        f.put("exitCode", exit);
        f.put("durationMillis", ms);
        if (failure != null) {
            f.put("failureReason", failure);
        }
        mutate("web/churn/finishRun", f);
    }

    ChurnDemoData record() {
        StringBuilder csv = new StringBuilder("id,tenure,monthly,churn\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i)
                    .append(',')
                    .append(i * 7 % 72)
                    .append(',')
                    .append(20 + i * 13 % 90)
                    .append(',')
                    .append(i % 3 == 0 ? 1 : 0)
                    .append('\n');
        }
        Map<String, Object> customers = file("data/customers.csv", csv.toString());
        Map<String, Object> trainCsv = file("data/train.csv", csv.substring(0, csv.length() / 2));
        Map<String, Object> testCsv = file("data/test.csv", csv.substring(csv.length() / 2));
        Map<String, Object> model = file("model/model.txt", "weights 0.4213 -1.2077 0.0831\nbias 0.118\n");
        Map<String, Object> trainLog = file("logs/train.log", "epoch 1 loss 0.693\nepoch 30 loss 0.412\n", "LOG");
        Map<String, Object> evalJson = file("metrics.json", "{\"accuracy\": 0.87, \"auc\": 0.91}\n");

        pipeline = start(
                "pipeline:churn",
                null,
                null,
                List.of("provenant", "pipeline", "run", "pipeline.yaml"),
                List.of(),
                List.of(),
                Map.of());
        ingest = start(
                "ingest",
                pipeline,
                "ingest",
                List.of("java", "steps/Ingest.java"),
                kv("seed", "7", "rows", "200"),
                List.of(),
                Map.of());
        finish(ingest, List.of(customers), Map.of("rows", 200.0), 0, 1400, null);
        prepare = start(
                "prepare",
                pipeline,
                "prepare",
                List.of("java", "steps/Prepare.java"),
                kv("split", "0.5"),
                List.of(customers),
                Map.of());
        finish(prepare, List.of(trainCsv, testCsv), Map.of(), 0, 1100, null);
        train = start(
                "train",
                pipeline,
                "train",
                List.of("java", "steps/Train.java"),
                kv("seed", "7", "epochs", "30", "learning-rate", "0.1"),
                List.of(trainCsv),
                Map.of());
        List<Map<String, Object>> points = new ArrayList<>();
        for (int epoch = 1; epoch <= 30; epoch++) {
            points.add(Map.of("name", "loss", "value", 0.41 + 0.28 * Math.exp(-epoch / 6.0), "step", epoch));
        }
        mutate("web/churn/recordRunMetricSeries", Map.of("runId", train, "points", points));
        finish(train, List.of(model, trainLog), Map.of("train_accuracy", 0.89), 0, 4200, null);
        evaluate = start(
                "evaluate",
                pipeline,
                "evaluate",
                List.of("java", "steps/Evaluate.java"),
                kv("threshold", "0.5"),
                List.of(model, testCsv),
                Map.of());
        finish(evaluate, List.of(evalJson), Map.of("accuracy", 0.87, "auc", 0.91), 0, 1300, null);
        finish(pipeline, List.of(), Map.of(), 0, 8500, null);

        mutate(
                "web/churn/registerDatasetVersion",
                Map.of(
                        "name",
                        "customers",
                        "version",
                        "v1",
                        "contentDigest",
                        customers.get("digest"),
                        "sizeBytes",
                        customers.get("sizeBytes"),
                        "sourceUri",
                        "demo://steps/Ingest.java",
                        "description",
                        "synthetic churn table, seed 7"));
        mutate(
                "web/churn/registerModelVersion",
                Map.of(
                        "name",
                        "churn",
                        "version",
                        "1",
                        "runId",
                        train,
                        "outputName",
                        "model/model.txt",
                        "description",
                        "logistic regression"));
        mutate(
                "web/churn/transitionModelStage",
                Map.of("id", "model:churn@1", "to", "STAGING", "reason", "held-out accuracy 0.870"));

        // the pipeline again: every step a cache hit of the first
        pipeline2 = start(
                "pipeline:churn",
                null,
                null,
                List.of("provenant", "pipeline", "run", "pipeline.yaml"),
                List.of(),
                List.of(),
                Map.of());
        String[][] steps = {{"ingest", ingest}, {"prepare", prepare}, {"train", train}, {"evaluate", evaluate}};
        List<List<Map<String, Object>>> outs =
                List.of(List.of(customers), List.of(trainCsv, testCsv), List.of(model, trainLog), List.of(evalJson));
        List<List<Map<String, Object>>> ins =
                List.of(List.of(), List.of(customers), List.of(trainCsv), List.of(model, testCsv));
        for (int i = 0; i < steps.length; i++) {
            String hit = start(
                    steps[i][0],
                    pipeline2,
                    steps[i][0],
                    List.of("java", "steps/" + steps[i][0] + ".java"),
                    kv("seed", "7"),
                    ins.get(i),
                    Map.of());
            mutate("web/churn/recordCacheHit", Map.of("runId", hit, "reusedRunId", steps[i][1]));
            finish(hit, outs.get(i), Map.of(), 0, 0, null);
        }
        finish(pipeline2, List.of(), Map.of(), 0, 300, null);

        // replay of train: IDENTICAL
        replay = start(
                "train",
                null,
                null,
                List.of("java", "steps/Train.java"),
                kv("seed", "7", "epochs", "30", "learning-rate", "0.1"),
                List.of(trainCsv),
                Map.of("replayOf", train));
        finish(replay, List.of(model, trainLog), Map.of("train_accuracy", 0.89), 0, 4100, null);
        mutate(
                "web/churn/recordReplayVerdict",
                Map.of("runId", replay, "verdict", "IDENTICAL", "comparedOutputs", 2, "comparedMetrics", 1));

        // an unseeded variant and its replay: DIFFERENT
        unseeded = start(
                "train-unseeded",
                null,
                null,
                List.of("java", "steps/Train.java"),
                kv("seed", "clock", "epochs", "30", "learning-rate", "0.1"),
                List.of(trainCsv),
                Map.of());
        Map<String, Object> model2 = file("model/model.txt", "weights 0.4102 -1.1950 0.0907\nbias 0.121\n");
        finish(unseeded, List.of(model2), Map.of("train_accuracy", 0.86), 0, 4300, null);
        String replay2 = start(
                "train-unseeded",
                null,
                null,
                List.of("java", "steps/Train.java"),
                kv("seed", "clock", "epochs", "30", "learning-rate", "0.1"),
                List.of(trainCsv),
                Map.of("replayOf", unseeded));
        Map<String, Object> model3 = file("model/model.txt", "weights 0.4391 -1.2231 0.0779\nbias 0.109\n");
        finish(replay2, List.of(model3), Map.of("train_accuracy", 0.88), 0, 4250, null);
        mutate(
                "web/churn/recordReplayVerdict",
                Map.of(
                        "runId",
                        replay2,
                        "verdict",
                        "DIFFERENT",
                        "comparedOutputs",
                        1,
                        "comparedMetrics",
                        1,
                        "differences",
                        List.of(Map.of(
                                "name",
                                "model/model.txt",
                                "originalDigest",
                                model2.get("digest"),
                                "originalSize",
                                model2.get("sizeBytes"),
                                "replayDigest",
                                model3.get("digest"),
                                "replaySize",
                                model3.get("sizeBytes"),
                                "detail",
                                "bytes differ"))));
        // restore the seeded model's bytes as the file of that name for the download check
        files.put("model/model.txt", "weights 0.4213 -1.2077 0.0831\nbias 0.118\n".getBytes(StandardCharsets.UTF_8));

        failed = start(
                "train",
                null,
                null,
                List.of("java", "steps/Train.java"),
                kv("seed", "7", "epochs", "300", "learning-rate", "5.0"),
                List.of(trainCsv),
                // run from an edited checkout on a newer JDK with a GPU: uncommitted changes and drift
                Map.of(
                        "code",
                        Map.of(
                                "repository",
                                "demo",
                                "commit",
                                "5f1c2e9",
                                "branch",
                                "main",
                                "dirty",
                                true,
                                "snapshotDigest",
                                snapshot("train")),
                        "environment",
                        kv(
                                "os.name",
                                "Linux",
                                "java.version",
                                "17.0.14",
                                "java.vendor",
                                "Debian",
                                "CUDA_VISIBLE_DEVICES",
                                "0")));
        finish(failed, List.of(), Map.of(), 1, 900, "loss diverged (NaN) at epoch 3");
        return this;
    }
}
