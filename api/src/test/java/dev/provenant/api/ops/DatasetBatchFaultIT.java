package dev.provenant.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.GraphQlClient;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The datasets projection writes a processor batch's rows together when the batch commits. A batch
 * that holds an event the read model refuses still names <em>that</em> event (not the batch's
 * first or last), nothing of the batch is written, and after the fix every row carries its own
 * event's position in the store.
 */
class DatasetBatchFaultIT extends AbstractProjectionFaultIT {

    @Test
    void givenABatchWithOneRefusedEvent_thenThatEventIsNamedAndTheBatchAppliesWholeAfterTheFix() throws Exception {
        GraphQlClient alice = alice();
        GraphQlClient admin = admin();
        String register = GraphQlDocuments.load("ops/registerDatasetVersion-readModelBehind");

        assertThat(behind(alice.post(register, Map.of("input", dataset("first", 'b', 5)))))
                .isFalse();
        sql("ALTER TABLE dataset_versions ADD CONSTRAINT poison CHECK (name <> 'refused') NOT VALID");
        // the processor stops at "refused"; "after" queues behind it, so its retries see both in one batch
        assertThat(behind(alice.post(register, Map.of("input", dataset("refused", 'b', 5)))))
                .isTrue();
        assertThat(behind(alice.post(register, Map.of("input", dataset("after", 'b', 5)))))
                .isTrue();
        long refused = position("dataset:refused@v1");
        long after = position("dataset:after@v1");
        assertThat(after).isGreaterThan(refused);

        // a retry now handles both events in one batch: the failure still names the refused one
        admin.post(GraphQlDocuments.load("ops/retryProcessor-datasets-running"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String segments = "";
        while (System.nanoTime() < deadline && !segments.contains("\"errorEventIndex\":" + refused)) {
            Thread.sleep(100);
            segments = datasets(admin).path("segments").toString();
        }
        assertThat(segments).contains("\"errorEventIndex\":" + refused).doesNotContain("#" + after);
        assertThat(datasets(admin).path("error").asBoolean()).isTrue();
        assertThat(count("SELECT count(*) FROM dataset_versions WHERE name IN ('refused', 'after')"))
                .isZero();

        sql("ALTER TABLE dataset_versions DROP CONSTRAINT poison");
        admin.post(GraphQlDocuments.load("ops/retryProcessor-datasets-running"));
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline
                && (count("SELECT count(*) FROM dataset_versions") < 3
                        || datasets(admin).path("error").asBoolean())) {
            Thread.sleep(100);
        }
        assertThat(datasets(admin).path("error").asBoolean()).isFalse();
        for (String id : new String[] {"dataset:first@v1", "dataset:refused@v1", "dataset:after@v1"}) {
            JsonNode read = alice.post(GraphQlDocuments.load("ops/datasetVersion-position"), Map.of("id", id))
                    .data()
                    .path("datasetVersion");
            assertThat(read.path("id").asText()).isEqualTo(id);
            assertThat(read.path("eventPosition").asLong()).as(id).isEqualTo(position(id));
            assertThat(read.path("registeredBy").asText()).isEqualTo("alice");
        }
    }

    private static boolean behind(GraphQlClient.Response r) {
        assertThat(r.errors().isMissingNode()).as("%s", r.body()).isTrue();
        JsonNode payload = r.data().path("registerDatasetVersion");
        assertThat(payload.path("errors")).isEmpty();
        return payload.path("readModelBehind").asBoolean();
    }

    private static JsonNode datasets(GraphQlClient admin) throws Exception {
        for (JsonNode p :
                admin.post(GraphQlDocuments.load("ops/processors")).data().path("processors")) {
            if (p.path("name").asText().equals("datasets")) {
                return p;
            }
        }
        throw new AssertionError("no datasets processor");
    }

    private static long position(String aggregate) throws Exception {
        return count("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = '" + aggregate + "'");
    }
}
