package dev.provenant.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.api.config.ProvenantProperties;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An admin rebuilds a read model from the event store through {@code rebuildProcessor}: a damaged
 * read table comes back equal to the events; a recorder may not, and an unknown name is refused.
 */
class RebuildProcessorIT extends AbstractGraphQlIT {

    /** The server's settings; its home holds the admin token. */
    @Autowired
    ProvenantProperties provenant;

    private static final String REBUILD = GraphQlDocuments.load("ops/rebuildProcessor");

    @Test
    void givenADamagedReadModel_whenAnAdminRebuildsItsProcessor_thenItEqualsTheEventsAgain() throws Exception {
        String base = "http://127.0.0.1:" + port;
        GraphQlClient alice = new GraphQlClient(base, ProvenantTestSupport.ALICE_TOKEN);
        GraphQlClient admin = new GraphQlClient(
                base, Files.readString(Path.of(provenant.home(), "admin.token")).trim());
        for (int i = 0; i < 5; i++) {
            JsonNode p = alice.post(
                            GraphQlDocuments.load("ops/registerDatasetVersion-errors"),
                            Map.of(
                                    "i",
                                    Map.of(
                                            "name",
                                            "rebuilt" + i,
                                            "version",
                                            "v1",
                                            "contentDigest",
                                            "sha256:" + "7".repeat(64),
                                            "sizeBytes",
                                            i)))
                    .data();
            assertThat(p.path("registerDatasetVersion").path("errors")).isEmpty();
        }
        // someone damages the read model (read tables are not the record: they may be rebuilt)
        sql("DELETE FROM dataset_versions WHERE name IN ('rebuilt1', 'rebuilt3')");
        assertThat(count()).isEqualTo(3);

        GraphQlClient.Response refused = alice.post(REBUILD, Map.of("n", "datasets"));
        assertThat(refused.errors()
                        .get(0)
                        .path("extensions")
                        .path("classification")
                        .asText())
                .isEqualTo("FORBIDDEN");
        GraphQlClient.Response unknown = admin.post(REBUILD, Map.of("n", "nope"));
        assertThat(unknown.errors().get(0).path("message").asText()).contains("no processor named 'nope'");

        GraphQlClient.Response rebuilt = admin.post(REBUILD, Map.of("n", "datasets"));
        assertThat(rebuilt.errors().isMissingNode()).as("%s", rebuilt.body()).isTrue();
        assertThat(rebuilt.data().path("rebuildProcessor").path("running").asBoolean())
                .isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count() != 5 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(count()).as("every registered version is back").isEqualTo(5);
    }

    private static long count() throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM dataset_versions WHERE name LIKE 'rebuilt%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
