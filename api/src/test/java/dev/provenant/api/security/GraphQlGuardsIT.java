package dev.provenant.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Roles, and bounded answers to hostile GraphQL: the server refuses clearly and stays healthy. */
class GraphQlGuardsIT extends AbstractGraphQlIT {

    private GraphQlClient alice;
    private GraphQlClient readerClient;

    @BeforeEach
    void setUp() {
        alice = client(ProvenantTestSupport.ALICE_TOKEN);
        readerClient = client(ProvenantTestSupport.READER_TOKEN);
    }

    @Test
    void givenReaderToken_whenQuerying_thenAllowed_whenMutating_thenForbiddenAndNothingRecorded() throws Exception {
        GraphQlClient.Response info = readerClient.post(GraphQlDocuments.load("common/serverInfo"));
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.data().path("serverInfo").path("role").asText()).isEqualTo("READER");

        Map<String, Object> input = new HashMap<>();
        input.put("name", "readers-cannot");
        input.put("version", "v1");
        input.put("contentDigest", "sha256:" + "a".repeat(64));
        input.put("sizeBytes", 1);
        GraphQlClient.Response r =
                readerClient.post(GraphQlDocuments.load("common/registerDatasetVersion"), Map.of("input", input));
        assertThat(r.errors().get(0).path("extensions").path("classification").asText())
                .isEqualTo("FORBIDDEN");
        assertThat(r.errors().get(0).path("message").asText()).contains("carol").contains("READER");
        // an operation named to hide the mutation is still a mutation
        GraphQlClient.Response hidden = readerClient.post(
                GraphQlDocuments.load("security/hidden/named-mutation-without-operation-name"), Map.of("input", input));
        // two operations and no operationName: GraphQL itself refuses to pick one, nothing runs
        assertThat(hidden.errors()
                        .get(0)
                        .path("extensions")
                        .path("classification")
                        .asText())
                .isIn("FORBIDDEN", "ValidationError");
        assertThat(count("SELECT count(*) FROM domainevententry")).isZero();
    }

    @Test
    void givenDepthBomb_whenQuerying_thenRefusedWithAMessage() {
        // introspection types nest as deep as one likes: 40+ levels
        // generated on purpose, not a file: the attack is its size, which the loop states better than 40 nested lines
        StringBuilder deep = new StringBuilder("{ __schema { types { ");
        for (int i = 0; i < 20; i++) {
            deep.append("fields { type { ");
        }
        deep.append("name ");
        for (int i = 0; i < 20; i++) {
            deep.append("} } ");
        }
        deep.append("} } }");
        GraphQlClient.Response r = alice.post(deep.toString());
        assertThat(r.errors().get(0).path("message").asText()).containsIgnoringCase("depth");
        assertHealthy();
    }

    @Test
    void givenThousandAliases_whenQuerying_thenRefusedWithAMessage() {
        // generated on purpose, not a file: 1000 aliases of one field, an attack whose point is its repetition
        StringBuilder q = new StringBuilder("{ ");
        for (int i = 0; i < 1000; i++) {
            q.append("a").append(i).append(": serverInfo { version } ");
        }
        q.append("}");
        GraphQlClient.Response r = alice.post(q.toString());
        assertThat(r.errors().toString()).contains("aliases");
        assertThat(r.data().path("a0").isMissingNode() || r.data().path("a0").isNull())
                .isTrue();
        assertHealthy();
    }

    @Test
    void givenHugeVariables_whenPosting_then413AndNothingRecorded() throws Exception {
        Map<String, Object> input = new HashMap<>();
        input.put("name", "huge");
        input.put("version", "v1");
        input.put("contentDigest", "sha256:" + "a".repeat(64));
        input.put("sizeBytes", 1);
        input.put("description", "x".repeat(2 * 1024 * 1024));
        GraphQlClient.Response r =
                alice.post(GraphQlDocuments.load("common/registerDatasetVersion"), Map.of("input", input));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body().path("message").asText()).contains("exceeds");
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'dataset:huge@v1'"))
                .isZero();
        assertHealthy();
    }

    @Test
    void givenNegativeOrAbsurdDepthOrLimit_whenAskingLineage_thenBadRequestNamesTheArgument() {
        for (String args : new String[] {"depth: -1", "depth: 1000000", "limit: 0", "limit: 999999999"}) {
            String arg = args.substring(0, args.indexOf(':'));
            int value = Integer.parseInt(args.substring(args.indexOf(':') + 1).trim());
            GraphQlClient.Response r =
                    alice.post(GraphQlDocuments.load("security/lineage-depth-limit"), Map.of(arg, value));
            assertThat(r.errors().get(0).path("message").asText()).as(args).contains(arg + " must be between");
            assertThat(r.errors()
                            .get(0)
                            .path("extensions")
                            .path("classification")
                            .asText())
                    .isEqualTo("BAD_REQUEST");
        }
        GraphQlClient.Response badNode = alice.post(GraphQlDocuments.load("security/lineage-path-node"));
        assertThat(badNode.errors().get(0).path("message").asText()).contains("unknown type");
        assertHealthy();
    }

    @Test
    void givenNoToken_whenOpeningTheWebPage_thenItIsServedAndAsksForAToken() throws Exception {
        var page = getPublic("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Provenant").contains("/ui/app.js");
        // the app's modules and its GraphQL documents are public too; they ask for a token and then GraphQL
        assertThat(getPublic("/ui/api.js").body()).contains("Bearer token");
        assertThat(getPublic("/ui/lineage.js").body()).contains("gql(\"lineage\"");
        assertThat(getPublic("/ui/graphql/lineage.graphql").body()).contains("lineage(node:");
    }

    private java.net.http.HttpResponse<String> getPublic(String path) throws Exception {
        var res = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(path).isEqualTo(200);
        return res;
    }

    private void assertHealthy() {
        GraphQlClient.Response ok = alice.post(GraphQlDocuments.load("common/serverInfo"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.data().path("serverInfo").path("principal").asText()).isEqualTo("alice");
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
