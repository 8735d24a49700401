package dev.provenant.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate, attacked over real HTTP (raw sockets, so no client library normalises what we send):
 * path spellings, charsets, content types, roles, Host headers, sizes. Each refusal is checked
 * together with the event count: nothing may be recorded by a refused request.
 */
class SecurityIT extends AbstractGraphQlIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String RUNS_QUERY = body(Map.of("query", GraphQlDocuments.load("security/runs-commands")));

    static String registerDataset(String name) {
        Map<String, Object> input =
                Map.of("name", name, "version", "v1", "contentDigest", "sha256:" + "a".repeat(64), "sizeBytes", 1);
        return body(Map.of(
                "query",
                GraphQlDocuments.load("security/registerDatasetVersion-input"),
                "variables",
                Map.of("input", input)));
    }

    /** A request body as JSON text: the raw HTTP tests below send bytes, not a client's request. */
    static String body(Object request) {
        try {
            return JSON.writeValueAsString(request);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every spelling of the GraphQL path an attacker tried, or might. */
    static final List<String> GRAPHQL_SPELLINGS = List.of(
            "/graphql",
            "/graphql;",
            "/graphql;x=y",
            "/graphql;jsessionid=1",
            "/graphql/",
            "/graphql//",
            "//graphql",
            "/./graphql",
            "/x/../graphql",
            "/%2e/graphql",
            "/graphql%2f",
            "/%67raphql",
            "/GRAPHQL",
            "/GraphQL",
            "/graphql%00",
            "/graphql%3b",
            "/graphql%20",
            "/graphql?x=;",
            "/api/../graphql",
            "/graphql\\");

    @Test
    void givenNoToken_whenPostingToAnySpellingOfTheGraphQlPath_thenNeverAnswersWithData() throws Exception {
        long before = events();
        for (String path : GRAPHQL_SPELLINGS) {
            for (String body : List.of(RUNS_QUERY, registerDataset("anon"))) {
                Raw r = post(path, "application/json", body.getBytes(StandardCharsets.UTF_8), null, "127.0.0.1");
                assertThat(r.status()).as("%s answered %s", path, r).isIn(400, 401, 403, 404, 405);
                assertThat(r.body()).as(path).doesNotContain("\"data\"");
            }
        }
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void givenReaderToken_whenPostingAMutationToAnySpelling_thenRefusedAndNothingRecorded() throws Exception {
        long before = events();
        for (String path : GRAPHQL_SPELLINGS) {
            Raw r = post(
                    path,
                    "application/json",
                    registerDataset("reader-" + Math.abs(path.hashCode())).getBytes(StandardCharsets.UTF_8),
                    ProvenantTestSupport.READER_TOKEN,
                    "127.0.0.1");
            if (r.status() == 200) {
                JsonNode b = JSON.readTree(r.body());
                assertThat(b.path("errors")
                                .get(0)
                                .path("extensions")
                                .path("classification")
                                .asText())
                        .as(path)
                        .isEqualTo("FORBIDDEN");
                assertThat(b.path("errors").get(0).path("message").asText())
                        .contains("carol")
                        .contains("READER");
                assertThat(b.path("data").path("registerDatasetVersion").isMissingNode()
                                || b.path("data").path("registerDatasetVersion").isNull())
                        .isTrue();
            } else {
                assertThat(r.status()).as("%s answered %s", path, r).isIn(400, 403, 404, 405);
            }
        }
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void givenReaderToken_whenTheBodyHidesTheMutation_thenStillRefused() throws Exception {
        long before = events();
        // not valid UTF-8 (0xE9 alone), declared ISO-8859-1: the old filter could not parse it and let it pass
        byte[] latin = body(Map.of("query", GraphQlDocuments.load("security/hidden/latin-comment")))
                .getBytes(StandardCharsets.ISO_8859_1);
        List<String> types = List.of(
                "application/json; charset=ISO-8859-1",
                "application/json; charset=UTF-16",
                "application/json; charset=bogus",
                "application/json",
                "application/graphql-response+json",
                "text/plain",
                "application/x-www-form-urlencoded");
        for (String type : types) {
            Raw r = post("/graphql", type, latin, ProvenantTestSupport.READER_TOKEN, "127.0.0.1");
            assertThat(r.body()).as(type).doesNotContain("\"registerDatasetVersion\":{");
        }
        // operation names, batching tricks and comments
        Map<String, Object> noOperationName = new java.util.LinkedHashMap<>();
        noOperationName.put("query", GraphQlDocuments.load("security/invalid/anonymous-mutation-beside-a-query"));
        noOperationName.put("operationName", null);
        List<String> tricks = List.of(
                body(noOperationName),
                body(Map.of(
                        "query",
                        GraphQlDocuments.load("security/hidden/named-mutation-beside-a-query"),
                        "operationName",
                        "M")),
                body(List.of(Map.of("query", GraphQlDocuments.load("security/hidden/mutation")))),
                body(Map.of("query", GraphQlDocuments.load("security/hidden/commented-keyword"))));
        for (String body : tricks) {
            Raw r = post(
                    "/graphql",
                    "application/json",
                    body.getBytes(StandardCharsets.UTF_8),
                    ProvenantTestSupport.READER_TOKEN,
                    "127.0.0.1");
            assertThat(r.body()).as(body).doesNotContain("\"registerDatasetVersion\":{");
        }
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void givenReaderToken_whenCallingEveryMutation_thenEachIsForbidden() throws Exception {
        long before = events();
        for (String m : List.of(
                "security/every-mutation/registerDatasetVersion",
                "security/every-mutation/registerModelVersion",
                "security/every-mutation/transitionModelStage",
                "security/every-mutation/startRun",
                "security/every-mutation/finishRun",
                "security/every-mutation/verifyLedger",
                "security/every-mutation/replayRun",
                "security/every-mutation/cancelReplayJob")) {
            Raw r = post(
                    "/graphql",
                    "application/json",
                    JSON.writeValueAsBytes(Map.of("query", GraphQlDocuments.load(m))),
                    ProvenantTestSupport.READER_TOKEN,
                    "127.0.0.1");
            JsonNode b = JSON.readTree(r.body());
            // every document is valid against the schema (TestDocumentsTest), so the refusal is the role's
            String classification = b.path("errors")
                    .get(0)
                    .path("extensions")
                    .path("classification")
                    .asText();
            assertThat(classification).as("%s -> %s", m, r.body()).isEqualTo("FORBIDDEN");
        }
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void givenRecorderToken_whenAskingForServerSideReplay_thenForbiddenAndNothingQueued() throws Exception {
        long before = events();
        Raw r = post(
                "/graphql",
                "application/json",
                JSON.writeValueAsBytes(Map.of("query", GraphQlDocuments.load("security/replayRun"))),
                ProvenantTestSupport.BOB_TOKEN,
                "127.0.0.1");
        JsonNode b = JSON.readTree(r.body());
        assertThat(b.path("errors")
                        .get(0)
                        .path("extensions")
                        .path("classification")
                        .asText())
                .isEqualTo("FORBIDDEN");
        assertThat(b.path("errors").get(0).path("message").asText())
                .contains("bob")
                .contains("replayRun");
        assertThat(b.path("data").path("replayRun").path("job").isObject()).isFalse();
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void givenReaderOrNoToken_whenPostingOpenLineage_thenRefusedAndNothingRecorded() throws Exception {
        long before = events();
        String event = "{\"eventType\":\"START\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"run\":{\"runId\":"
                + "\"01912345-6789-7abc-8def-0123456789ab\"},\"job\":{\"namespace\":\"ns\",\"name\":\"job\"},"
                + "\"producer\":\"https://example.com\",\"schemaURL\":"
                + "\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"}";
        for (String path : List.of(
                "/api/v1/lineage",
                "/api/v1/lineage/batch",
                "/api/v1/lineage;",
                "/api/v1/lineage/",
                "/api//v1/lineage",
                "/api/v1/%6cineage",
                "/API/v1/lineage")) {
            String body = path.contains("batch") ? "[" + event + "]" : event;
            Raw anon = post(path, "application/json", body.getBytes(StandardCharsets.UTF_8), null, "127.0.0.1");
            assertThat(anon.status()).as("%s %s", path, anon).isIn(400, 401);
            Raw reader = post(
                    path,
                    "application/json",
                    body.getBytes(StandardCharsets.UTF_8),
                    ProvenantTestSupport.READER_TOKEN,
                    "127.0.0.1");
            // 404: a spelling that routes nowhere (paths are case-sensitive)
            assertThat(reader.status()).as("%s %s", path, reader).isIn(400, 403, 404);
        }
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void givenUnknownOrMalformedToken_whenCallingAnything_then401() throws Exception {
        for (String auth : List.of(
                "Bearer nope-0123456789abcdef",
                "Bearer ",
                "Basic YWxpY2U6YWxpY2U=",
                "bearer " + ProvenantTestSupport.ALICE_TOKEN + "x",
                "Bearer " + ProvenantTestSupport.ALICE_TOKEN + " extra")) {
            Raw r = post(
                    "/graphql",
                    "application/json",
                    RUNS_QUERY.getBytes(StandardCharsets.UTF_8),
                    null,
                    "127.0.0.1",
                    auth);
            assertThat(r.status()).as(auth).isEqualTo(401);
            assertThat(r.headers()).containsIgnoringCase("WWW-Authenticate: Bearer");
        }
        // the token is case-sensitive; the scheme is not
        Raw ok = post(
                "/graphql",
                "application/json",
                RUNS_QUERY.getBytes(StandardCharsets.UTF_8),
                null,
                "127.0.0.1",
                "bearer " + ProvenantTestSupport.ALICE_TOKEN);
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void givenAForeignHostHeader_whenCallingTheLoopbackServer_then421() throws Exception {
        for (String host :
                List.of("evil.example", "evil.example:" + port, "127.0.0.1.evil.example", "localhost.evil", "")) {
            Raw r = post(
                    "/graphql",
                    "application/json",
                    RUNS_QUERY.getBytes(StandardCharsets.UTF_8),
                    ProvenantTestSupport.ALICE_TOKEN,
                    host);
            assertThat(r.status()).as("Host: %s -> %s", host, r).isIn(400, 421);
        }
        Raw page = get("/", "rebind.attacker.example");
        assertThat(page.status()).isEqualTo(421);
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST")) {
            Raw r = post(
                    "/graphql",
                    "application/json",
                    RUNS_QUERY.getBytes(StandardCharsets.UTF_8),
                    ProvenantTestSupport.ALICE_TOKEN,
                    host);
            assertThat(r.status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void givenACrossOriginPreflight_thenNoCorsHeadersAreGranted() throws Exception {
        Raw r = raw(
                "OPTIONS /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
                        + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization\r\n"
                        + "Connection: close\r\n\r\n",
                new byte[0]);
        assertThat(r.headers()).doesNotContainIgnoringCase("Access-Control-Allow-Origin");
    }

    @Test
    void givenAnOversizedBody_whenPostingToAnySpellingOrChunked_then413OrRefused() throws Exception {
        long before = events();
        byte[] big = body(Map.of(
                        "query",
                        GraphQlDocuments.load("security/runs-ids"),
                        "variables",
                        Map.of("pad", "x".repeat(2 * 1024 * 1024))))
                .getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/graphql", "/graphql;", "/graphql/", "//graphql")) {
            Raw r = post(path, "application/json", big, ProvenantTestSupport.ALICE_TOKEN, "127.0.0.1");
            assertThat(r.status()).as(path).isIn(400, 404, 413);
        }
        Raw chunked = postChunked("/graphql", big, ProvenantTestSupport.ALICE_TOKEN);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.body()).contains("exceeds");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void givenPublicPages_thenServedWithoutToken_andEverythingElseNeedsOne() throws Exception {
        assertThat(get("/", "127.0.0.1").status()).isEqualTo(200);
        assertThat(get("/actuator/health", "127.0.0.1").status()).isEqualTo(200);
        assertThat(get("/graphiql", "127.0.0.1").status()).isIn(200, 302, 307);
        // the schema describes the API, not its data: published (issue #18)
        assertThat(get("/graphql/schema", "127.0.0.1").status()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", "127.0.0.1").status()).isEqualTo(401);
        assertThat(get("/actuator/env", "127.0.0.1").status()).isIn(401, 404);
        assertThat(get("/actuator/beans", "127.0.0.1").status()).isIn(401, 404);
    }

    // ---------------------------------------------------------------- raw HTTP

    record Raw(int status, String headers, String body) {
        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) : body);
        }
    }

    Raw post(String path, String contentType, byte[] body, String token, String host) throws IOException {
        return post(path, contentType, body, token, host, token == null ? null : "Bearer " + token);
    }

    Raw post(String path, String contentType, byte[] body, String token, String host, String authorization)
            throws IOException {
        StringBuilder h = new StringBuilder("POST " + path + " HTTP/1.1\r\n");
        if (!host.isEmpty()) {
            h.append("Host: ").append(host).append("\r\n");
        } else {
            h.append("Host: \r\n");
        }
        h.append("Content-Type: ").append(contentType).append("\r\n");
        h.append("Content-Length: ").append(body.length).append("\r\n");
        if (authorization != null) {
            h.append("Authorization: ").append(authorization).append("\r\n");
        }
        h.append("Connection: close\r\n\r\n");
        return raw(h.toString(), body);
    }

    Raw postChunked(String path, byte[] body, String token) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n";
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        int off = 0;
        while (off < body.length) {
            int n = Math.min(64 * 1024, body.length - off);
            chunks.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(body, off, n);
            chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            off += n;
        }
        chunks.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return raw(head, chunks.toByteArray());
    }

    Raw get(String path, String host) throws IOException {
        return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", new byte[0]);
    }

    Raw raw(String head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException refusedEarly) {
                // the server may answer (413) and close before reading the whole body
            }
            InputStream in = s.getInputStream();
            byte[] all;
            try {
                all = in.readAllBytes();
            } catch (IOException reset) {
                all = new byte[0];
            }
            String text = new String(all, StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                return new Raw(0, "", "");
            }
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            String headers = split < 0 ? text : text.substring(0, split);
            String rest = split < 0 ? "" : text.substring(split + 4);
            if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
                rest = dechunk(rest);
            }
            return new Raw(status, headers, rest);
        }
    }

    private static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int n;
            try {
                n = Integer.parseInt(s.substring(i, eol).trim(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (n == 0) {
                break;
            }
            // sizes are in bytes; bodies here are ASCII JSON
            out.append(s, eol + 2, Math.min(s.length(), eol + 2 + n));
            i = eol + 2 + n + 2;
        }
        return out.toString();
    }

    private static long events() throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM domainevententry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @SuppressWarnings("unused")
    private static List<String> lines(String s) {
        return new ArrayList<>(List.of(s.split("\r\n")));
    }
}
