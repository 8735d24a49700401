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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL is paused (SIGSTOP of the postmaster and every backend: a hung host, a frozen VM)
 * under a running server: requests are answered DATABASE_UNAVAILABLE in bounded time instead of
 * hanging, and once it resumes (SIGCONT) the server answers normally and every acknowledged write
 * is there.
 */
class DatabasePausedIT {

    private static EmbeddedPostgres pg;
    private static ConfigurableApplicationContext app;
    private static final List<ProcessHandle> paused = new ArrayList<>();

    @AfterAll
    static void stop() throws Exception {
        signal("CONT", paused);
        if (app != null) {
            app.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static void signal(String sig, List<ProcessHandle> processes) throws Exception {
        if (processes.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + sig));
        processes.forEach(p -> cmd.add(Long.toString(p.pid())));
        new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    @Test
    void givenPostgresIsPaused_thenRequestsAreToldSoInBoundedTimeAndAllIsThereAfterItResumes() throws Exception {
        Path data = Files.createTempDirectory("provenant-paused-pg");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        pg = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE provenant");
        }
        Path home = Files.createTempDirectory("provenant-paused-home");
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
        String register = GraphQlDocuments.load("db/registerDatasetVersion");
        Map<String, Object> before = Map.of(
                "i",
                Map.of("name", "before", "version", "v1", "contentDigest", "sha256:" + "b".repeat(64), "sizeBytes", 1));
        assertThat(alice.post(register, before)
                        .data()
                        .path("registerDatasetVersion")
                        .path("errors"))
                .isEmpty();

        long postmaster = Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle pm = ProcessHandle.of(postmaster).orElseThrow();
        paused.add(pm);
        paused.addAll(pm.descendants().toList());
        signal("STOP", paused);
        Thread.sleep(1000); // let every pooled connection go idle past the pool's validation bypass

        long t0 = System.nanoTime();
        GraphQlClient.Response during = alice.post(GraphQlDocuments.load("db/datasetVersions"));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        JsonNode error = during.errors().path(0);
        assertThat(error.path("extensions").path("classification").asText())
                .as("%s", during.body())
                .isEqualTo("DATABASE_UNAVAILABLE");
        assertThat(took).as("answered, not hung").isLessThan(Duration.ofSeconds(60));
        System.out.println("BENCH fault.postgres-paused answer_s=" + String.format("%.1f", took.toNanos() / 1e9));

        signal("CONT", paused);
        paused.clear();
        GraphQlClient.Response back = await("the server answering again")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> alice.post(GraphQlDocuments.load("db/datasetVersion-before")),
                        r -> r.errors().isMissingNode());
        assertThat(back.errors().isMissingNode()).as("%s", back.body()).isTrue();
        assertThat(back.data().path("datasetVersion").path("id").asText()).isEqualTo("dataset:before@v1");
        Map<String, Object> after = Map.of(
                "i",
                Map.of("name", "after", "version", "v1", "contentDigest", "sha256:" + "b".repeat(64), "sizeBytes", 1));
        assertThat(alice.post(register, after)
                        .data()
                        .path("registerDatasetVersion")
                        .path("errors"))
                .isEmpty();
    }
}
