package dev.provenant.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.ProvenantTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.context.TestPropertySource;

/** Floods are refused at the door, naming the cap and its setting; nothing is recorded. */
@TestPropertySource(
        properties = {
            "provenant.limits.max-inputs-per-run=2",
            "provenant.limits.max-outputs-per-run=2",
            "provenant.limits.max-parameters-per-run=2",
            "provenant.limits.max-datasets-per-openlineage-event=2"
        })
class LimitsIT extends AbstractGraphQlIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Map<String, Object>> inputs(int n) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Map.of("name", "in" + i, "digest", "sha256:" + "a".repeat(64), "sizeBytes", 1));
        }
        return l;
    }

    @Test
    void givenARunOverTheCaps_thenRefusedNamingTheCapAndNothingRecorded() throws Exception {
        long before = events();
        GraphQlTester.Response tooMany = admin.documentName("ops/startRun-codes")
                .variable("i", Map.of("name", "flood", "command", List.of("true"), "inputs", inputs(3)))
                .execute();
        tooMany.path("startRun.errors[0].code").entity(String.class).isEqualTo("INVALID_INPUT");
        assertThat(tooMany.path("startRun.errors[0].message")
                        .entity(String.class)
                        .get())
                .contains("inputs: 3 is more than the 2")
                .contains("provenant.limits.max-inputs-per-run");
        assertThat(events()).isEqualTo(before);

        String id = admin.documentName("ops/startRun-codes")
                .variable("i", Map.of("name", "ok", "command", List.of("true"), "inputs", inputs(2)))
                .execute()
                .path("startRun.run.id")
                .entity(String.class)
                .get();
        List<Map<String, Object>> two = List.of(
                Map.of("name", "a", "digest", "sha256:" + "b".repeat(64), "sizeBytes", 1),
                Map.of("name", "b", "digest", "sha256:" + "c".repeat(64), "sizeBytes", 1));
        admin.documentName("ops/recordRunOutputs-errors")
                .variable("i", Map.of("runId", id, "outputs", two))
                .execute()
                .path("recordRunOutputs.errors")
                .entityList(Object.class)
                .hasSize(0);
        long afterTwo = events();
        // cumulative: two more would make four
        List<Map<String, Object>> more =
                List.of(Map.of("name", "c", "digest", "sha256:" + "d".repeat(64), "sizeBytes", 1));
        assertThat(admin.documentName("ops/recordRunOutputs-errors")
                        .variable("i", Map.of("runId", id, "outputs", more))
                        .execute()
                        .path("recordRunOutputs.errors[0].message")
                        .entity(String.class)
                        .get())
                .contains("outputs: 3 is more than the 2");
        assertThat(events()).isEqualTo(afterTwo);
    }

    @Test
    void givenAnOpenLineageEventOverTheCap_thenThatEventIsRefusedAndTheRestOfTheBatchRecorded() throws Exception {
        long before = events();
        String big = event("01912345-6789-7abc-8def-0123456789a1", 3);
        String small = event("01912345-6789-7abc-8def-0123456789a2", 1);
        HttpResponse<String> one = post("/api/v1/lineage", big);
        assertThat(one.statusCode()).isEqualTo(400);
        assertThat(one.body()).contains("\"field\":\"outputs\"").contains("max-datasets-per-openlineage-event");
        assertThat(events()).isEqualTo(before);

        HttpResponse<String> batch = post("/api/v1/lineage/batch", "[" + small + "," + big + "]");
        JsonNode results = JSON.readTree(batch.body());
        assertThat(results.path("recorded").asInt()).isEqualTo(1);
        assertThat(results.path("results").get(1).path("status").asText()).isEqualTo("invalid");
        assertThat(results.path("results").get(1).path("field").asText()).isEqualTo("outputs");
    }

    private static String event(String runId, int outputs) {
        StringBuilder outs = new StringBuilder("[");
        for (int i = 0; i < outputs; i++) {
            outs.append(i == 0 ? "" : ",")
                    .append("{\"namespace\":\"s3://b\",\"name\":\"o")
                    .append(i)
                    .append("\"}");
        }
        outs.append("]");
        return "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"run\":{\"runId\":\"" + runId
                + "\"},\"job\":{\"namespace\":\"ns\",\"name\":\"job\"},\"outputs\":" + outs
                + ",\"producer\":\"https://example.com\",\"schemaURL\":"
                + "\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"}";
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + ProvenantTestSupport.ALICE_TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static long events() throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM domainevententry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
