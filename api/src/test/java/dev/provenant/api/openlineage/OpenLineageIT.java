package dev.provenant.api.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** OpenLineage ingestion driven by the real OpenLineage Java client over HTTP, on real PostgreSQL. */
@TestPropertySource(properties = "provenant.openlineage.max-bytes=300000")
class OpenLineageIT extends AbstractGraphQlIT {

    @org.springframework.beans.factory.annotation.Autowired
    org.axonframework.config.Configuration axon;

    @org.springframework.beans.factory.annotation.Autowired
    @org.springframework.beans.factory.annotation.Qualifier(dev.provenant.lineage.config.AggregateLocks.BEAN)
    org.axonframework.common.lock.LockFactory aggregateLocks;

    private OpenLineageClient client;
    private final OpenLineage ol =
            new OpenLineage(URI.create("https://github.com/apache/airflow/tree/providers-openlineage/1.9.0"));
    private GraphQlClient graphql;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() {
        HttpConfig config = new HttpConfig();
        config.setUrl(URI.create("http://127.0.0.1:" + port));
        ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
        auth.setApiKey(ProvenantTestSupport.ALICE_TOKEN);
        config.setAuth(auth);
        client = new OpenLineageClient(new HttpTransport(config));
        graphql = client(ProvenantTestSupport.ALICE_TOKEN);
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
    }

    private OpenLineage.RunEvent event(
            OpenLineage.RunEvent.EventType type,
            UUID runId,
            UUID parentRunId,
            List<OpenLineage.InputDataset> inputs,
            List<OpenLineage.OutputDataset> outputs,
            String error) {
        OpenLineage.RunFacetsBuilder facets =
                ol.newRunFacetsBuilder().processing_engine(ol.newProcessingEngineRunFacet("2.9.2", "Airflow", "1.9.0"));
        if (parentRunId != null) {
            facets.parent(ol.newParentRunFacet(
                    ol.newParentRunFacetRun(parentRunId), ol.newParentRunFacetJob("airflow", "churn_dag"), null));
        }
        if (error != null) {
            facets.errorMessage(ol.newErrorMessageRunFacet(error, "python", null));
        }
        OpenLineage.JobFacets jobFacets = ol.newJobFacetsBuilder()
                .sourceCodeLocation(ol.newSourceCodeLocationJobFacet(
                        "git",
                        URI.create("https://github.com/acme/pipelines"),
                        "https://github.com/acme/pipelines",
                        "dags/churn.py",
                        "4f3c2a1b",
                        null,
                        "main"))
                .build();
        return ol.newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.now())
                .run(ol.newRun(runId, facets.build()))
                .job(ol.newJob("airflow", "churn_dag.build_features", jobFacets))
                .inputs(inputs)
                .outputs(outputs)
                .build();
    }

    private OpenLineage.InputDataset input(String ns, String name) {
        return ol.newInputDataset(ns, name, null, null);
    }

    private OpenLineage.OutputDataset output(String ns, String name) {
        return ol.newOutputDataset(ns, name, null, null);
    }

    private JsonNode run(String id) {
        return graphql.post(GraphQlDocuments.load("openlineage/run"), Map.of("id", id))
                .data()
                .path("run");
    }

    /** The run once it has {@code status}; fails the test, saying what it saw, after 20 s. */
    private JsonNode awaitRun(String id, String status) {
        return await("run " + id + " reaching " + status)
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> run(id), r -> status.equals(r.path("status").asText()));
    }

    @Test
    void givenAirflowTaskWithParent_whenStartRunningComplete_thenOneRunWithInputsOutputsAndLineage() throws Exception {
        UUID dagRun = UUID.randomUUID();
        UUID taskRun = UUID.randomUUID();
        var in = List.of(input("postgres://warehouse:5432", "public.customers"));
        var out = List.of(output("s3://features", "churn/features.parquet"));
        client.emit(event(OpenLineage.RunEvent.EventType.START, taskRun, dagRun, in, List.of(), null));
        client.emit(event(OpenLineage.RunEvent.EventType.RUNNING, taskRun, dagRun, in, List.of(), null));
        client.emit(event(OpenLineage.RunEvent.EventType.COMPLETE, taskRun, dagRun, in, out, null));

        JsonNode r = awaitRun("run:" + taskRun, "SUCCEEDED");
        assertThat(r.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(r.path("name").asText()).isEqualTo("airflow.churn_dag.build_features");
        assertThat(r.path("pipelineRunId").asText()).isEqualTo("run:" + dagRun);
        assertThat(r.path("inputs")).hasSize(1);
        assertThat(r.path("inputs").get(0).path("datasetVersionId").asText())
                .startsWith("dataset:postgres_//warehouse_5432/public.customers@ol-");
        assertThat(r.path("outputs").toString())
                .contains("s3://features/churn/features.parquet")
                .contains("DATASET");
        assertThat(r.path("parameters").toString()).contains("code.version").contains("4f3c2a1b");
        assertThat(r.path("environment").toString()).contains("Airflow");

        String dataset = r.path("inputs").get(0).path("datasetVersionId").asText();
        JsonNode lineage = graphql.post(GraphQlDocuments.load("openlineage/lineage"), Map.of("n", dataset))
                .data()
                .path("lineage");
        List<String> ids = StreamSupport.stream(lineage.path("nodes").spliterator(), false)
                .map(n -> n.path("id").asText())
                .toList();
        assertThat(ids).contains("run:" + taskRun);

        // the raw events are kept verbatim in the run's history
        JsonNode history = graphql.post(GraphQlDocuments.load("openlineage/history"), Map.of("n", "run:" + taskRun))
                .data()
                .path("history")
                .path("events");
        long raw = StreamSupport.stream(history.spliterator(), false)
                .filter(e -> e.path("eventType").asText().endsWith("OpenLineageEventReceivedEvent"))
                .count();
        assertThat(raw).isEqualTo(3);
        assertThat(history.toString()).contains("churn_dag.build_features");
    }

    @Test
    void givenSparkJobThatFails_whenStartThenFail_thenFailedWithTheErrorMessage() throws Exception {
        UUID runId = UUID.randomUUID();
        client.emit(event(OpenLineage.RunEvent.EventType.START, runId, null, List.of(), List.of(), null));
        client.emit(event(
                OpenLineage.RunEvent.EventType.FAIL,
                runId,
                null,
                List.of(),
                List.of(),
                "OutOfMemoryError: Java heap space"));
        JsonNode r = awaitRun("run:" + runId, "FAILED");
        assertThat(r.path("failureReason").asText()).contains("OutOfMemoryError");
    }

    @Test
    void givenCompleteBeforeStart_whenBothArrive_thenMergedIntoOneSucceededRunWithBothDatasets() throws Exception {
        UUID runId = UUID.randomUUID();
        client.emit(event(
                OpenLineage.RunEvent.EventType.COMPLETE,
                runId,
                null,
                List.of(),
                List.of(output("s3://out", "late.csv")),
                null));
        client.emit(event(
                OpenLineage.RunEvent.EventType.START,
                runId,
                null,
                List.of(input("s3://in", "early.csv")),
                List.of(),
                null));
        awaitRun("run:" + runId, "SUCCEEDED");
        JsonNode r = await("run:" + runId + " showing its inputs")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> run("run:" + runId), run -> !run.path("inputs").isEmpty());
        assertThat(r.path("inputs").toString()).contains("s3://in/early.csv");
        assertThat(r.path("outputs").toString()).contains("s3://out/late.csv");
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String runEvent(String runId, String type) {
        return "{\"eventType\":\"" + type + "\",\"eventTime\":\"2026-11-23T10:00:00.000Z\","
                + "\"producer\":\"https://example.com/producer\","
                + "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
                + "\"run\":{\"runId\":\"" + runId + "\"},\"job\":{\"namespace\":\"dbt\",\"name\":\"models.orders\"},"
                + "\"inputs\":[],\"outputs\":[]}";
    }

    @Test
    void givenBadEvents_whenPosted_then400NamingTheFieldAndNothingRecorded() throws Exception {
        String id = UUID.randomUUID().toString();
        assertThat(post("/api/v1/lineage", "{not json", ProvenantTestSupport.ALICE_TOKEN)
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> noTime = post(
                "/api/v1/lineage",
                runEvent(id, "START").replace("\"eventTime\":\"2026-11-23T10:00:00.000Z\",", ""),
                ProvenantTestSupport.ALICE_TOKEN);
        assertThat(noTime.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noTime.body()).path("field").asText()).isEqualTo("eventTime");
        HttpResponse<String> badId =
                post("/api/v1/lineage", runEvent("not-a-uuid", "START"), ProvenantTestSupport.ALICE_TOKEN);
        assertThat(json.readTree(badId.body()).path("field").asText()).isEqualTo("run.runId");
        HttpResponse<String> wrongType = post(
                "/api/v1/lineage",
                runEvent(id, "START").replace("\"eventTime\":\"2026-11-23T10:00:00.000Z\"", "\"eventTime\":42"),
                ProvenantTestSupport.ALICE_TOKEN);
        assertThat(json.readTree(wrongType.body()).path("field").asText()).isEqualTo("eventTime");
        HttpResponse<String> badType =
                post("/api/v1/lineage", runEvent(id, "EXPLODED"), ProvenantTestSupport.ALICE_TOKEN);
        assertThat(json.readTree(badType.body()).path("field").asText()).isEqualTo("eventType");
        HttpResponse<String> noProducer = post(
                "/api/v1/lineage",
                runEvent(id, "START").replace("\"producer\":\"https://example.com/producer\",", ""),
                ProvenantTestSupport.ALICE_TOKEN);
        assertThat(json.readTree(noProducer.body()).path("field").asText()).isEqualTo("producer");
        HttpResponse<String> huge = post(
                "/api/v1/lineage",
                runEvent(id, "START").replace("\"inputs\":[]", "\"inputs\":[],\"pad\":\"" + "x".repeat(400_000) + "\""),
                ProvenantTestSupport.ALICE_TOKEN);
        assertThat(huge.statusCode()).isEqualTo(413);
        HttpResponse<String> reader = post("/api/v1/lineage", runEvent(id, "START"), ProvenantTestSupport.READER_TOKEN);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'run:" + id + "'"))
                .isZero();
    }

    @Test
    void givenBatchWithGoodBadAndDuplicateEvents_whenPosted_thenPerEventResultsAndDuplicatesChangeNothing()
            throws Exception {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String batch = "[" + runEvent(a, "START") + "," + runEvent("bad", "START") + "," + runEvent(a, "START") + ","
                + runEvent(b, "COMPLETE") + "]";
        HttpResponse<String> res = post("/api/v1/lineage/batch", batch, ProvenantTestSupport.ALICE_TOKEN);
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(res.body());
        List<String> statuses = StreamSupport.stream(body.path("results").spliterator(), false)
                .map(r -> r.path("status").asText())
                .toList();
        assertThat(statuses).containsExactly("recorded", "invalid", "duplicate", "recorded");
        assertThat(body.path("results").get(1).path("field").asText()).isEqualTo("run.runId");
        long events = count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'run:" + a + "'");
        HttpResponse<String> again = post("/api/v1/lineage", runEvent(a, "START"), ProvenantTestSupport.ALICE_TOKEN);
        assertThat(json.readTree(again.body()).path("status").asText()).isEqualTo("duplicate");
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'run:" + a + "'"))
                .isEqualTo(events);
        assertThat(post("/api/v1/lineage/batch", "{\"not\":\"an array\"}", ProvenantTestSupport.ALICE_TOKEN)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void givenDatasetAndJobEvents_whenPosted_thenKeptAndTheDatasetIsRegistered() throws Exception {
        client.emit(ol.newDatasetEventBuilder()
                .eventTime(ZonedDateTime.now())
                .dataset(ol.newStaticDatasetBuilder()
                        .namespace("s3://lake")
                        .name("raw/events")
                        .build())
                .build());
        client.emit(ol.newJobEventBuilder()
                .eventTime(ZonedDateTime.now())
                .job(ol.newJob("dbt", "models.daily", null))
                .inputs(List.of(input("s3://lake", "raw/events")))
                .outputs(List.of())
                .build());
        JsonNode versions = await("the job event's dataset version")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> graphql.post(GraphQlDocuments.load("openlineage/datasetVersions"))
                                .data()
                                .path("datasetVersions")
                                .path("edges"),
                        edges -> !edges.isEmpty());
        assertThat(versions).hasSize(1);
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier LIKE 'openlineage:%'"))
                .isEqualTo(2);
    }

    @Test
    void givenBatchWhoseOneEventCannotBeStored_whenPosted_thenNothingOfTheBatchIsRecorded() throws Exception {
        String a = UUID.randomUUID().toString();
        String poisoned = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String withInput = runEvent(b, "START")
                .replace(
                        "\"inputs\":[]",
                        "\"inputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"public.atomic_" + b + "\"}]");
        String batch = "[" + runEvent(a, "START") + "," + runEvent(poisoned, "START") + "," + withInput + ","
                + runEvent(a, "COMPLETE") + "]";
        long eventsBefore = count("SELECT count(*) FROM domainevententry");
        // the event store refuses the one event of that run (a full disk, a constraint, a bug...)
        sql("ALTER TABLE domainevententry ADD CONSTRAINT poison CHECK (aggregateidentifier <> 'run:" + poisoned
                + "') NOT VALID");
        HttpResponse<String> refused;
        try {
            refused = post("/api/v1/lineage/batch", batch, ProvenantTestSupport.ALICE_TOKEN);
        } finally {
            sql("ALTER TABLE domainevententry DROP CONSTRAINT poison");
        }
        assertThat(refused.statusCode()).as("%s", refused.body()).isGreaterThanOrEqualTo(500);
        assertThat(count("SELECT count(*) FROM domainevententry")).isEqualTo(eventsBefore);
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier LIKE 'dataset:%atomic_" + b
                        + "%'"))
                .isZero();

        // the same batch again, now storable: all of it, once
        HttpResponse<String> ok = post("/api/v1/lineage/batch", batch, ProvenantTestSupport.ALICE_TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        List<String> statuses = StreamSupport.stream(
                        json.readTree(ok.body()).path("results").spliterator(), false)
                .map(r -> r.path("status").asText())
                .toList();
        assertThat(statuses).containsExactly("recorded", "recorded", "recorded", "recorded");
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'run:" + poisoned + "'"))
                .isPositive();
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier LIKE 'dataset:%atomic_" + b
                        + "%'"))
                .isEqualTo(1);
        assertThat(awaitRun("run:" + a, "SUCCEEDED").path("status").asText()).isEqualTo("SUCCEEDED");
    }

    /**
     * New runs are created without reading the event store, which is only sound because the batch
     * holds the runs' locks before it asks which exist: two requests carrying events of the same
     * new run must serialize, not both create it (the later append would conflict and roll its
     * whole batch back, leaving a gap in the global index).
     */
    @Test
    void givenOneRunsEventsSplitOverConcurrentBatches_whenPosted_thenAllRecordedWithoutARolledBackAppend()
            throws Exception {
        // the locks the batch takes first are the ones every command on these aggregates takes
        for (Class<?> type : List.of(
                dev.provenant.lineage.run.command.RunAggregate.class,
                dev.provenant.lineage.dataset.command.DatasetVersionAggregate.class,
                dev.provenant.lineage.openlineage.command.OpenLineageStaticEventsAggregate.class)) {
            java.lang.reflect.Field f =
                    org.axonframework.modelling.command.LockingRepository.class.getDeclaredField("lockFactory");
            f.setAccessible(true);
            assertThat(f.get(axon.repository(type)))
                    .as("lock factory of %s", type)
                    .isSameAs(aggregateLocks);
        }
        long mark = count("SELECT coalesce(max(globalindex), 0) FROM domainevententry");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<String> runs = new java.util.ArrayList<>();
        try {
            for (int round = 0; round < 20; round++) {
                String a = UUID.randomUUID().toString();
                String b = UUID.randomUUID().toString();
                runs.add(a);
                runs.add(b);
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                // both batches hold events of both runs, in opposite order
                String first = "[" + runEvent(a, "START") + "," + runEvent(b, "COMPLETE") + "]";
                String second = "[" + runEvent(b, "START") + "," + runEvent(a, "COMPLETE") + "]";
                List<java.util.concurrent.Future<HttpResponse<String>>> sent = new java.util.ArrayList<>();
                for (String batch : List.of(first, second)) {
                    sent.add(pool.submit(() -> {
                        together.await();
                        return post("/api/v1/lineage/batch", batch, ProvenantTestSupport.ALICE_TOKEN);
                    }));
                }
                for (var f : sent) {
                    HttpResponse<String> res = f.get();
                    assertThat(res.statusCode()).as("%s", res.body()).isEqualTo(200);
                    assertThat(StreamSupport.stream(
                                            json.readTree(res.body())
                                                    .path("results")
                                                    .spliterator(),
                                            false)
                                    .map(r -> r.path("status").asText()))
                            .containsOnly("recorded");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // as many events as a run whose START and COMPLETE came in one request
        String reference = UUID.randomUUID().toString();
        assertThat(post(
                                "/api/v1/lineage/batch",
                                "[" + runEvent(reference, "START") + "," + runEvent(reference, "COMPLETE") + "]",
                                ProvenantTestSupport.ALICE_TOKEN)
                        .statusCode())
                .isEqualTo(200);
        long perRun =
                count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'run:" + reference + "'");
        assertThat(perRun).isGreaterThanOrEqualTo(2);
        for (String id : runs) {
            assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'run:" + id + "'"))
                    .as("events of run %s", id)
                    .isEqualTo(perRun);
        }
        // a batch whose append conflicted would have rolled back and left unused global indexes
        assertThat(count("SELECT max(globalindex) - min(globalindex) + 1 - count(*) FROM domainevententry"
                        + " WHERE globalindex > " + mark))
                .as("global indexes left unused by rolled-back appends")
                .isZero();
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
