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
    void givenNoServer_whenQueryCommandsRun_thenALocalServerIsStartedOnceAndAnswers() throws Exception {
        CliRun.Result first = cli("lineage", "model:nothing@1");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("no such node");
        assertThat(first.err()).contains("starting a local server");
        String url = Files.readString(home.resolve("server.url")).trim();

        CliRun.Result json = cli("lineage", "model:nothing@1", "--json", "--depth", "2");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"root\" : \"model:nothing@1\"").contains("\"truncated\" : false");
        assertThat(json.err()).doesNotContain("starting a local server");
        assertThat(Files.readString(home.resolve("server.url")).trim()).isEqualTo(url);

        CliRun.Result history = cli("history", "dataset:iris@v1", "--json");
        assertThat(history.exit()).isZero();
        assertThat(history.out()).contains("\"events\" : [ ]");

        CliRun.Result diff = cli("diff", "run:a", "run:b");
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.err()).contains("not found");

        CliRun.Result bad = cli("lineage", "../../etc/passwd");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("unknown type");

        CliRun.Result depth = cli("lineage", "model:x@1", "--depth", "-3");
        assertThat(depth.exit()).isEqualTo(1);
        assertThat(depth.err()).contains("depth must be between 0 and 100");
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
