package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client commands with no server running: the first starts a local server in the background on
 * the embedded default, later ones reuse it; it stops by itself when idle (and at the end here).
 */
class ClientCommandsIT {

    private static Path home;

    @BeforeAll
    static void home() throws Exception {
        home = Files.createTempDirectory("provenant-cli-home");
        System.setProperty("PROVENANT_HOME", home.toString());
        System.setProperty("PROVENANT_IDLE_TIMEOUT", "60s");
        System.clearProperty("PROVENANT_URL");
    }

    @AfterAll
    static void stopServer() throws Exception {
        Path lock = home.resolve("server.lock");
        if (Files.exists(lock)) {
            String s = Files.readString(lock).trim();
            if (s.startsWith("pid=")) {
                ProcessHandle.of(Long.parseLong(s.substring(4))).ifPresent(ProcessHandle::destroy);
            }
        }
        System.clearProperty("PROVENANT_HOME");
        System.clearProperty("PROVENANT_IDLE_TIMEOUT");
    }

    static CliRun.Result cli(String... args) {
        return CliRun.of(args);
    }

    @Test
    void givenNoServer_whenQueryCommandsRun_thenALocalServerIsStartedOnceAndAnswers_andServerStopEndsIt()
            throws Exception {
        CliRun.Result none = cli("server", "status");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.out()).contains("no server running");

        CliRun.Result first = cli("runs");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("no runs");
        assertThat(first.err()).contains("starting a local server");
        String url = Files.readString(home.resolve("server.url")).trim();

        CliRun.Result missing = cli("lineage", "model:nothing@1", "--json", "--depth", "2");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no model version 'model:nothing@1'");
        assertThat(missing.err()).doesNotContain("starting a local server");
        assertThat(Files.readString(home.resolve("server.url")).trim()).isEqualTo(url);

        CliRun.Result history = cli("history", "dataset:iris@v1", "--json");
        assertThat(history.exit()).isEqualTo(1);
        assertThat(history.err()).contains("no dataset version 'dataset:iris@v1'");

        CliRun.Result diff = cli("diff", "run:a", "run:b");
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.err()).contains("no run 'run:a'");

        CliRun.Result bad = cli("lineage", "../../etc/passwd");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown type");

        CliRun.Result depth = cli("lineage", "model:x@1", "--depth", "-3");
        assertThat(depth.exit()).isEqualTo(2);
        assertThat(depth.err()).contains("--depth: -3 is out of range; use 0 to 100");

        // the background server, seen and stopped through its home
        CliRun.Result status = cli("server", "status", "--json");
        assertThat(status.exit()).as(status.all()).isZero();
        long pid = status.json().path("pid").asLong();
        assertThat(pid).isPositive().isNotEqualTo(ProcessHandle.current().pid());
        assertThat(status.json().path("url").asText()).isEqualTo(url);
        assertThat(status.json().path("health").asText()).isEqualTo("UP");

        CliRun.Result stop = cli("server", "stop");
        assertThat(stop.exit()).as(stop.all()).isZero();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        CliRun.Result after = cli("server", "status");
        assertThat(after.exit()).isEqualTo(1);
        CliRun.Result again = cli("server", "stop");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("no server running");
    }

    @Test
    void givenHelp_whenAsked_thenEveryCommandListed() {
        CliRun.Result help = cli("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("server", "lineage", "history", "diff", "PROVENANT_HOME");
        CliRun.Result usage = cli("lineage");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter");
    }
}
