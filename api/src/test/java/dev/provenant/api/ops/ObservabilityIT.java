package dev.provenant.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.ProvenantTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Metrics for Prometheus (any valid token), info with the build, and a request log that names who
 * ran which operation without bodies or tokens.
 */
@SpringBootTest(classes = ProvenantApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProvenantTestSupport.register(registry);
    }

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenTraffic_thenPrometheusShowsOperationsCommandsAndProcessorLag_andTheRequestLogNamesWho(
            CapturedOutput output) throws Exception {
        GraphQlClient alice = new GraphQlClient("http://127.0.0.1:" + port, ProvenantTestSupport.ALICE_TOKEN);
        JsonNode registered = alice.post(
                        "mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { errors {"
                                + " message } } }",
                        Map.of(
                                "i",
                                Map.of(
                                        "name",
                                        "observed",
                                        "version",
                                        "v1",
                                        "contentDigest",
                                        "sha256:" + "0".repeat(64),
                                        "sizeBytes",
                                        5)))
                .data();
        assertThat(registered.path("registerDatasetVersion").path("errors")).isEmpty();
        alice.post("{ runs(first: 1) { edges { node { id } } } }");

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
                .contains("http_server_requests_seconds");

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
