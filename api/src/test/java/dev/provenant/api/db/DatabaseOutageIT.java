package dev.provenant.api.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An external PostgreSQL goes away under a running server: requests are told DATABASE_UNAVAILABLE
 * (GraphQL) or 503 (OpenLineage) within the connection timeout, never "internal error", and the
 * server answers normally again once the database is back, without a restart.
 */
class DatabaseOutageIT {

    private static EmbeddedPostgres pg;
    private static ConfigurableApplicationContext app;

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    @Test
    void givenTheDatabaseGoesAway_thenClientsAreToldSoAndTheServerRecoversWhenItReturns() throws Exception {
        Path data = Files.createTempDirectory("provenant-outage-pg");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        pg = startPostgres(data, port);
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE provenant");
        }
        Path home = Files.createTempDirectory("provenant-outage-home");
        app = new SpringApplication(ProvenantApplication.class)
                .run(
                        "--provenant.db.url=jdbc:postgresql://127.0.0.1:" + port + "/provenant",
                        "--provenant.db.user=postgres",
                        "--provenant.db.password=",
                        "--provenant.db.connection-timeout-ms=2000",
                        "--provenant.home=" + home,
                        "--provenant.tokens=alice=" + ProvenantTestSupport.ALICE_TOKEN,
                        "--server.port=0");
        String base = "http://127.0.0.1:"
                + ((WebServerApplicationContext) app).getWebServer().getPort();
        GraphQlClient alice = new GraphQlClient(base, ProvenantTestSupport.ALICE_TOKEN);
        String query = GraphQlDocuments.load("db/runs");
        assertThat(alice.post(query).errors().isMissingNode()).isTrue();

        pg.close();
        long t0 = System.nanoTime();
        GraphQlClient.Response down = alice.post(query);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        JsonNode error = down.errors().get(0);
        assertThat(error.path("extensions").path("classification").asText())
                .as("%s", down.body())
                .isEqualTo("DATABASE_UNAVAILABLE");
        assertThat(error.path("message").asText())
                .contains("database is unavailable")
                .contains("retry");
        HttpResponse<String> openLineage = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/lineage"))
                                .header("Authorization", "Bearer " + ProvenantTestSupport.ALICE_TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"eventType\":\"START\","
                                        + "\"eventTime\":\"2026-01-01T00:00:00Z\",\"run\":{\"runId\":"
                                        + "\"01912345-6789-7abc-8def-0123456789ab\"},\"job\":{\"namespace\":\"ns\","
                                        + "\"name\":\"job\"},\"producer\":\"https://example.com\",\"schemaURL\":"
                                        + "\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(openLineage.statusCode()).as(openLineage.body()).isEqualTo(503);
        assertThat(openLineage.headers().firstValue("Retry-After")).isPresent();

        // the database comes back on the same port: the server answers again, no restart
        pg = startPostgres(data, port);
        GraphQlClient.Response back = await("the server answering again")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> alice.post(query), r -> r.errors().isMissingNode());
        assertThat(back.errors().isMissingNode()).as("%s", back.body()).isTrue();
        assertThat(back.data().path("runs").isObject()).isTrue();
    }
}
