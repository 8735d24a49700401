package dev.provenant.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.provenant.cli.ProvenantCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Python client's pytest suite ({@code clients/python/tests}) against a real server (real
 * PostgreSQL), so {@code ./mvnw -B verify} runs it. The suite gets the server, a recorder and a
 * reader token, and the CLI's command line (for the {@code provenant run} attach tests); pytest's
 * output is the failure message when it fails. Skipped only when there is no {@code python3} of
 * version 3.9 or later.
 */
class PythonClientIT {

    private static final Path REPO = repoRoot();

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("clients/python"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "clients/python not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    record Outcome(int exit, String output) {}

    static Outcome exec(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PROVENANT_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("pytest-", ".log");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Outcome(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(out));
            }
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void givenARealServer_whenThePythonClientSuiteRuns_thenEveryTestPasses() throws Exception {
        Outcome version;
        try {
            version = exec(
                    List.of(
                            "python3",
                            "-c",
                            "import sys; print('%d.%d' % sys.version_info[:2]); sys.exit(0 if"
                                    + " sys.version_info >= (3, 9) else 3)"),
                    Map.of(),
                    60);
        } catch (IOException noPython) {
            version = new Outcome(127, noPython.getMessage());
        }
        Assumptions.assumeTrue(
                version.exit() == 0,
                "the Python client needs python3 >= 3.9 on PATH; found: "
                        + version.output().strip() + " (CI installs it: .ci/run)");
        Outcome pytest = exec(List.of("python3", "-c", "import pytest"), Map.of(), 60);
        if (pytest.exit() != 0) {
            fail("pytest is not installed for python3 " + version.output().strip()
                    + ": apt-get install python3-pytest (or pip install pytest)\n" + pytest.output());
        }

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cli = dev.provenant.recorder.client.ProvenantClient.JSON.writeValueAsString(
                List.of(java, "-cp", classpath, ProvenantCli.class.getName()));
        // a short lease: the suite checks the client's heartbeat keeps a long run open
        try (RecordedServer server =
                new RecordedServer("--provenant.runs.lease=PT3S", "--provenant.runs.sweep-interval=PT0.5S")) {
            List<String> cmd = new ArrayList<>(
                    List.of("python3", "-m", "pytest", "clients/python/tests", "-q", "-rs", "-p", "no:cacheprovider"));
            Outcome run = exec(
                    cmd,
                    Map.of(
                            "PROVENANT_URL",
                            "http://127.0.0.1:" + server.port,
                            "PROVENANT_TOKEN",
                            RecordedServer.TOKEN,
                            "PROVENANT_TEST_READER_TOKEN",
                            RecordedServer.READER_TOKEN,
                            "PROVENANT_TEST_LEASE_SECONDS",
                            "3",
                            "PROVENANT_TEST_CLI",
                            cli,
                            // the CLI the attach tests start shares the server's local artifact store
                            "PROVENANT_HOME",
                            server.home.toString(),
                            "PROVENANT_IDLE_TIMEOUT",
                            "1m",
                            "PYTHONDONTWRITEBYTECODE",
                            "1"),
                    900);
            System.out.println(run.output());
            if (run.exit() != 0) {
                fail("pytest failed (exit " + run.exit() + "):\n" + run.output());
            }
            assertThat(run.output()).contains(" passed").doesNotContain("skipped");
        }
    }
}
