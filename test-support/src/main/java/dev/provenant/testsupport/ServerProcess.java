package dev.provenant.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Provenant server in its own JVM, started as a user starts it ({@code provenant server}), on a
 * database of the test PostgreSQL, so a test or a benchmark can run several on one database, kill
 * one with -9 and start it again on the same port, home and database. Tests launch it from their
 * own class path (the CLI's main class on it); benchmarks from the built jar ({@link #fromJar}).
 * Every instance knows a recorder ({@link #TOKEN}) and an admin ({@link #ADMIN_TOKEN}) token.
 */
public final class ServerProcess implements AutoCloseable {

    public static final String TOKEN = "fault-recorder-token-0123456789";
    public static final String ADMIN_TOKEN = "fault-admin-token-0123456789ab";

    public final TestPostgres.TestDatabase db;
    public final Path home;
    public final int port;
    public final List<String> extraArgs;
    private Path jar;
    private Process process;

    /**
     * A server on {@code db} with its own {@code home}; {@code extraArgs} are {@code KEY=VALUE}
     * environment settings (S3 store, shared ledger key...).
     */
    public ServerProcess(TestPostgres.TestDatabase db, Path home, String... extraArgs) throws IOException {
        this.db = db;
        this.home = home;
        this.extraArgs = List.of(extraArgs);
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    /** Launch {@code java -jar <jar> server} instead of the CLI's main class from this class path. */
    public ServerProcess fromJar(Path jar) {
        this.jar = jar;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the server and waits until its health is UP (at most 120 s). */
    public ServerProcess start() throws Exception {
        List<String> cmd = new java.util.ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        if (jar != null) {
            cmd.addAll(List.of("-jar", jar.toString()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.provenant.cli.ProvenantCli"));
        }
        cmd.addAll(List.of("server", "--port", Integer.toString(port)));
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
        while (!healthy()) {
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

    private boolean healthy() {
        try {
            HttpResponse<String> res = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 && res.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** kill -9 of the server's JVM; returns once it is gone. */
    public void kill() throws Exception {
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
