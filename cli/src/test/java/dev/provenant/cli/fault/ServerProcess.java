package dev.provenant.cli.fault;

import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.testsupport.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Provenant server in its own JVM, started as a user starts it ({@code provenant server}), on a
 * database of the test PostgreSQL, so a test can kill it with -9 and start it again on the same
 * port, home and database.
 */
final class ServerProcess implements AutoCloseable {

    static final String TOKEN = "fault-recorder-token-0123456789";
    static final String ADMIN_TOKEN = "fault-admin-token-0123456789ab";

    final TestPostgres.TestDatabase db;
    final Path home;
    final int port;
    final List<String> extraArgs;
    private Process process;

    ServerProcess(TestPostgres.TestDatabase db, Path home, String... extraArgs) throws IOException {
        this.db = db;
        this.home = home;
        this.extraArgs = List.of(extraArgs);
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the server and waits until its health is UP (at most 120 s). */
    ServerProcess start() throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.provenant.cli.ProvenantCli",
                "server",
                "--port",
                Integer.toString(port)));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("server.log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("PROVENANT_HOME", home.toString());
        env.put("PROVENANT_DB_URL", db.jdbcUrl());
        env.put("PROVENANT_DB_USER", db.username());
        env.put("PROVENANT_DB_PASSWORD", db.password());
        env.put("PROVENANT_TOKENS", "tester=" + TOKEN + ":recorder,boss=" + ADMIN_TOKEN + ":admin");
        for (String a : extraArgs) {
            // KEY=VALUE environment settings
            int eq = a.indexOf('=');
            env.put(a.substring(0, eq), a.substring(eq + 1));
        }
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!ProvenantClient.healthy(url())) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the server exited with " + process.exitValue() + "; see " + home.resolve("server.log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the server did not become healthy in 120 s; see " + home.resolve("server.log"));
            }
            Thread.sleep(200);
        }
        return this;
    }

    /** kill -9 of the server's JVM; returns once it is gone. */
    void kill() throws Exception {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not die");
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
