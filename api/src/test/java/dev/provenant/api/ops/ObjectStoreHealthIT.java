package dev.provenant.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.api.config.ProvenantProperties;
import dev.provenant.testsupport.TestS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Health has db, objectStore and processors components (for admins); when the S3 server stops, the
 * objectStore component turns DOWN naming the error, and the service's status with it.
 */
@SpringBootTest(classes = ProvenantApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ObjectStoreHealthIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestS3 s3;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProvenantTestSupport.register(registry);
        s3 = TestS3.startPrivateProxy();
        TestS3.TestBucket bucket = s3.newBucket();
        System.setProperty("PROVENANT_S3_ENDPOINT", bucket.endpoint());
        System.setProperty("PROVENANT_S3_BUCKET", bucket.bucket());
        System.setProperty("PROVENANT_S3_ACCESS_KEY", bucket.accessKey());
        System.setProperty("PROVENANT_S3_SECRET_KEY", bucket.secretKey());
    }

    @AfterAll
    static void clear() {
        System.clearProperty("PROVENANT_S3_ENDPOINT");
        System.clearProperty("PROVENANT_S3_BUCKET");
        System.clearProperty("PROVENANT_S3_ACCESS_KEY");
        System.clearProperty("PROVENANT_S3_SECRET_KEY");
        s3.stop();
    }

    @LocalServerPort
    int port;

    /** The server's settings; its home holds the admin token. */
    @Autowired
    ProvenantProperties provenant;

    @Test
    void givenTheS3ServerStops_thenTheObjectStoreComponentIsDownNamingTheError() throws Exception {
        String admin =
                Files.readString(Path.of(provenant.home(), "admin.token")).trim();
        JsonNode up = health(admin);
        assertThat(up.path("status").asText()).as("%s", up).isEqualTo("UP");
        assertThat(up.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(up.path("components").path("processors").path("status").asText())
                .isEqualTo("UP");
        JsonNode store = up.path("components").path("objectStore");
        assertThat(store.path("status").asText()).isEqualTo("UP");
        assertThat(store.path("details").path("store").asText()).isEqualTo("S3ArtifactStore");

        s3.stop();
        JsonNode down = health(admin);
        assertThat(down.path("status").asText()).as("%s", down).isEqualTo("DOWN");
        JsonNode storeDown = down.path("components").path("objectStore");
        assertThat(storeDown.path("status").asText()).isEqualTo("DOWN");
        assertThat(storeDown.path("details").path("error").asText()).isNotBlank();
        // anonymous callers see the status, not the components
        JsonNode anonymous = health(null);
        assertThat(anonymous.path("status").asText()).isEqualTo("DOWN");
        assertThat(anonymous.path("components").isMissingNode()).isTrue();
    }

    private JsonNode health(String token) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(res.body());
    }
}
