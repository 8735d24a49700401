package dev.provenant.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./bench/run faults}: a soak of mixed load with periodic {@code kill -9} of the server, as
 * a user runs it ({@code java -jar provenant.jar server} on the embedded default, so every kill
 * also leaves its PostgreSQL orphaned for the next start to stop). Four writers register datasets
 * and a fifth records runs through {@code provenant run}; every {@code PROVENANT_SOAK_KILL_EVERY}
 * seconds (default 120) the server is killed and started again, for {@code PROVENANT_SOAK_SECONDS}
 * (default 1800). At the end it counts what was acknowledged and what the event store holds.
 *
 * <p>Figures: {@code faults.lost} and {@code faults.duplicates} (baseline 0), {@code
 * faults.recovery_mean/max} (seconds from the kill to the next acknowledged write; baseline: the
 * first, clean start of the same server), {@code faults.acknowledged} (baseline: what the event
 * store holds, which may be more: writes committed whose answer the kill cut off).
 */
final class FaultsBench {

    private static final String REGISTER = GraphQlDocuments.load("bench/registerDatasetVersion");

    void run(BenchReporter out) throws Exception {
        long soakSeconds = Long.parseLong(System.getenv().getOrDefault("PROVENANT_SOAK_SECONDS", "1800"));
        long killEvery = Long.parseLong(System.getenv().getOrDefault("PROVENANT_SOAK_KILL_EVERY", "120"));
        Path jar = CliJar.locate();
        Path work = Files.createTempDirectory("faults");
        Path home = work.resolve("home");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        out.note("soak " + soakSeconds + " s, kill -9 every " + killEvery + " s; home " + home);

        Server server = new Server(jar, home, port);
        double cleanStart = server.start();
        Cli cli = new Cli(
                jar, home, url, Files.readString(home.resolve("admin.token")).trim());
        Load load = new Load(cli, work.resolve("runs"));
        List<Double> recoveries = killPeriodically(server, load, soakSeconds, killEvery, out);
        load.stop();

        Map<String, Integer> events = registeredEvents(home);
        long lost =
                load.acknowledged.stream().filter(id -> !events.containsKey(id)).count();
        long duplicates = events.values().stream().filter(n -> n > 1).count();
        int verified = cli.process("verify", "--artifacts", "none").start().waitFor();
        server.stop();

        out.report("faults.lost", lost, "writes", 0);
        out.report("faults.duplicates", duplicates, "writes", 0);
        out.report("faults.acknowledged", load.acknowledged.size(), "writes", events.size());
        int runsAcknowledged = load.runsAcknowledged.get();
        out.report("faults.runs_acknowledged", runsAcknowledged, "runs", runsAcknowledged + load.runsFailed.get());
        double mean =
                recoveries.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double max = recoveries.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        out.report("faults.recovery_mean", mean, "s", cleanStart);
        out.report("faults.recovery_max", max, "s", cleanStart);
        out.report("faults.verify_exit", verified, "code", 0);
        out.note(recoveries.size() + " kills; verify exit " + verified);
    }

    /** The CLI jar run as a user would, against the soaked server. */
    private record Cli(Path jar, Path home, String url, String token) {
        /** {@code provenant <args>} with its output discarded. */
        ProcessBuilder process(String... args) {
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jar.toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("PROVENANT_HOME", home.toString());
            pb.environment().put("PROVENANT_URL", url);
            pb.environment().put("PROVENANT_TOKEN", token);
            return pb;
        }
    }

    /**
     * The mixed load, started on construction: four writers registering datasets through the
     * GraphQL API and one recording runs through {@code provenant run}, until {@link #stop}.
     */
    private static final class Load {
        final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger runsAcknowledged = new AtomicInteger();
        final AtomicInteger runsFailed = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService pool = Executors.newFixedThreadPool(5);
        private final List<Future<?>> tasks = new ArrayList<>();

        Load(Cli cli, Path runsDir) {
            for (int w = 0; w < 4; w++) {
                int writer = w;
                tasks.add(pool.submit(
                        () -> write(new ProvenantClient(cli.url(), cli.token()), writer, stop, acknowledged)));
            }
            tasks.add(pool.submit(() -> {
                Path dir = Files.createDirectories(runsDir);
                for (int i = 0; !stop.get(); i++) {
                    ProcessBuilder pb = cli.process(
                                    "run", "--output", "out.txt", "--", "sh", "-c", "echo " + i + " > out.txt")
                            .directory(dir.toFile());
                    (pb.start().waitFor() == 0 ? runsAcknowledged : runsFailed).incrementAndGet();
                }
                return null;
            }));
        }

        void stop() throws Exception {
            stop.set(true);
            for (Future<?> f : tasks) {
                f.get(10, TimeUnit.MINUTES);
            }
            pool.shutdown();
        }
    }

    /**
     * Kills and restarts the server every {@code killEvery} seconds for {@code soakSeconds}; returns
     * each kill's recovery time (seconds until the load's next acknowledged write).
     */
    private static List<Double> killPeriodically(
            Server server, Load load, long soakSeconds, long killEvery, BenchReporter out) throws Exception {
        List<Double> recoveries = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(soakSeconds).toNanos();
        while (System.nanoTime() + Duration.ofSeconds(killEvery).toNanos() < end) {
            Thread.sleep(killEvery * 1000);
            int before = load.acknowledged.size();
            long t0 = System.nanoTime();
            server.kill();
            server.start();
            while (load.acknowledged.size() == before
                    && System.nanoTime() - t0 < Duration.ofMinutes(5).toNanos()) {
                Thread.sleep(50);
            }
            double recovery = (System.nanoTime() - t0) / 1e9;
            recoveries.add(recovery);
            out.note(String.format(
                    "kill %d: answered again after %.1f s (%d writes acknowledged so far)",
                    recoveries.size(), recovery, load.acknowledged.size()));
        }
        long rest = end - System.nanoTime();
        if (rest > 0) {
            Thread.sleep(rest / 1_000_000);
        }
        return recoveries;
    }

    private static void write(ProvenantClient c, int writer, AtomicBoolean stop, List<String> acknowledged) {
        for (int i = 0; !stop.get(); i++) {
            String name = "soak-" + writer + "-" + i;
            try {
                JsonNode p = c.query(
                                REGISTER,
                                Map.of(
                                        "i",
                                        Map.of(
                                                "name",
                                                name,
                                                "version",
                                                "v1",
                                                "contentDigest",
                                                "sha256:" + "5".repeat(64),
                                                "sizeBytes",
                                                i)))
                        .path("registerDatasetVersion");
                if (p.path("errors").isEmpty()) {
                    acknowledged.add("dataset:" + name + "@v1");
                }
            } catch (CliException e) {
                sleep(100); // not acknowledged: the server is down
            }
        }
    }

    /** DatasetVersionRegisteredEvent count per aggregate, straight from the embedded PostgreSQL. */
    private static Map<String, Integer> registeredEvents(Path home) throws Exception {
        // postmaster.pid: pid, data directory, start time, port, ...
        List<String> pid = Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid"));
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty(
                "password", Files.readString(home.resolve("postgres.password")).trim());
        Map<String, Integer> events = new HashMap<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/provenant", props);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT aggregateidentifier, count(*) FROM domainevententry"
                        + " WHERE payloadtype LIKE '%DatasetVersionRegisteredEvent' GROUP BY aggregateidentifier")) {
            while (rs.next()) {
                events.put(rs.getString(1), rs.getInt(2));
            }
        }
        return events;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code provenant server} in its own process, killed and started again on the same home and port. */
    private static final class Server {
        private final Path jar;
        private final Path home;
        private final int port;
        private Process process;

        Server(Path jar, Path home, int port) {
            this.jar = jar;
            this.home = home;
            this.port = port;
        }

        /** Starts it; returns the seconds until its health is UP. */
        double start() throws Exception {
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(
                            javaBin(), "-jar", jar.toString(), "server", "--port", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            home.resolveSibling("server.log").toFile()));
            pb.environment().put("PROVENANT_HOME", home.toString());
            pb.environment().remove("PROVENANT_DB_URL");
            process = pb.start();
            while (!ProvenantClient.healthy("http://127.0.0.1:" + port)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited; see " + home.resolveSibling("server.log"));
                }
                if (System.nanoTime() - t0 > Duration.ofMinutes(3).toNanos()) {
                    throw new IllegalStateException("the server did not become healthy in 3 minutes");
                }
                Thread.sleep(100);
            }
            return (System.nanoTime() - t0) / 1e9;
        }

        void kill() throws Exception {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
