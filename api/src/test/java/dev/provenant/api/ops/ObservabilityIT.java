package dev.provenant.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.api.config.ProvenantProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Metrics for Prometheus (any valid token), info with the build, and a request log that names who
 * ran which operation without bodies or tokens.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT extends AbstractGraphQlIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The server's settings; its home holds the admin token. */
    @Autowired
    ProvenantProperties provenant;

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a Prometheus sample whose labels contain {@code label}. */
    private static double counter(String scrape, String name, String label) {
        return scrape.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void givenTraffic_thenPrometheusShowsOperationsCommandsAndProcessorLag_andTheRequestLogNamesWho(
            CapturedOutput output) throws Exception {
        // alice is the admin
        admin.documentName("ops/registerDatasetVersion-errors")
                .variable(
                        "i",
                        Map.of(
                                "name",
                                "observed",
                                "version",
                                "v1",
                                "contentDigest",
                                "sha256:" + "0".repeat(64),
                                "sizeBytes",
                                5))
                .execute()
                .path("registerDatasetVersion.errors")
                .entityList(Object.class)
                .hasSize(0);
        admin.documentName("ops/runs").execute().errors().verify();

        // artifact bytes through the HTTP endpoint, in and out
        byte[] body = ("observed bytes " + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String digest = "sha256:"
                + java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(body));
        HttpResponse<String> put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/artifacts/" + digest))
                                .header("Authorization", "Bearer " + ProvenantTestSupport.ALICE_TOKEN)
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(get("/api/artifacts/" + digest, ProvenantTestSupport.READER_TOKEN)
                        .body())
                .isEqualTo(new String(body, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = get("/actuator/prometheus", ProvenantTestSupport.READER_TOKEN);
        assertThat(scrape.statusCode()).isEqualTo(200);
        String metrics = scrape.body();
        assertThat(metrics)
                .containsPattern("provenant_graphql_operations_seconds_count\\{[^}]*operation=\"mutation"
                        + " registerDatasetVersion\"[^}]*outcome=\"ok\"")
                .containsPattern("provenant_graphql_operations_seconds_count\\{[^}]*operation=\"query runs\"")
                .containsPattern("provenant_commands_seconds_count\\{[^}]*command=\"RegisterDatasetVersionCommand\""
                        + "[^}]*outcome=\"ok\"")
                .contains("provenant_events_head")
                .containsPattern("provenant_processor_lag\\{[^}]*processor=\"lineage\"")
                .containsPattern("provenant_processor_error\\{[^}]*processor=\"datasets\"")
                .containsPattern("provenant_processor_segment_lag\\{[^}]*processor=\"lineage\"[^}]*segment=\"0\"")
                .contains("provenant_ledger_unchained")
                .contains("provenant_ledger_verification_ok")
                .contains("http_server_requests_seconds");
        assertThat(counter(metrics, "provenant_artifacts_bytes_total", "direction=\"in\""))
                .isGreaterThanOrEqualTo(body.length);
        assertThat(counter(metrics, "provenant_artifacts_bytes_total", "direction=\"out\""))
                .isGreaterThanOrEqualTo(body.length);

        // health lists its components, with each processor's lag and the ledger's state (admins)
        JsonNode health = JSON.readTree(get(
                        "/actuator/health",
                        java.nio.file.Files.readString(java.nio.file.Path.of(provenant.home(), "admin.token"))
                                .trim())
                .body());
        JsonNode components = health.path("components");
        assertThat(components
                        .path("processors")
                        .path("details")
                        .path("lineage")
                        .path("state")
                        .asText())
                .isEqualTo("running");
        assertThat(components
                        .path("processors")
                        .path("details")
                        .path("lineage")
                        .path("lag")
                        .isNumber())
                .as("%s", components.path("processors"))
                .isTrue();
        assertThat(components.path("ledger").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("ledger").path("details").path("integrity").asText())
                .isIn("VERIFIED", "NOT_VERIFIED");
        assertThat(components.path("ledger").path("details").has("chainLength")).isTrue();
        assertThat(components.has("objectStore")).isTrue();
        assertThat(components.has("db")).isTrue();

        JsonNode info = JSON.readTree(get("/actuator/info", null).body());
        assertThat(info.path("build").path("version").asText()).isNotBlank();
        assertThat(info.path("java").path("version").asText()).isNotBlank();

        assertThat(output.getAll())
                .contains("request principal=alice method=POST path=/graphql operation=\"mutation"
                        + " registerDatasetVersion\" status=200")
                .contains("request principal=- method=GET path=/actuator/prometheus status=401")
                .doesNotContain(ProvenantTestSupport.ALICE_TOKEN)
                .doesNotContain(ProvenantTestSupport.READER_TOKEN);
    }
}
