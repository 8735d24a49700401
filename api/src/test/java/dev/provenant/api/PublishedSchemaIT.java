package dev.provenant.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The schema is published without a token at {@code /graphql/schema}, and the committed copy
 * ({@code docs/schema.graphqls}) is exactly what the server serves: a change to the API shows up in
 * review as a change to that file. After an intended change, write the file anew with
 * {@code -Dprovenant.schema.write=true} on this test.
 */
class PublishedSchemaIT extends AbstractGraphQlIT {

    private static final Path COMMITTED = Path.of("..", "docs", "schema.graphqls");

    @Test
    void theServedSchemaIsPublicAndEqualsTheCommittedOne() throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql/schema"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(res.statusCode()).isEqualTo(200);
        String served = res.body().replace("\r\n", "\n");
        assertThat(served).contains("type Query").contains("renewRunLease");
        if (Boolean.getBoolean("provenant.schema.write")) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }
        assertThat(COMMITTED)
                .as("docs/schema.graphqls is stale: rerun this test with -Dprovenant.schema.write=true and commit it")
                .exists();
        assertThat(served)
                .as("docs/schema.graphqls is stale: rerun this test with -Dprovenant.schema.write=true and commit it")
                .isEqualTo(Files.readString(COMMITTED, StandardCharsets.UTF_8));
    }
}
