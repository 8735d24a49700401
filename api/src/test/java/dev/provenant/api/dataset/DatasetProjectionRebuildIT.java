package dev.provenant.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.api.graphql.CommandSender;
import dev.provenant.lineage.dataset.projection.DatasetVersionProjection;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import dev.provenant.testsupport.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A read model rebuilt from the event store (reset + replay) is identical to the one kept live. */
@SpringBootTest(classes = ProvenantApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DatasetProjectionRebuildIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestPostgres.TestDatabase db = ProvenantTestSupport.register(registry);
    }

    @Autowired
    CommandSender commands;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void givenLiveReadModel_whenResetAndReplay_thenReadModelIsIdentical() throws Exception {
        String[] principals = {"alice", "bob"};
        for (int i = 0; i < 250; i++) {
            var outcome = commands.send(
                    RegisterDatasetVersionCommand.of(
                            new DatasetVersionId("ds" + (i % 10), "v" + i),
                            "sha256:" + String.format("%064x", i),
                            i * 1000L,
                            i % 3 == 0 ? "s3://bucket/" + i : null,
                            i % 5 == 0 ? "note " + i : null),
                    principals[i % 2]);
            assertThat(outcome.failed()).isFalse();
        }
        StreamingEventProcessor processor = processing
                .eventProcessor(DatasetVersionProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        awaitRows(250);
        List<Map<String, Object>> live = snapshot();
        assertThat(live).hasSize(250);

        processor.shutDown();
        processor.resetTokens();
        processor.start();
        // the reset handler empties the table first; then the replay fills it again
        awaitRows(250);
        awaitCaughtUp(processor);
        List<Map<String, Object>> rebuilt = snapshot();

        assertThat(rebuilt).isEqualTo(live);
    }

    @Test
    void givenEvents_whenSomethingTriesToEditOrDeleteThem_thenTheDatabaseRefuses() {
        commands.send(
                RegisterDatasetVersionCommand.of(
                        new DatasetVersionId("immutable", "v1"), "sha256:" + "e".repeat(64), 1, null, null),
                "alice");
        assertThatThrownBy(() -> jdbc.update("UPDATE domainevententry SET payload = 'x'::bytea"))
                .hasMessageContaining("events are immutable");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM domainevententry"))
                .hasMessageContaining("events are immutable");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE domainevententry"))
                .hasMessageContaining("events are immutable");
    }

    private List<Map<String, Object>> snapshot() {
        return jdbc.queryForList("SELECT * FROM dataset_versions ORDER BY event_position");
    }

    private void awaitRows(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM dataset_versions", Integer.class) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("read model did not reach " + n + " rows in 30 s");
            }
            Thread.sleep(20);
        }
    }

    private static void awaitCaughtUp(StreamingEventProcessor processor) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (processor.isReplaying()
                || processor.processingStatus().values().stream().anyMatch(s -> !s.isCaughtUp())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("processor did not catch up in 30 s");
            }
            Thread.sleep(20);
        }
    }
}
