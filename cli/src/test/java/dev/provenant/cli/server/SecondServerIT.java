package dev.provenant.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.cli.CliRun;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real {@code provenant server} process (its own JVM, as a user starts it) on a home: a second
 * {@code provenant server} on that home refuses at once, before Spring starts, naming the holder;
 * {@code server status} sees the first, {@code server stop} ends it gracefully and waits for it.
 */
class SecondServerIT {

    private Process first;
    private Path home;

    @AfterEach
    void cleanUp() throws Exception {
        System.clearProperty("PROVENANT_HOME");
        if (first != null && first.isAlive()) {
            first.destroy();
            if (!first.waitFor(30, TimeUnit.SECONDS)) {
                first.destroyForcibly();
            }
        }
    }

    private static ProcessBuilder server(Path home, TestPostgres.TestDatabase db, Path log) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.provenant.cli.ProvenantCli",
                "server",
                "--port",
                "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("PROVENANT_HOME", home.toString());
        env.put("PROVENANT_DB_URL", db.jdbcUrl());
        env.put("PROVENANT_DB_USER", db.username());
        env.put("PROVENANT_DB_PASSWORD", db.password());
        env.remove("PROVENANT_URL");
        return pb;
    }

    @Test
    void givenAServerOnAHome_whenASecondStarts_thenItRefusesBeforeSpring_andStopEndsTheFirst() throws Exception {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        home = Files.createTempDirectory("provenant-second-server");
        first = server(home, db, home.resolve("first.log")).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            Path urlFile = home.resolve("server.url");
            if (Files.exists(urlFile)
                    && ProvenantClient.healthy(Files.readString(urlFile).trim())) {
                break;
            }
            assertThat(first.isAlive())
                    .as("first server died; see " + home.resolve("first.log"))
                    .isTrue();
            assertThat(System.nanoTime()).as("first server not ready in 180 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        System.setProperty("PROVENANT_HOME", home.toString());

        CliRun.Result status = CliRun.of("server", "status", "--json");
        assertThat(status.exit()).as(status.all()).isZero();
        assertThat(status.json().path("pid").asLong()).isEqualTo(first.pid());
        assertThat(status.json().path("health").asText()).isEqualTo("UP");

        // a second server process: JVM start, the lock check, exit
        Path secondLog = home.resolve("second.log");
        long t0 = System.nanoTime();
        Process second = server(home, db, secondLog).start();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        double processSeconds = (System.nanoTime() - t0) / 1e9;
        String said = Files.readString(secondLog, StandardCharsets.UTF_8);
        assertThat(second.exitValue()).as(said).isEqualTo(1);
        assertThat(said)
                .contains("already using PROVENANT_HOME=" + home)
                .contains("pid " + first.pid())
                .contains("provenant server stop")
                .doesNotContain("Spring")
                .doesNotContain("Starting ProvenantApplication");

        // the same refusal in this JVM: the lock check alone
        long t1 = System.nanoTime();
        CliRun.Result inJvm = CliRun.of("server", "--port", "0");
        double checkSeconds = (System.nanoTime() - t1) / 1e9;
        assertThat(inJvm.exit()).as(inJvm.all()).isEqualTo(1);
        assertThat(inJvm.err()).contains("already using PROVENANT_HOME");
        System.out.printf(
                "second server refused: %.2f s for the whole process (JVM start included), %.3f s for the check%n",
                processSeconds, checkSeconds);
        // generous bounds: this machine is shared and loaded
        assertThat(processSeconds).isLessThan(5.0);
        assertThat(checkSeconds).isLessThan(1.0);

        CliRun.Result stop = CliRun.of("server", "stop");
        assertThat(stop.exit()).as(stop.all()).isZero();
        assertThat(first.isAlive()).isFalse();
        assertThat(CliRun.of("server", "status").exit()).isEqualTo(1);
        assertThat(CliRun.of("server", "stop").exit()).isEqualTo(1);
    }
}
