package dev.provenant.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One run records 5,000 outputs in one request while four small writers go on: every small write
 * is acknowledged (success, at worst with readModelBehind; never an error), the big one is
 * recorded whole, and the read model ends up showing all of it.
 */
class FanOutIT extends AbstractGraphQlIT {

    @Test
    void givenA5000OutputWrite_thenSmallWritersBesideItAreStillAcknowledgedAndAllIsRecorded() throws Exception {
        String base = "http://127.0.0.1:" + port;
        GraphQlClient alice = new GraphQlClient(base, ProvenantTestSupport.ALICE_TOKEN);
        String runId = alice.post(
                        GraphQlDocuments.load("ops/startRun"),
                        Map.of("i", Map.of("name", "fan-out", "command", List.of("split"))))
                .data()
                .path("startRun")
                .path("run")
                .path("id")
                .asText();
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            outputs.add(Map.of(
                    "name",
                    "part-" + i,
                    "digest",
                    String.format("sha256:%064x", i + 1),
                    "sizeBytes",
                    i,
                    "kind",
                    "FILE"));
        }

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong slowestMillis = new AtomicLong();
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                GraphQlClient bob = new GraphQlClient(base, ProvenantTestSupport.BOB_TOKEN);
                for (int i = 0; !stop.get(); i++) {
                    String name = "small-" + writer + "-" + i;
                    long t0 = System.nanoTime();
                    GraphQlClient.Response r = bob.post(
                            GraphQlDocuments.load("ops/registerDatasetVersion"),
                            Map.of(
                                    "i",
                                    Map.of(
                                            "name",
                                            name,
                                            "version",
                                            "v1",
                                            "contentDigest",
                                            "sha256:" + "a".repeat(64),
                                            "sizeBytes",
                                            1)));
                    slowestMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                    if (!r.errors().isMissingNode()
                            || !r.data()
                                    .path("registerDatasetVersion")
                                    .path("errors")
                                    .isEmpty()) {
                        failures.add(r.body().toString());
                    } else {
                        acknowledged.add("dataset:" + name + "@v1");
                    }
                }
            }));
        }
        long t0 = System.nanoTime();
        GraphQlClient.Response big = alice.post(
                GraphQlDocuments.load("ops/recordRunOutputs"), Map.of("i", Map.of("runId", runId, "outputs", outputs)));
        long bigMillis = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(500);
        stop.set(true);
        for (Future<?> f : writers) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(big.errors().isMissingNode()).as("%s", big.body()).isTrue();
        assertThat(big.data().path("recordRunOutputs").path("errors")).isEmpty();
        assertThat(failures).as("small writes beside the big one").isEmpty();
        assertThat(acknowledged).isNotEmpty();

        int shown = await("the read model showing every output")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> alice.post(GraphQlDocuments.load("ops/run"), Map.of("id", runId))
                                .data()
                                .path("run")
                                .path("outputs")
                                .size(),
                        n -> n >= 5000);
        assertThat(shown).as("the read model shows every output").isEqualTo(5000);
        for (String id : List.of(acknowledged.get(0), acknowledged.get(acknowledged.size() - 1))) {
            JsonNode found = alice.post(GraphQlDocuments.load("ops/datasetVersion"), Map.of("id", id))
                    .data()
                    .path("datasetVersion");
            assertThat(found.path("id").asText()).isEqualTo(id);
        }
        System.out.println("BENCH fault.fan-out-5000 big_write_ms=" + bigMillis + " small_writes=" + acknowledged.size()
                + " slowest_small_ms=" + slowestMillis.get() + " small_errors=0");
    }
}
