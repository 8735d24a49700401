package dev.provenant.api.lineage;

import static dev.provenant.api.lineage.Recorder.digest;
import static dev.provenant.api.lineage.Recorder.io;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs, models, lineage, history, as-of, diff, idempotency and conflicts over HTTP on real PostgreSQL. */
class LineageGraphQlIT extends AbstractGraphQlIT {

    private GraphQlClient alice;
    private Recorder recorder;

    @BeforeEach
    void setUp() {
        alice = client(ProvenantTestSupport.ALICE_TOKEN);
        recorder = new Recorder(alice);
    }

    private JsonNode lineage(String node, String direction, int depth, Instant asOf) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("node", node);
        vars.put("direction", direction);
        vars.put("depth", depth);
        vars.put("asOf", asOf == null ? null : asOf.toString());
        GraphQlClient.Response r = alice.post(GraphQlDocuments.load("common/lineage"), vars);
        assertThat(r.errors().isMissingNode()).as("errors %s", r.errors()).isTrue();
        return r.data().path("lineage");
    }

    private static List<String> ids(JsonNode lineage) {
        return StreamSupport.stream(lineage.path("nodes").spliterator(), false)
                .map(n -> n.path("id").asText())
                .toList();
    }

    @Test
    void givenPipeline_whenAskingUpstreamOfModelAndDownstreamOfDataset_thenWholeStoryAndAsOfIsExact() throws Exception {
        String raw = digest('1');
        recorder.ok(
                "common/registerDatasetVersion",
                Map.of("name", "customers", "version", "2026-01", "contentDigest", raw, "sizeBytes", 1000),
                "registerDatasetVersion");
        String prepared = digest('2');
        String model = digest('3');
        String prep = recorder.run(
                "prepare", List.of(io("raw.csv", raw, 1000)), List.of(io("prepared.csv", prepared, 800)), "1");
        String train = recorder.run(
                "train", List.of(io("prepared.csv", prepared, 800)), List.of(io("model.bin", model, 50)), "42");
        // run() recorded a 'loss' metric and finished the run; metrics after the end are refused
        JsonNode late = recorder.mutate(
                "common/recordRunMetrics",
                Map.of("runId", train, "metrics", List.of(Map.of("name", "f1", "value", 0.5))),
                "recordRunMetrics");
        assertThat(late.path("errors").get(0).path("code").asText()).isEqualTo("CONFLICT");

        Instant beforeModel = Instant.now();
        Thread.sleep(20);
        JsonNode registered = recorder.ok(
                "common/registerModelVersion",
                Map.of("name", "churn", "version", "7", "runId", train, "outputName", "model.bin"),
                "registerModelVersion");
        assertThat(registered.path("modelVersion").path("digest").asText()).isEqualTo(model);

        JsonNode up = lineage("model:churn@7", "UPSTREAM", 10, null);
        assertThat(ids(up))
                .contains("model:churn@7", train, model, prepared, prep, raw, "dataset:customers@2026-01", digest('c'));
        assertThat(up.path("truncated").asBoolean()).isFalse();
        JsonNode down = lineage("dataset:customers@2026-01", "DOWNSTREAM", 10, null);
        assertThat(ids(down)).contains(raw, prep, prepared, train, model, "model:churn@7");
        // distances are hops from the root
        assertThat(StreamSupport.stream(down.path("nodes").spliterator(), false)
                        .filter(n -> n.path("id").asText().equals("model:churn@7"))
                        .findFirst()
                        .orElseThrow()
                        .path("distance")
                        .asInt())
                .isEqualTo(5); // dataset → raw → prepare → prepared → train → model

        JsonNode before = lineage("dataset:customers@2026-01", "DOWNSTREAM", 10, beforeModel);
        assertThat(ids(before)).contains(train).doesNotContain("model:churn@7");
        JsonNode depth1 = lineage("model:churn@7", "UPSTREAM", 1, null);
        assertThat(ids(depth1)).containsExactlyInAnyOrder("model:churn@7", train, model);

        // unknown node: empty graph, not an error
        assertThat(ids(lineage("model:nope@1", "UPSTREAM", 3, null))).isEmpty();
    }

    @Test
    void givenCycleThroughContentAddressing_whenTraversingBothWays_thenEachNodeOnceAndItTerminates() {
        String x = digest('a');
        String y = digest('b');
        String r1 = recorder.run("r1", List.of(io("x", x, 1)), List.of(io("y", y, 1)), "1");
        String r2 = recorder.run("r2", List.of(io("y", y, 1)), List.of(io("x", x, 1)), "1"); // y -> x closes a cycle
        JsonNode g = lineage(x, "BOTH", 50, null);
        List<String> ids = ids(g);
        assertThat(ids).doesNotHaveDuplicates().contains(x, y, r1, r2);
        JsonNode down = lineage(x, "DOWNSTREAM", 50, null);
        assertThat(ids(down)).doesNotHaveDuplicates().contains(r1, y, r2);
    }

    @Test
    void givenManyRunsOnOneInput_whenLimitIsSmall_thenTruncated() {
        String hub = digest('d');
        for (int i = 0; i < 6; i++) {
            recorder.run("fan" + i, List.of(io("hub", hub, 1)), List.of(), Integer.toString(i));
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("node", hub);
        vars.put("direction", "DOWNSTREAM");
        vars.put("depth", 2);
        vars.put("limit", 4);
        JsonNode g =
                alice.post(GraphQlDocuments.load("common/lineage"), vars).data().path("lineage");
        assertThat(g.path("truncated").asBoolean()).isTrue();
        assertThat(g.path("nodes")).hasSize(4);

        // the whole traversal, page by page: every node once, in the unpaged order
        String doc = GraphQlDocuments.load("lineage/lineage-page");
        List<String> all = ids(alice.post(doc, Map.of("node", hub)).data().path("lineage"));
        List<String> paged = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, Object> v = new HashMap<>();
            v.put("node", hub);
            v.put("first", 2);
            v.put("after", after);
            JsonNode page = alice.post(doc, v).data().path("lineage");
            assertThat(page.path("totalNodes").asInt()).isEqualTo(all.size());
            assertThat(page.path("nodes").size()).isLessThanOrEqualTo(2);
            page.path("edges")
                    .forEach(e -> assertThat(e.path("from").asText().equals(hub)
                                    || StreamSupport.stream(page.path("nodes").spliterator(), false)
                                            .anyMatch(n -> n.path("id")
                                                            .asText()
                                                            .equals(e.path("to").asText())
                                                    || n.path("id")
                                                            .asText()
                                                            .equals(e.path("from")
                                                                    .asText())))
                            .isTrue());
            paged.addAll(ids(page));
            after = page.path("pageInfo").path("hasNextPage").asBoolean()
                    ? page.path("pageInfo").path("endCursor").asText()
                    : null;
            pages++;
        } while (after != null && pages < 20);
        assertThat(paged).isEqualTo(all);
        assertThat(pages).isEqualTo((all.size() + 1) / 2);
    }

    @Test
    void givenModel_whenTransitionsByTwoPeople_thenHistoryAndAsOfStageShowWhoWhenWhy() throws Exception {
        String out = digest('e');
        String run = recorder.run("train", List.of(), List.of(io("model.bin", out, 5)), "7");
        recorder.ok(
                "common/registerModelVersion",
                Map.of("name", "fraud", "version", "1", "runId", run, "outputName", "model.bin"),
                "registerModelVersion");
        JsonNode staged = recorder.ok(
                "common/transitionModelStage",
                Map.of("id", "model:fraud@1", "to", "STAGING", "reason", "offline AUC 0.97"),
                "transitionModelStage");
        assertThat(staged.path("modelVersion").path("stage").asText()).isEqualTo("STAGING");
        Instant whileStaging = Instant.now();
        Thread.sleep(20);
        GraphQlClient bob = client(ProvenantTestSupport.BOB_TOKEN);
        new Recorder(bob)
                .ok(
                        "common/transitionModelStage",
                        Map.of("id", "model:fraud@1", "to", "PRODUCTION", "reason", "A/B test won"),
                        "transitionModelStage");

        JsonNode now = alice.post(GraphQlDocuments.load("common/modelVersion"), Map.of("id", "model:fraud@1"))
                .data()
                .path("modelVersion");
        assertThat(now.path("stage").asText()).isEqualTo("PRODUCTION");
        assertThat(now.path("transitions").get(1).path("principal").asText()).isEqualTo("bob");
        assertThat(now.path("transitions").get(1).path("reason").asText()).isEqualTo("A/B test won");
        JsonNode then = alice.post(
                        GraphQlDocuments.load("common/modelVersion"),
                        Map.of("id", "model:fraud@1", "asOf", whileStaging.toString()))
                .data()
                .path("modelVersion");
        assertThat(then.path("stage").asText()).isEqualTo("STAGING");

        JsonNode history = alice.post(GraphQlDocuments.load("common/history"), Map.of("node", "model:fraud@1"))
                .data()
                .path("history");
        List<String> types = StreamSupport.stream(history.path("events").spliterator(), false)
                .map(e -> e.path("eventType").asText().replaceAll(".*\\.", ""))
                .toList();
        assertThat(types)
                .containsExactly(
                        "ModelVersionRegisteredEvent", "ModelStageTransitionedEvent", "ModelStageTransitionedEvent");
        assertThat(history.path("events").get(2).path("principal").asText()).isEqualTo("bob");
        assertThat(history.path("events").get(1).path("payload").asText()).contains("offline AUC 0.97");

        JsonNode historyThen = alice.post(
                        GraphQlDocuments.load("common/history"),
                        Map.of("node", "model:fraud@1", "asOf", whileStaging.toString()))
                .data()
                .path("history");
        assertThat(historyThen.path("events")).hasSize(2);

        // history of the artifact includes the run that produced it
        JsonNode artifactHistory = alice.post(GraphQlDocuments.load("common/history"), Map.of("node", out))
                .data()
                .path("history");
        assertThat(artifactHistory.path("events").toString()).contains("RunOutputsRecordedEvent");
    }

    @Test
    void givenIdempotencyKey_whenStartRunSentTwice_thenSameRunAndOneEvent() throws Exception {
        Map<String, Object> start = new HashMap<>();
        start.put("name", "ingest");
        start.put("idempotencyKey", "airflow:dag1:task2:try1");
        start.put("command", List.of("python", "ingest.py"));
        String first = recorder.ok("common/startRun", start, "startRun")
                .path("run")
                .path("id")
                .asText();
        String second = recorder.ok("common/startRun", start, "startRun")
                .path("run")
                .path("id")
                .asText();
        assertThat(second).isEqualTo(first);
        assertThat(eventCount(first)).isEqualTo(1);

        Map<String, Object> transition =
                Map.of("id", "model:idem@1", "to", "STAGING", "reason", "r", "idempotencyKey", "k1");
        String out = digest('f');
        String run = recorder.run("train", List.of(), List.of(io("m", out, 1)), "1");
        recorder.ok(
                "common/registerModelVersion",
                Map.of("name", "idem", "version", "1", "runId", run, "outputName", "m"),
                "registerModelVersion");
        recorder.ok("common/transitionModelStage", transition, "transitionModelStage");
        recorder.ok("common/transitionModelStage", transition, "transitionModelStage");
        assertThat(eventCount("model:idem@1")).isEqualTo(2); // registered + one transition
    }

    @Test
    void givenTwoWritersWithTheSameExpectedVersion_whenBothTransition_thenOneWinsTheOtherGetsConflict()
            throws Exception {
        String out = digest('9');
        String run = recorder.run("train", List.of(), List.of(io("m", out, 1)), "1");
        JsonNode reg = recorder.ok(
                "common/registerModelVersion",
                Map.of("name", "race", "version", "1", "runId", run, "outputName", "m"),
                "registerModelVersion");
        long seen = reg.path("modelVersion").path("aggregateVersion").asLong();
        GraphQlClient bob = client(ProvenantTestSupport.BOB_TOKEN);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<JsonNode>> tasks = new ArrayList<>();
            tasks.add(() -> new Recorder(alice)
                    .mutate(
                            "common/transitionModelStage",
                            Map.of("id", "model:race@1", "to", "STAGING", "reason", "alice", "expectedVersion", seen),
                            "transitionModelStage"));
            tasks.add(() -> new Recorder(bob)
                    .mutate(
                            "common/transitionModelStage",
                            Map.of("id", "model:race@1", "to", "ARCHIVED", "reason", "bob", "expectedVersion", seen),
                            "transitionModelStage"));
            List<JsonNode> results = new ArrayList<>();
            for (Future<JsonNode> f : pool.invokeAll(tasks)) {
                results.add(f.get());
            }
            long wins = results.stream().filter(r -> r.path("errors").isEmpty()).count();
            assertThat(wins).isEqualTo(1);
            JsonNode loser = results.stream()
                    .filter(r -> !r.path("errors").isEmpty())
                    .findFirst()
                    .orElseThrow();
            assertThat(loser.path("errors").get(0).path("code").asText()).isEqualTo("CONFLICT");
            assertThat(eventCount("model:race@1")).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenTwoRuns_whenDiffed_thenOnlyDifferencesAreListed() {
        String a = recorder.run("train", List.of(io("data", digest('1'), 10)), List.of(io("m", digest('2'), 1)), "1");
        String b = recorder.run("train", List.of(io("data", digest('1'), 10)), List.of(io("m", digest('3'), 1)), "2");
        JsonNode diff = alice.post(GraphQlDocuments.load("common/diffRuns"), Map.of("a", a, "b", b))
                .data()
                .path("diffRuns");
        assertThat(diff.path("identical").asBoolean()).isFalse();
        assertThat(diff.path("inputs")).isEmpty();
        assertThat(diff.path("code")).isEmpty();
        assertThat(diff.path("parameters").get(0).path("key").asText()).isEqualTo("seed");
        assertThat(diff.path("parameters").get(0).path("a").asText()).isEqualTo("1");
        assertThat(diff.path("outputs").get(0).path("b").asText()).isEqualTo(digest('3'));
        assertThat(diff.path("metrics").get(0).path("key").asText()).isEqualTo("loss");
        JsonNode same = alice.post(GraphQlDocuments.load("common/diffRuns"), Map.of("a", a, "b", a))
                .data()
                .path("diffRuns");
        assertThat(same.path("identical").asBoolean()).isTrue();
    }

    @Test
    void givenBadRunInput_whenStarting_thenInvalidInputNamesItAndNothingIsRecorded() throws Exception {
        Map<String, Object> start = new HashMap<>();
        start.put("runId", "run:bad-input-1");
        start.put("name", "x");
        start.put("command", List.of("true"));
        start.put("inputs", List.of(io("data", "sha256:nothex", 1)));
        JsonNode r = recorder.mutate("common/startRun", start, "startRun");
        assertThat(r.path("errors").get(0).path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(r.path("errors").get(0).path("message").asText()).contains("input 'data' digest");
        assertThat(eventCount("run:bad-input-1")).isZero();

        JsonNode missing = recorder.mutate(
                "common/finishRun",
                Map.of("runId", "run:never-started", "exitCode", 0, "durationMillis", 1),
                "finishRun");
        assertThat(missing.path("errors").get(0).path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void givenOutputsAndMetricsWithTheEnd_whenFinishing_thenOneRequestRecordsAllOrNothing() throws Exception {
        String run = recorder.start("one-request-end", List.of(), "1", Map.of());
        int started = eventCount(run);
        Map<String, Object> end = new HashMap<>();
        end.put("runId", run);
        end.put("exitCode", 0);
        end.put("durationMillis", 1200);
        end.put("outputs", List.of(io("model", digest('9'), 42)));
        end.put("metrics", List.of(Map.of("name", "loss", "value", 0.25)));
        JsonNode finished =
                recorder.ok("common/finishRunWithResults", end, "finishRun").path("run");
        // read-your-writes: the answer already shows all three
        assertThat(finished.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(finished.path("outputs").get(0).path("name").asText()).isEqualTo("model");
        assertThat(finished.path("metrics").get(0).path("value").asDouble()).isEqualTo(0.25);
        assertThat(eventCount(run)).isEqualTo(started + 3); // outputs, metrics, completed
        // a resend records nothing
        recorder.ok("common/finishRunWithResults", end, "finishRun");
        assertThat(eventCount(run)).isEqualTo(started + 3);

        // a metric that contradicts a recorded one: a conflict, and nothing of the request is recorded
        String other = recorder.start("one-request-conflict", List.of(), "2", Map.of());
        recorder.ok(
                "common/recordRunMetrics",
                Map.of("runId", other, "metrics", List.of(Map.of("name", "loss", "value", 1.0))),
                "recordRunMetrics");
        int before = eventCount(other);
        Map<String, Object> contradicting = new HashMap<>(end);
        contradicting.put("runId", other);
        JsonNode refused = recorder.mutate("common/finishRunWithResults", contradicting, "finishRun");
        assertThat(refused.path("errors").get(0).path("code").asText()).isEqualTo("CONFLICT");
        assertThat(eventCount(other)).isEqualTo(before);
    }

    private static int eventCount(String aggregateId) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = '" + aggregateId + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
