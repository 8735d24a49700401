package dev.provenant.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;

/** {@code auditReport} over HTTP on real PostgreSQL, for a model recorded through the API with stored artifacts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditReportGraphQlIT extends AbstractGraphQlIT {

    @Autowired
    ArtifactStore store;

    private GraphQlClient alice;
    private String runId;
    private String inputDigest;
    private Instant beforeModel;

    private JsonNode ok(String document, Map<String, Object> input, String field) {
        GraphQlClient.Response r = alice.post(GraphQlDocuments.load(document), Map.of("input", input));
        assertThat(r.errors().isMissingNode())
                .as("%s: %s", document, r.errors())
                .isTrue();
        JsonNode payload = r.data().path(field);
        assertThat(payload.path("errors")).as("%s errors", document).isEmpty();
        return payload;
    }

    private String put(String content) {
        return store.put(content.getBytes(StandardCharsets.UTF_8)).digest().toString();
    }

    @BeforeAll
    void recordAModel() {
        alice = client(ProvenantTestSupport.ALICE_TOKEN);
        inputDigest = put("id,churned\n1,0\n2,1\n");
        String code = put("class Train {}");
        String model = put("model weights");
        ok(
                "common/registerDatasetVersion",
                Map.of("name", "customers", "version", "2026-01", "contentDigest", inputDigest, "sizeBytes", 17L),
                "registerDatasetVersion");
        Map<String, Object> start = new HashMap<>();
        start.put("name", "train");
        start.put("command", List.of("java", "Train.java"));
        start.put("parameters", List.of(Map.of("key", "seed", "value", "42")));
        start.put("code", Map.of("commit", "abc1234", "branch", "main", "dirty", false, "snapshotDigest", code));
        start.put("environment", List.of(Map.of("key", "os.name", "value", "Linux")));
        start.put(
                "inputs",
                List.of(Map.of(
                        "name",
                        "data/customers.csv",
                        "digest",
                        inputDigest,
                        "sizeBytes",
                        17L,
                        "datasetVersionId",
                        "dataset:customers@2026-01")));
        runId = ok("common/startRun", start, "startRun").path("run").path("id").asText();
        ok(
                "common/recordRunOutputs",
                Map.of(
                        "runId",
                        runId,
                        "outputs",
                        List.of(Map.of("name", "model.bin", "digest", model, "sizeBytes", 13L, "kind", "FILE"))),
                "recordRunOutputs");
        ok("common/finishRun", Map.of("runId", runId, "exitCode", 0, "durationMillis", 4200L), "finishRun");
        beforeModel = Instant.now();
        ok(
                "common/registerModelVersion",
                Map.of("name", "churn", "version", "1", "runId", runId, "outputName", "model.bin"),
                "registerModelVersion");
        ok(
                "common/transitionModelStage",
                Map.of("id", "model:churn@1", "to", "PRODUCTION", "reason", "beats baseline on holdout"),
                "transitionModelStage");
    }

    /** {@code auditReport} as the reader asks for it. */
    private GraphQlTester.Response report(String node, String format, Instant asOf) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("node", node);
        vars.put("format", format);
        vars.put("asOf", asOf == null ? null : asOf.toString());
        return reader.documentName("common/auditReport").variables(vars).execute();
    }

    private String content(String node, String format, Instant asOf) {
        return report(node, format, asOf)
                .path("auditReport.content")
                .entity(String.class)
                .get();
    }

    @Test
    void givenARecordedModel_whenReportingAsJson_thenTheClosureEventsAndProofAreThere() throws Exception {
        GraphQlTester.Response doc = report("model:churn@1", "JSON", null);
        doc.path("auditReport.verdict").entity(String.class).isEqualTo("VERIFIED");
        JsonNode r = new ObjectMapper()
                .readTree(doc.path("auditReport.content").entity(String.class).get())
                .path("report");

        assertThat(r.path("subject").path("id").asText()).isEqualTo("model:churn@1");
        assertThat(r.path("datasets").get(0).path("contentDigest").asText()).isEqualTo(inputDigest);
        assertThat(r.path("runs").get(0).path("id").asText()).isEqualTo(runId);
        assertThat(r.path("runs").get(0).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(r.path("runs").get(0).path("durationMillis").asLong()).isEqualTo(4200);
        assertThat(r.path("runs").get(0).path("parameters").path("seed").asText())
                .isEqualTo("42");
        // the run's environment with the properties it was started with (not just its digest)
        assertThat(r.path("environments")).hasSize(1);
        assertThat(r.path("environments")
                        .get(0)
                        .path("properties")
                        .path("os.name")
                        .asText())
                .isEqualTo("Linux");
        assertThat(r.path("models")
                        .get(0)
                        .path("transitions")
                        .get(0)
                        .path("reason")
                        .asText())
                .isEqualTo("beats baseline on holdout");
        assertThat(r.path("events").size()).isGreaterThanOrEqualTo(6);
        r.path("events").forEach(e -> {
            assertThat(e.path("principal").asText()).isEqualTo("alice");
            assertThat(e.path("intact").asBoolean()).isTrue();
        });
        JsonNode integrity = r.path("integrity");
        assertThat(integrity.path("checkpoint").path("signatureValid").asBoolean())
                .isTrue();
        assertThat(integrity.path("checkpoint").path("length").asLong())
                .isGreaterThanOrEqualTo(r.path("events")
                        .get(r.path("events").size() - 1)
                        .path("chainSeq")
                        .asLong());
        assertThat(integrity.path("verification").path("ok").asBoolean()).isTrue();
        assertThat(integrity.path("artifactChecks")).hasSize(3);
    }

    @Test
    void givenARecordedModel_whenReportingInEveryFormat_thenEachIsRendered() {
        String md = content("model:churn@1", "MD", null);
        String html = content("model:churn@1", "HTML", null);
        String prov = content(runId, "PROV_JSON", null);

        assertThat(md).startsWith("# Audit report: model:churn@1").contains(runId, "`dataset:customers@2026-01`");
        assertThat(md).contains("beats baseline on holdout").contains("**VERIFIED**");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains(runId);
        assertThat(prov)
                .contains("\"activity\"")
                .contains("\"wasAssociatedWith\"")
                .contains("agent:alice");
    }

    @Test
    void givenAsOfBeforeTheModelExisted_whenReporting_thenItIsNotFound() {
        report("model:churn@1", "MD", beforeModel)
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .first()
                        .satisfies(e -> assertThat(e.getMessage()).contains("not found as of")));
    }

    @Test
    void givenAsOfBeforeTheModel_whenReportingOnTheRun_thenLaterEventsAreLeftOut() throws Exception {
        JsonNode now = new ObjectMapper().readTree(content(runId, "JSON", null));
        JsonNode then = new ObjectMapper().readTree(content(runId, "JSON", beforeModel));

        assertThat(then.path("report").path("events").size())
                .isLessThan(now.path("report").path("events").size());
    }
}
