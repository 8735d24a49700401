package dev.provenant.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.GraphQlClient;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lineage projection writes a batch's graph rows when the batch commits. A write the database
 * refuses must leave the batch to be applied again, never skipped: the processor's token is stored
 * in the same transaction as the rows. (Before Axon was given Spring's transaction manager it ran
 * without transactions, the token was committed first, and such a batch was lost for good — the
 * dataset was registered but never appeared in its lineage.)
 */
class LineageBatchFaultIT extends AbstractProjectionFaultIT {

    @Test
    void givenALineageWriteTheDatabaseRefuses_thenTheBatchIsAppliedAfterTheFix_notSkipped() throws Exception {
        GraphQlClient alice = alice();
        GraphQlClient admin = admin();
        String register = GraphQlDocuments.load("ops/registerDatasetVersion-readModelBehind");

        assertThat(alice.post(register, Map.of("input", dataset("lin-first", 'c', 5)))
                        .errors()
                        .isMissingNode())
                .isTrue();
        awaitCount("SELECT count(*) FROM lineage_nodes WHERE id = 'dataset:lin-first@v1'", 1);

        sql("ALTER TABLE lineage_nodes ADD CONSTRAINT poison CHECK (id <> 'dataset:lin-refused@v1') NOT VALID");
        assertThat(alice.post(register, Map.of("input", dataset("lin-refused", 'c', 5)))
                        .errors()
                        .isMissingNode())
                .isTrue();
        // the event is stored; the graph has refused its row, so the node is not there yet
        assertThat(count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'dataset:lin-refused@v1'"))
                .isEqualTo(1);
        Thread.sleep(1_000); // let the processor try (and fail) at least once
        assertThat(count("SELECT count(*) FROM lineage_nodes WHERE id = 'dataset:lin-refused@v1'"))
                .isZero();

        sql("ALTER TABLE lineage_nodes DROP CONSTRAINT poison");
        admin.post(GraphQlDocuments.load("ops/retryProcessor-lineage-running"));
        awaitCount("SELECT count(*) FROM lineage_nodes WHERE id = 'dataset:lin-refused@v1'", 1);
        assertThat(count("SELECT count(*) FROM lineage_edges WHERE to_id = 'dataset:lin-refused@v1'"
                        + " OR from_id = 'dataset:lin-refused@v1'"))
                .as("the refused batch's edges are applied too")
                .isPositive();
    }

    private static void awaitCount(String query, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && count(query) != expected) {
            Thread.sleep(100);
        }
        assertThat(count(query)).as(query).isEqualTo(expected);
    }
}
