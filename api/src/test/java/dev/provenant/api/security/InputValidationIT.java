package dev.provenant.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.testsupport.GraphQlDocumentFiles;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every stored string is validated at the edge: a NUL (or another control character, or a lone
 * surrogate) in any string input of any mutation is refused as BAD_REQUEST naming the field, and
 * nothing is recorded; over-long names are refused the same way instead of failing in the event
 * store; OpenLineage events with NUL are refused naming the JSON path, one per batch entry.
 *
 * <p>The mutations and their string inputs are enumerated from the schema files on the classpath,
 * so a new mutation is covered by this test without changes here.
 */
class InputValidationIT extends AbstractGraphQlIT {

    /** What each case puts into one string: the character and its U+ notation. */
    private static final Map<String, String> BAD = new LinkedHashMap<>();

    static {
        BAD.put("\u0000", "U+0000");
        BAD.put("\u0001", "U+0001");
        BAD.put("\u001b", "U+001B");
        BAD.put("\u007f", "U+007F");
        BAD.put("\uD800", "U+D800"); // a lone high surrogate
    }

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    // Escapes everything outside ASCII as \\uXXXX, so a lone surrogate reaches the server as one
    // (a UTF-8 encoder would turn it into '?').
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final HttpClient http = HttpClient.newHttpClient();

    // ---------------------------------------------------------------- GraphQL: every string input

    /** One generated request: a mutation with one bad string at {@code path}. */
    record Case(String mutation, String path, String codePoint, String document, Map<String, Object> variables) {}

    @TestFactory
    Stream<DynamicTest>
            givenControlCharacterOrLoneSurrogateInAnyStringInputOfAnyMutation_thenBadRequestNamingItAndNothingRecorded()
                    throws Exception {
        GraphQLSchema schema = GraphQlDocumentFiles.serverSchema();
        List<Case> all = new ArrayList<>();
        for (Map.Entry<String, String> bad : BAD.entrySet()) {
            all.addAll(cases(schema, "a" + bad.getKey() + "b", bad.getValue()));
        }
        List<String> covered =
                all.stream().map(c -> c.mutation() + " " + c.path()).distinct().toList();
        // the enumeration found what we know is there (and whatever is added later)
        assertThat(covered)
                .contains(
                        "registerDatasetVersion input.description",
                        "registerDatasetVersion input.name",
                        "startRun input.parameters[0].value",
                        "startRun input.command[0]",
                        "startRun input.code.branch",
                        "startRun input.inputs[0].name",
                        "transitionModelStage input.reason",
                        "recordReplayVerdict input.differences[0].detail",
                        "recordReplayVerdict input.environmentDrift[0]");
        Map<String, Long> perMutation =
                all.stream().collect(Collectors.groupingBy(Case::mutation, Collectors.counting()));
        assertThat(perMutation.keySet())
                .contains(
                        "registerDatasetVersion",
                        "registerModelVersion",
                        "transitionModelStage",
                        "startRun",
                        "recordRunOutputs",
                        "recordRunMetrics",
                        "finishRun",
                        "recordCacheHit",
                        "recordReplayVerdict",
                        "replayRun");
        assertThat(covered).hasSizeGreaterThan(40);

        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : all) {
            String codePoint = c.codePoint();
            tests.add(dynamicTest(c.mutation() + " " + c.path() + " " + codePoint, () -> {
                long before = events();
                JsonNode body = postGraphQl(c.document(), c.variables());
                JsonNode error = body.path("errors").path(0);
                assertThat(error.path("extensions").path("classification").asText())
                        .as(body.toString())
                        .isEqualTo("BAD_REQUEST");
                assertThat(error.path("message").asText())
                        .as(body.toString())
                        .startsWith(c.path() + ": ")
                        .contains(codePoint)
                        .contains("position 2");
                assertThat(error.path("extensions").path("field").asText()).isEqualTo(c.path());
                assertThat(error.path("path").path(0).asText()).isEqualTo(c.mutation());
                assertThat(events()).as("events recorded").isEqualTo(before);
            }));
        }
        return tests.stream();
    }

    @Test
    void givenTheSameInputsClean_whenSent_thenTheyDoRecord_soTheCountAboveMeansSomething() throws Exception {
        long before = events();
        Map<String, Object> dataset = new HashMap<>();
        dataset.put("name", "clean");
        dataset.put("version", "v1");
        dataset.put("contentDigest", DIGEST);
        dataset.put("sizeBytes", 1);
        dataset.put("description", "multi-line\n\tis fine\r\n");
        JsonNode ok = postGraphQl(
                GraphQlDocuments.load("security/registerDatasetVersion-description"), Map.of("input", dataset));
        assertThat(ok.path("data")
                        .path("registerDatasetVersion")
                        .path("datasetVersion")
                        .path("description")
                        .asText())
                .as(ok.toString())
                .isEqualTo("multi-line\n\tis fine\r\n");
        assertThat(events()).isEqualTo(before + 1);

        dataset.put("version", "v2");
        dataset.put("description", "NUL\u0000here");
        JsonNode bad =
                postGraphQl(GraphQlDocuments.load("security/registerDatasetVersion-code"), Map.of("input", dataset));
        assertThat(bad.path("errors").path(0).path("message").asText())
                .isEqualTo("input.description: contains control character U+0000 at position 4; remove it"
                        + " (only tab, line feed and carriage return are allowed)");
        assertThat(events()).isEqualTo(before + 1);
    }

    @Test
    void givenControlCharacterInALiteralOrAQueryArgument_thenBadRequestToo() throws Exception {
        long before = events();
        JsonNode literal = postGraphQl(GraphQlDocuments.load("security/registerDatasetVersion-nul-in-literal"), null);
        assertThat(literal.path("errors").path(0).path("message").asText())
                .startsWith("input.version: contains control character U+0000 at position 3");
        assertThat(literal.path("errors")
                        .path(0)
                        .path("extensions")
                        .path("classification")
                        .asText())
                .isEqualTo("BAD_REQUEST");
        JsonNode query = postGraphQl(GraphQlDocuments.load("security/runs"), Map.of("n", "tr\u0000ain"));
        assertThat(query.path("errors").path(0).path("message").asText())
                .startsWith("name: contains control character U+0000 at position 3");
        assertThat(query.path("errors")
                        .path(0)
                        .path("extensions")
                        .path("classification")
                        .asText())
                .isEqualTo("BAD_REQUEST");
        assertThat(events()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- over-long names

    @Test
    void givenOverLongNames_whenRegistering_thenBadRequestNamingTheField_andTheLongestAllowedIsStored()
            throws Exception {
        long before = events();
        JsonNode longName = registerDataset("n".repeat(201), "v1");
        assertBadRequest(longName, "input.name", "at most 200");

        // 200 + 47: the id would be 256 characters, more than the event store's aggregate id holds
        JsonNode longId = registerDataset("n".repeat(200), "v".repeat(47));
        assertBadRequest(longId, "input.version", "at most 246");
        assertThat(events()).isEqualTo(before);

        JsonNode longest = registerDataset("n".repeat(200), "v".repeat(46));
        assertThat(longest.path("data")
                        .path("registerDatasetVersion")
                        .path("datasetVersion")
                        .path("id")
                        .asText())
                .as(longest.toString())
                .hasSize(255);

        JsonNode model = postGraphQl(
                GraphQlDocuments.load("security/registerModelVersion"),
                Map.of(
                        "input",
                        Map.of(
                                "name",
                                "m".repeat(200),
                                "version",
                                "1".repeat(49),
                                "runId",
                                "run:" + UUID.randomUUID(),
                                "outputName",
                                "model.bin")));
        assertBadRequest(model, "input.version", "at most 248");
    }

    @Test
    void givenOverLongRunName_thenBadRequest_andTheLongestAllowedFitsTheReadModelsIndex() throws Exception {
        long before = events();
        JsonNode tooLong = startRun("r".repeat(513));
        assertBadRequest(tooLong, "input.name", "at most 512");
        assertThat(events()).isEqualTo(before);

        // 512 random 4-byte characters (2048 bytes of UTF-8, incompressible) still fit runs_name
        Random random = new Random(42);
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 512; i++) {
            name.appendCodePoint(0x20000 + random.nextInt(0xA6D0));
        }
        JsonNode ok = startRun(name.toString());
        assertThat(ok.path("data").path("startRun").path("run").path("name").asText())
                .as(ok.toString())
                .isEqualTo(name.toString());
    }

    private JsonNode registerDataset(String name, String version) throws Exception {
        Map<String, Object> in = new HashMap<>();
        in.put("name", name);
        in.put("version", version);
        in.put("contentDigest", DIGEST);
        in.put("sizeBytes", 1);
        return postGraphQl(GraphQlDocuments.load("security/registerDatasetVersion-field"), Map.of("input", in));
    }

    private JsonNode startRun(String name) throws Exception {
        return postGraphQl(
                GraphQlDocuments.load("security/startRun"),
                Map.of("input", Map.of("name", name, "command", List.of("true"))));
    }

    private static void assertBadRequest(JsonNode body, String field, String detail) {
        JsonNode error = body.path("errors").path(0);
        assertThat(error.path("extensions").path("classification").asText())
                .as(body.toString())
                .isEqualTo("BAD_REQUEST");
        assertThat(error.path("message").asText()).startsWith(field + ": ").contains(detail);
        assertThat(error.path("extensions").path("field").asText()).isEqualTo(field);
    }

    // ---------------------------------------------------------------- OpenLineage

    @Test
    void givenNulInJobName_whenPostingOneOpenLineageEvent_then400NamingJobNameAndNothingRecorded() throws Exception {
        long before = events();
        String id = UUID.randomUUID().toString();
        HttpResponse<String> res =
                postLineage("/api/v1/lineage", runEvent(id, "START").replace("models.orders", "models\\u0000orders"));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.path("error").asText()).isEqualTo("invalid_event");
        assertThat(body.path("field").asText()).isEqualTo("job.name");
        assertThat(body.path("message").asText()).contains("U+0000").doesNotContain("\u0000");

        HttpResponse<String> escape =
                postLineage("/api/v1/lineage", runEvent(id, "START").replace("models.orders", "models\\u001borders"));
        assertThat(escape.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(escape.body()).path("field").asText()).isEqualTo("job.name");

        HttpResponse<String> facetValue = postLineage(
                "/api/v1/lineage",
                runEvent(id, "START")
                        .replace(
                                "\"run\":{\"runId\":\"" + id + "\"}",
                                "\"run\":{\"runId\":\"" + id
                                        + "\",\"facets\":{\"custom\":{\"notes\":[\"fine\",\"not\\u0000fine\"]}}}"));
        assertThat(facetValue.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(facetValue.body()).path("field").asText()).isEqualTo("run.facets.custom.notes[1]");

        HttpResponse<String> facetKey = postLineage(
                "/api/v1/lineage",
                runEvent(id, "START")
                        .replace(
                                "\"run\":{\"runId\":\"" + id + "\"}",
                                "\"run\":{\"runId\":\"" + id + "\",\"facets\":{\"cus\\u0000tom\":{}}}"));
        assertThat(facetKey.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(facetKey.body()).path("field").asText()).isEqualTo("run.facets");
        assertThat(JSON.readTree(facetKey.body()).path("message").asText()).contains("a key contains");

        HttpResponse<String> longName =
                postLineage("/api/v1/lineage", runEvent(id, "START").replace("models.orders", "j".repeat(600)));
        assertThat(longName.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(longName.body()).path("field").asText()).isEqualTo("job.name");

        HttpResponse<String> badDataset = postLineage(
                "/api/v1/lineage",
                runEvent(id, "START")
                        .replace("\"inputs\":[]", "\"inputs\":[{\"namespace\":\"s3://in\",\"name\":\"a\\u0007b\"}]"));
        assertThat(badDataset.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badDataset.body()).path("field").asText()).isEqualTo("inputs[0].name");

        assertThat(events()).isEqualTo(before);
        // control characters are fine in free-text facets that are kept verbatim (only NUL is not)
        HttpResponse<String> escapeInFacet = postLineage(
                "/api/v1/lineage",
                runEvent(id, "START")
                        .replace(
                                "\"run\":{\"runId\":\"" + id + "\"}",
                                "\"run\":{\"runId\":\"" + id
                                        + "\",\"facets\":{\"custom\":{\"log\":\"\\u001b[31mred\"}}}"));
        assertThat(escapeInFacet.statusCode()).as(escapeInFacet.body()).isEqualTo(201);
    }

    @Test
    void givenBatchOfThreeWithTheMiddleBad_whenPosted_thenFirstAndThirdRecordedAndMiddleInvalidWithItsField()
            throws Exception {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        String batch = "[" + runEvent(a, "START") + ","
                + runEvent(b, "START").replace("models.orders", "models\\u0000orders") + "," + runEvent(c, "START")
                + "]";
        HttpResponse<String> res = postLineage("/api/v1/lineage/batch", batch);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.path("recorded").asInt()).isEqualTo(2);
        assertThat(body.path("invalid").asInt()).isEqualTo(1);
        JsonNode results = body.path("results");
        assertThat(results.get(0).path("status").asText()).isEqualTo("recorded");
        assertThat(results.get(1).path("status").asText()).isEqualTo("invalid");
        assertThat(results.get(1).path("field").asText()).isEqualTo("job.name");
        assertThat(results.get(1).path("message").asText()).contains("U+0000");
        assertThat(results.get(2).path("status").asText()).isEqualTo("recorded");
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'run:" + a + "'"))
                .isPositive();
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'run:" + b + "'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'run:" + c + "'"))
                .isPositive();
    }

    @Test
    void givenLongDatasetNameAndVersionFacet_whenPosted_thenRecordedWithAVersionIdThatFitsTheEventStore()
            throws Exception {
        String id = UUID.randomUUID().toString();
        String longName = "t".repeat(190);
        HttpResponse<String> res = postLineage(
                "/api/v1/lineage",
                runEvent(id, "START")
                        .replace(
                                "\"inputs\":[]",
                                "\"inputs\":[{\"namespace\":\"s3://lake\",\"name\":\"" + longName
                                        + "\",\"facets\":{\"version\":{\"datasetVersion\":\"" + "7".repeat(150)
                                        + "\"}}}]"));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier LIKE 'dataset:s3_//lake/"
                        + longName + "@v-%'"))
                .isEqualTo(1);
    }

    private static String runEvent(String runId, String type) {
        return "{\"eventType\":\"" + type + "\",\"eventTime\":\"2026-11-23T10:00:00.000Z\","
                + "\"producer\":\"https://example.com/producer\","
                + "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
                + "\"run\":{\"runId\":\"" + runId + "\"},\"job\":{\"namespace\":\"dbt\",\"name\":\"models.orders\"},"
                + "\"inputs\":[],\"outputs\":[]}";
    }

    private HttpResponse<String> postLineage(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + ProvenantTestSupport.ALICE_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------- the schema, and cases from it

    /** One case per string leaf of every mutation's arguments, each with {@code bad} in that leaf. */
    static List<Case> cases(GraphQLSchema schema, String bad, String codePoint) {
        List<Case> cases = new ArrayList<>();
        GraphQLObjectType mutation = schema.getMutationType();
        for (GraphQLFieldDefinition field : mutation.getFieldDefinitions()) {
            for (GraphQLArgument target : field.getArguments()) {
                for (List<Object> leaf : stringLeaves(target.getType(), new ArrayList<>())) {
                    Map<String, Object> variables = new LinkedHashMap<>();
                    StringBuilder declared = new StringBuilder();
                    StringBuilder passed = new StringBuilder();
                    for (GraphQLArgument a : field.getArguments()) {
                        boolean isTarget = a == target;
                        if (!isTarget && !(a.getType() instanceof GraphQLNonNull)) {
                            continue;
                        }
                        variables.put(a.getName(), value(a.getName(), a.getType(), isTarget ? leaf : null, bad));
                        declared.append(declared.isEmpty() ? "" : ", ")
                                .append('$')
                                .append(a.getName())
                                .append(": ")
                                .append(GraphQLTypeUtil.simplePrint(a.getType()));
                        passed.append(passed.isEmpty() ? "" : ", ")
                                .append(a.getName())
                                .append(": $")
                                .append(a.getName());
                    }
                    GraphQLType returned = GraphQLTypeUtil.unwrapAll(field.getType());
                    String selection = returned instanceof GraphQLScalarType || returned instanceof GraphQLEnumType
                            ? ""
                            : " { __typename }";
                    // generated on purpose, not a file: one mutation per string leaf of every mutation's input, from
                    // the schema
                    String document =
                            "mutation(" + declared + ") { " + field.getName() + "(" + passed + ")" + selection + " }";
                    cases.add(
                            new Case(field.getName(), target.getName() + pathOf(leaf), codePoint, document, variables));
                }
            }
        }
        return cases;
    }

    /** Paths (field names and list index 0) to every String or ID inside {@code type}. */
    private static List<List<Object>> stringLeaves(GraphQLInputType type, List<Object> prefix) {
        GraphQLType t = GraphQLTypeUtil.unwrapNonNull(type);
        List<List<Object>> out = new ArrayList<>();
        if (t instanceof GraphQLList list) {
            List<Object> p = new ArrayList<>(prefix);
            p.add(0);
            out.addAll(stringLeaves((GraphQLInputType) list.getWrappedType(), p));
        } else if (t instanceof GraphQLInputObjectType object) {
            if (prefix.stream().filter(String.class::isInstance).count() > 5) {
                return out; // a recursive input type: deep enough
            }
            for (GraphQLInputObjectField f : object.getFieldDefinitions()) {
                List<Object> p = new ArrayList<>(prefix);
                p.add(f.getName());
                out.addAll(stringLeaves(f.getType(), p));
            }
        } else if (t instanceof GraphQLScalarType s
                && (s.getName().equals("String") || s.getName().equals("ID"))) {
            out.add(prefix);
        }
        return out;
    }

    /**
     * A value of {@code type}: {@code bad} at the end of {@code leaf} (when not null), required
     * fields with plausible clean values, optional fields left out.
     */
    private static Object value(String name, GraphQLInputType type, List<Object> leaf, String bad) {
        GraphQLType t = GraphQLTypeUtil.unwrapNonNull(type);
        if (t instanceof GraphQLList list) {
            List<Object> rest = leaf == null ? null : leaf.subList(1, leaf.size());
            return List.of(value(name, (GraphQLInputType) list.getWrappedType(), rest, bad));
        }
        if (t instanceof GraphQLInputObjectType object) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (GraphQLInputObjectField f : object.getFieldDefinitions()) {
                boolean onPath = leaf != null && !leaf.isEmpty() && leaf.get(0).equals(f.getName());
                if (onPath) {
                    fields.put(f.getName(), value(f.getName(), f.getType(), leaf.subList(1, leaf.size()), bad));
                } else if (f.getType() instanceof GraphQLNonNull && !f.hasSetDefaultValue()) {
                    fields.put(f.getName(), value(f.getName(), f.getType(), null, bad));
                }
            }
            return fields;
        }
        if (t instanceof GraphQLEnumType e) {
            return e.getValues().get(e.getValues().size() - 1).getName();
        }
        if (leaf != null) {
            return bad;
        }
        return switch (((GraphQLScalarType) t).getName()) {
            case "Int", "Long" -> 1;
            case "Float" -> 1.0;
            case "Boolean" -> false;
            case "DateTime" -> "2026-01-05T10:00:00Z";
            default -> cleanString(name);
        };
    }

    /** A clean value that would pass the commands' own checks, so only the bad field is at fault. */
    private static String cleanString(String field) {
        String f = field.toLowerCase(java.util.Locale.ROOT);
        if (f.endsWith("digest") || f.equals("cachekey")) {
            return DIGEST;
        }
        if (f.endsWith("runid") || f.equals("replayof")) {
            return "run:" + UUID.randomUUID();
        }
        if (f.equals("id")) {
            return "model:m@1";
        }
        if (f.equals("datasetversionid")) {
            return "dataset:d@1";
        }
        if (f.equals("version")) {
            return "1";
        }
        return "x";
    }

    private static String pathOf(List<Object> leaf) {
        StringBuilder sb = new StringBuilder();
        for (Object step : leaf) {
            sb.append(step instanceof Integer i ? "[" + i + "]" : "." + step);
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- plumbing

    private JsonNode postGraphQl(String query, Map<String, Object> variables) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        if (variables != null) {
            body.put("variables", variables);
        }
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + ProvenantTestSupport.ALICE_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private static long events() throws Exception {
        return count("SELECT count(*) FROM domainevententry");
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
