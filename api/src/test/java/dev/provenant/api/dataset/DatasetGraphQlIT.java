package dev.provenant.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * The walking skeleton over real HTTP on real PostgreSQL: GraphQL mutation → command → immutable
 * event with principal → projection → GraphQL query.
 */
class DatasetGraphQlIT extends AbstractGraphQlIT {

    /** A page of {@code datasetVersions}: its node ids and where the next page starts. */
    record Page(List<Edge> edges, PageInfo pageInfo) {}

    record Edge(Node node) {}

    record Node(String id) {}

    record PageInfo(boolean hasNextPage, String endCursor) {}

    private static Map<String, Object> input(String name, String version, char digestChar, long size) {
        Map<String, Object> input = new HashMap<>();
        input.put("name", name);
        input.put("version", version);
        input.put("contentDigest", "sha256:" + String.valueOf(digestChar).repeat(64));
        input.put("sizeBytes", size);
        return input;
    }

    /** {@code registerDatasetVersion} by the admin (alice); its payload is at {@code registerDatasetVersion}. */
    private GraphQlTester.Response register(Map<String, Object> input) {
        return admin.documentName("common/registerDatasetVersion")
                .variable("input", input)
                .execute();
    }

    private static String firstError(GraphQlTester.Response r, String part) {
        return r.path("registerDatasetVersion.errors[0]." + part)
                .entity(String.class)
                .get();
    }

    @Test
    void givenToken_whenRegisterDatasetVersion_thenQueryReturnsItWithPrincipalAndTheEventIsStored() throws Exception {
        Map<String, Object> in = input("iris", "v1", 'a', 4551);
        in.put("sourceUri", "s3://raw/iris.csv");
        in.put("description", "Fisher's iris");

        register(in)
                .path("registerDatasetVersion.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("registerDatasetVersion.datasetVersion.id")
                .entity(String.class)
                .isEqualTo("dataset:iris@v1")
                .path("registerDatasetVersion.datasetVersion.registeredBy")
                .entity(String.class)
                .isEqualTo("alice")
                .path("registerDatasetVersion.datasetVersion.sizeBytes")
                .entity(Long.class)
                .isEqualTo(4551L);

        admin.documentName("common/datasetVersion")
                .variable("id", "dataset:iris@v1")
                .execute()
                .path("datasetVersion.contentDigest")
                .entity(String.class)
                .isEqualTo("sha256:" + "a".repeat(64))
                .path("datasetVersion.registeredBy")
                .entity(String.class)
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
        register(input("wine", "2024-01", 'b', 10))
                .path("registerDatasetVersion.errors")
                .entityList(Object.class)
                .hasSize(0);
        register(input("wine", "2024-01", 'b', 10))
                .path("registerDatasetVersion.errors")
                .entityList(Object.class)
                .hasSize(0);
        assertThat(eventCount("dataset:wine@2024-01")).isEqualTo(1);

        GraphQlTester.Response conflict = register(input("wine", "2024-01", 'c', 10));
        conflict.path("registerDatasetVersion.datasetVersion").valueIsNull();
        assertThat(firstError(conflict, "code")).isEqualTo("CONFLICT");
        assertThat(firstError(conflict, "message")).contains("sha256:" + "b".repeat(64));
        assertThat(eventCount("dataset:wine@2024-01")).isEqualTo(1);
    }

    @Test
    void givenMalformedInput_whenRegister_thenInvalidInputNamesTheFieldAndNothingIsRecorded() throws Exception {
        Map<String, Object> badDigest = input("bad", "v1", 'a', 1);
        badDigest.put("contentDigest", "md5:1234");
        GraphQlTester.Response r = register(badDigest);
        assertThat(firstError(r, "code")).isEqualTo("INVALID_INPUT");
        assertThat(firstError(r, "field")).isEqualTo("contentDigest");

        assertThat(firstError(register(input("../etc", "v1", 'a', 1)), "field")).isEqualTo("name");
        assertThat(firstError(register(input("neg", "v1", 'a', -5)), "field")).isEqualTo("sizeBytes");

        assertThat(eventCount("dataset:bad@v1") + eventCount("dataset:neg@v1")).isZero();
    }

    /** Looks at the HTTP status and body of a refused request, so through the raw JSON client, not a tester. */
    @Test
    void givenNoOrWrongToken_whenCallingGraphQl_then401AndNothingIsRecorded() throws Exception {
        GraphQlClient anonymous = client(null);
        GraphQlClient forged = client("not-a-real-token-at-all");
        assertThat(anonymous
                        .post(
                                GraphQlDocuments.load("common/registerDatasetVersion"),
                                Map.of("input", input("x", "v1", 'a', 1)))
                        .status())
                .isEqualTo(401);
        GraphQlClient.Response r = forged.post(
                GraphQlDocuments.load("common/registerDatasetVersion"), Map.of("input", input("x", "v1", 'a', 1)));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("message").asText()).contains("bearer token");
        assertThat(eventCount("dataset:x@v1")).isZero();
    }

    @Test
    void givenManyVersions_whenPaging_thenEveryVersionOnceInRegistrationOrder() {
        for (int i = 0; i < 7; i++) {
            register(input("paged", "v" + i, 'd', i))
                    .path("registerDatasetVersion.errors")
                    .entityList(Object.class)
                    .hasSize(0);
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Page page = admin.documentName("common/datasetVersions")
                    .variable("first", 3)
                    .variable("after", after)
                    .variable("name", "paged")
                    .execute()
                    .path("datasetVersions")
                    .entity(Page.class)
                    .get();
            page.edges().forEach(e -> seen.add(e.node().id()));
            after = page.pageInfo().hasNextPage() ? page.pageInfo().endCursor() : null;
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
        admin.documentName("common/datasetVersions")
                .variable("after", "garbage!")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).first().satisfies(e -> {
                    assertThat(e.getMessage()).contains("cursor 'garbage!'");
                    assertThat(e.getExtensions().get("classification")).isEqualTo("BAD_REQUEST");
                }));
        admin.documentName("common/datasetVersion")
                .variable("id", "iris")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .first()
                        .satisfies(e -> assertThat(e.getMessage()).contains("dataset:<name>@<version>")));
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
