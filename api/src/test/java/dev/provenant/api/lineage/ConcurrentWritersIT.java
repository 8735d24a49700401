package dev.provenant.api.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.api.graphql.CommandSender;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.StartRunCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Concurrent writers commit out of global-index order (gaps that fill late). Every read-model
 * row must still carry its own event's global index, not the tracking token's high-water mark.
 */
@SpringBootTest(classes = ProvenantApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ConcurrentWritersIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProvenantTestSupport.register(registry);
    }

    @Autowired
    CommandSender commands;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void givenEightConcurrentWriters_whenProjected_thenEveryRowHasItsOwnEventsGlobalIndex() throws Exception {
        int writers = 8;
        int perWriter = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        var outcome = commands.send(
                                new StartRunCommand(
                                        RunId.parse("run:w" + writer + "-" + i),
                                        "step",
                                        null,
                                        null,
                                        List.of("true"),
                                        Map.of(),
                                        null,
                                        null,
                                        List.of(),
                                        null,
                                        null),
                                "writer" + writer);
                        assertThat(outcome.failed()).isFalse();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM runs", Integer.class) < writers * perWriter) {
            assertThat(System.nanoTime()).as("runs projected in time").isLessThan(deadline);
            Thread.sleep(20);
        }
        Integer mismatched = jdbc.queryForObject(
                "SELECT count(*) FROM runs r JOIN domainevententry e ON e.aggregateidentifier = r.id"
                        + " AND e.sequencenumber = 0 WHERE e.globalindex <> r.event_position",
                Integer.class);
        assertThat(mismatched).isZero();
    }
}
