package dev.provenant.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server killed with -9 leaves its embedded PostgreSQL running (parent pid 1). The next start on
 * the same home stops that orphan within seconds and starts cleanly (it used to wait a minute and
 * fail with "Gave up waiting for server to start").
 */
class OrphanedPostgresIT {

    @Test
    void givenAnOrphanedPostmaster_whenTheEmbeddedDatabaseStarts_thenItStopsTheOrphanAndStarts() throws Exception {
        Path home = Files.createTempDirectory("provenant-orphan");
        Process maker = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OrphanMaker.class.getName(),
                        home.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(maker.waitFor(120, TimeUnit.SECONDS)).isTrue();
        long orphan =
                Long.parseLong(Files.readString(home.resolve("orphan.pid")).trim());
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
                .as("the orphan runs")
                .contains(true);

        long t0 = System.nanoTime();
        try (EmbeddedDatabase db =
                new EmbeddedDatabase(home.resolve("postgres"), home.resolve("postgres.password"), true)) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
            String pid = Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid"))
                    .get(0)
                    .trim();
            assertThat(Long.parseLong(pid)).isNotEqualTo(orphan);
        }
    }
}
