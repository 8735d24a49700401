package dev.provenant.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The REST endpoints' OpenAPI document is served without a token at {@code /openapi.yaml}, equals
 * the committed {@code docs/openapi.yaml}, and names exactly the REST endpoints the server maps
 * under {@code /api/} (a new endpoint without its documentation fails here).
 */
class OpenApiIT extends AbstractGraphQlIT {

    private static final Path COMMITTED = Path.of("..", "docs", "openapi.yaml");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theServedDocumentIsPublicCommittedAndCoversEveryRestEndpoint() throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/openapi.yaml"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body())
                .as("docs/openapi.yaml is a copy of api/src/main/resources/static/openapi.yaml")
                .isEqualTo(Files.readString(COMMITTED, StandardCharsets.UTF_8));

        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(res.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        TreeSet<String> documented = new TreeSet<>();
        doc.path("paths").properties().forEach(path -> {
            JsonNode item = path.getValue();
            if (item.has("$ref")) {
                String target =
                        item.path("$ref").asText().replace("#/paths/", "").replace("~1", "/");
                item = doc.path("paths").path(target);
            }
            item.fieldNames().forEachRemaining(method -> {
                if (method.matches("get|put|post|head|delete|patch")) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        });
        TreeSet<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods()
                .keySet()
                .forEach(info -> info.getPatternValues().stream()
                        .filter(p -> p.startsWith("/api/"))
                        .forEach(p -> info.getMethodsCondition()
                                .getMethods()
                                .forEach(m -> mapped.add(m.name() + " " + p.replaceAll("\\{[^}]+}", "{digest}")))));
        TreeSet<String> documentedApi = new TreeSet<>(documented.stream()
                .filter(e -> e.split(" ")[1].startsWith("/api/"))
                .toList());
        assertThat(documentedApi)
                .as("REST endpoints under /api/ in the document")
                .isEqualTo(mapped);
    }
}
