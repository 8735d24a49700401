package dev.provenant.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton over real HTTP on real PostgreSQL: GraphQL mutation → command → immutable
 * event with principal → projection → GraphQL query.
 */
class DatasetGraphQlIT extends AbstractGraphQlIT {

    private GraphQlClient alice;

    @BeforeEach
    void setUp() {
        alice = client(ProvenantTestSupport.ALICE_TOKEN);
    }

    private static Map<String, Object> input(String name, String version, char digestChar, long size) {
        Map<String, Object> input = new HashMap<>();
        input.put("name", name);
        input.put("version", version);
        input.put("contentDigest", "sha256:" + String.valueOf(digestChar).repeat(64));
        input.put("sizeBytes", size);
        return Map.of("input", input);
    }

    private JsonNode register(Map<String, Object> vars) {
        GraphQlClient.Response r = alice.post(GraphQlDocuments.load("common/registerDatasetVersion"), vars);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.errors().isMissingNode())
                .as("graphql errors: %s", r.errors())
                .isTrue();
        return r.data().path("registerDatasetVersion");
    }

    @Test
    void givenToken_whenRegisterDatasetVersion_thenQueryReturnsItWithPrincipalAndTheEventIsStored() throws Exception {
        Map<String, Object> vars = input("iris", "v1", 'a', 4551);
        @SuppressWarnings("unchecked")
        Map<String, Object> in = (Map<String, Object>) vars.get("input");
        in.put("sourceUri", "s3://raw/iris.csv");
        in.put("description", "Fisher's iris");

        JsonNode payload = register(vars);
        assertThat(payload.path("errors")).isEmpty();
        JsonNode dv = payload.path("datasetVersion");
        assertThat(dv.path("id").asText()).isEqualTo("dataset:iris@v1");
        assertThat(dv.path("registeredBy").asText()).isEqualTo("alice");
        assertThat(dv.path("sizeBytes").asLong()).isEqualTo(4551);

        GraphQlClient.Response one =
                alice.post(GraphQlDocuments.load("common/datasetVersion"), Map.of("id", "dataset:iris@v1"));
        assertThat(one.data().path("datasetVersion").path("contentDigest").asText())
                .isEqualTo("sha256:" + "a".repeat(64));
        assertThat(one.data().path("datasetVersion").path("registeredBy").asText())
                .isEqualTo("alice");

        // The event itself, in the event store, carries who in its metadata.
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT payloadtype, payloadrevision, payload, metadata, timestamp"
                        + " FROM domainevententry WHERE aggregateidentifier = 'dataset:iris@v1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("payloadtype")).endsWith("DatasetVersionRegisteredEvent");
            assertThat(rs.getString("payloadrevision")).isEqualTo("2");
            assertThat(new String(rs.getBytes("payload"), StandardCharsets.UTF_8))
                    .contains("Fisher's iris");
            assertThat(new String(rs.getBytes("metadata"), StandardCharsets.UTF_8))
                    .contains("\"principal\":\"alice\"");
            assertThat(rs.getString("timestamp")).isNotBlank();
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void givenRegistered_whenSameContentAgain_thenNoNewEvent_andOtherContentIsAConflict() throws Exception {
        register(input("wine", "2024-01", 'b', 10));
        JsonNode again = register(input("wine", "2024-01", 'b', 10));
        assertThat(again.path("errors")).isEmpty();
        assertThat(eventCount("dataset:wine@2024-01")).isEqualTo(1);

        JsonNode conflict = register(input("wine", "2024-01", 'c', 10));
        assertThat(conflict.path("datasetVersion").isNull()).isTrue();
        assertThat(conflict.path("errors").get(0).path("code").asText()).isEqualTo("CONFLICT");
        assertThat(conflict.path("errors").get(0).path("message").asText()).contains("sha256:" + "b".repeat(64));
        assertThat(eventCount("dataset:wine@2024-01")).isEqualTo(1);
    }

    @Test
    void givenMalformedInput_whenRegister_thenInvalidInputNamesTheFieldAndNothingIsRecorded() throws Exception {
        Map<String, Object> badDigest = input("bad", "v1", 'a', 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> in = (Map<String, Object>) badDigest.get("input");
        in.put("contentDigest", "md5:1234");
        JsonNode r = register(badDigest);
        assertThat(r.path("errors").get(0).path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(r.path("errors").get(0).path("field").asText()).isEqualTo("contentDigest");

        JsonNode badName = register(input("../etc", "v1", 'a', 1));
        assertThat(badName.path("errors").get(0).path("field").asText()).isEqualTo("name");

        JsonNode negative = register(input("neg", "v1", 'a', -5));
        assertThat(negative.path("errors").get(0).path("field").asText()).isEqualTo("sizeBytes");

        assertThat(eventCount("dataset:bad@v1") + eventCount("dataset:neg@v1")).isZero();
    }

    @Test
    void givenNoOrWrongToken_whenCallingGraphQl_then401AndNothingIsRecorded() throws Exception {
        GraphQlClient anonymous = client(null);
        GraphQlClient forged = client("not-a-real-token-at-all");
        assertThat(anonymous
                        .post(GraphQlDocuments.load("common/registerDatasetVersion"), input("x", "v1", 'a', 1))
                        .status())
                .isEqualTo(401);
        GraphQlClient.Response r =
                forged.post(GraphQlDocuments.load("common/registerDatasetVersion"), input("x", "v1", 'a', 1));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("message").asText()).contains("bearer token");
        assertThat(eventCount("dataset:x@v1")).isZero();
    }

    @Test
    void givenManyVersions_whenPaging_thenEveryVersionOnceInRegistrationOrder() {
        for (int i = 0; i < 7; i++) {
            register(input("paged", "v" + i, 'd', i));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, Object> vars = new HashMap<>();
            vars.put("first", 3);
            vars.put("after", after);
            vars.put("name", "paged");
            JsonNode page = alice.post(GraphQlDocuments.load("common/datasetVersions"), vars)
                    .data()
                    .path("datasetVersions");
            page.path("edges").forEach(e -> seen.add(e.path("node").path("id").asText()));
            after = page.path("pageInfo").path("hasNextPage").asBoolean()
                    ? page.path("pageInfo").path("endCursor").asText()
                    : null;
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen)
                .containsExactly(
                        "dataset:paged@v0",
                        "dataset:paged@v1",
                        "dataset:paged@v2",
                        "dataset:paged@v3",
                        "dataset:paged@v4",
                        "dataset:paged@v5",
                        "dataset:paged@v6");
    }

    @Test
    void givenBadCursorOrId_whenQuerying_thenBadRequestErrorNamesIt() {
        GraphQlClient.Response r =
                alice.post(GraphQlDocuments.load("common/datasetVersions"), Map.of("after", "garbage!"));
        assertThat(r.errors().get(0).path("message").asText()).contains("cursor 'garbage!'");
        assertThat(r.errors().get(0).path("extensions").path("classification").asText())
                .isEqualTo("BAD_REQUEST");

        GraphQlClient.Response id = alice.post(GraphQlDocuments.load("common/datasetVersion"), Map.of("id", "iris"));
        assertThat(id.errors().get(0).path("message").asText()).contains("dataset:<name>@<version>");
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
