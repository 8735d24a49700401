package dev.provenant.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No silent skips, and acknowledged means recorded: a projection that cannot apply an event stops
 * there (the other projections go on), the write that caused it is still acknowledged as recorded
 * with a note that the read model is behind, health turns DOWN naming the event, and after the fix
 * an admin's retryProcessor brings the read model back in line with the events.
 */
class ProjectionFaultIT extends AbstractProjectionFaultIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenAProjectionThatCannotApplyAnEvent_thenItStopsThereVisiblyAndCatchesUpAfterTheFix() throws Exception {
        String base = base();
        String adminToken = adminToken();
        GraphQlClient alice = alice();
        GraphQlClient admin = admin();
        GraphQlClient reader = new GraphQlClient(base, ProvenantTestSupport.READER_TOKEN);
        String register = GraphQlDocuments.load("ops/registerDatasetVersion-readModelBehind");

        GraphQlClient.Response ok = alice.post(register, Map.of("input", dataset("before", 'd', 3)));
        assertThat(ok.data()
                        .path("registerDatasetVersion")
                        .path("readModelBehind")
                        .asBoolean())
                .isFalse();

        // the datasets projection cannot apply this one event (a bug, a schema limit, a poison event...)
        sql("ALTER TABLE dataset_versions ADD CONSTRAINT poison CHECK (name <> 'during') NOT VALID");
        GraphQlClient.Response lagging = alice.post(register, Map.of("input", dataset("during", 'd', 3)));
        JsonNode payload = lagging.data().path("registerDatasetVersion");
        assertThat(lagging.errors().isMissingNode()).as("%s", lagging.body()).isTrue();
        assertThat(payload.path("errors")).isEmpty();
        assertThat(payload.path("readModelBehind").asBoolean()).isTrue();
        assertThat(payload.path("id").asText()).isEqualTo("dataset:during@v1");
        long index = count("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = 'dataset:during@v1'");

        // health names the processor, the event and the reason (details for admins only)
        JsonNode health = health(base, adminToken);
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        String details = health.path("components")
                .path("processors")
                .path("details")
                .path("datasets")
                .toString();
        assertThat(details).contains("cannot apply event #" + index).contains("DatasetVersionRegisteredEvent");
        JsonNode anonymous = health(base, null);
        assertThat(anonymous.path("status").asText()).isEqualTo("DOWN");
        assertThat(anonymous.path("components").isMissingNode()).isTrue();

        JsonNode processors =
                admin.post(GraphQlDocuments.load("ops/processors")).data().path("processors");
        JsonNode datasets = find(processors, "datasets");
        assertThat(datasets.path("error").asBoolean()).isTrue();
        assertThat(datasets.path("segments").toString()).contains("\"errorEventIndex\":" + index);
        // the other projections go on: lineage shows the dataset recorded while datasets is stuck
        assertThat(find(processors, "lineage").path("error").asBoolean()).isFalse();

        // only admins may retry
        GraphQlClient.Response refused = reader.post(GraphQlDocuments.load("ops/retryProcessor-datasets"));
        assertThat(refused.errors()
                        .get(0)
                        .path("extensions")
                        .path("classification")
                        .asText())
                .isIn("FORBIDDEN");

        // fix, retry, and the read model agrees with the events again
        sql("ALTER TABLE dataset_versions DROP CONSTRAINT poison");
        GraphQlClient.Response retried = admin.post(GraphQlDocuments.load("ops/retryProcessor-datasets-running"));
        assertThat(retried.data().path("retryProcessor").path("running").asBoolean())
                .as("%s", retried.body())
                .isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && count("SELECT count(*) FROM dataset_versions") < 2) {
            Thread.sleep(100);
        }
        assertThat(count("SELECT count(*) FROM dataset_versions")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%DatasetVersionRegistered%'"))
                .isEqualTo(2);
        while (System.nanoTime() < deadline
                && !health(base, adminToken).path("status").asText().equals("UP")) {
            Thread.sleep(100);
        }
        assertThat(health(base, adminToken).path("status").asText()).isEqualTo("UP");
        GraphQlClient.Response during = reader.post(GraphQlDocuments.load("ops/datasetVersion-during"));
        assertThat(during.data().path("datasetVersion").path("registeredBy").asText())
                .isEqualTo("alice");
    }

    private static JsonNode find(JsonNode processors, String name) {
        for (JsonNode p : processors) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no processor " + name + " in " + processors);
    }

    private static JsonNode health(String base, String token) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/actuator/health"));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(res.body());
    }
}
