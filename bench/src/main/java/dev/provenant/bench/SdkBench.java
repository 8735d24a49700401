package dev.provenant.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./bench/run sdk}: 10,000 metric points logged from Python through the client
 * ({@code clients/python}: buffered, one {@code recordRunMetricSeries} request per 1000 points, sent as columns,
 * each an event) against the real service, versus raw SQL inserts of the same rows (same table
 * shape as {@code run_metric_points}, batches of 1000, one transaction per batch) into the same
 * PostgreSQL in the same run. The Python side times itself from its first {@code log_metric} to
 * the end of its last flush, after a warm-up of 20,000 points on another series ({@code -Dbench.sdk.warmup}); afterwards the read model is checked to
 * hold every point.
 */
final class SdkBench {

    static final int POINTS = 10_000;
    static final int BATCH = 1000;
    /** Points logged (on another series) before timing: the service JIT-compiles the path. */
    static final int WARMUP = Integer.getInteger("bench.sdk.warmup", 20_000);

    private static final String TOKEN = "bench-sdk-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String SCRIPT = String.join(
            "\n",
            "import sys, time, provenant",
            "n = int(sys.argv[1])",
            "with provenant.start_run(name='bench-sdk') as run:",
            "    for i in range(int(sys.argv[2])):",
            "        provenant.log_metric('warmup', float(i), step=i)",
            "    provenant.flush()",
            "    t0 = time.perf_counter()",
            "    for i in range(n):",
            "        provenant.log_metric('loss', 1.0 / (i + 1), step=i)",
            "    provenant.flush()",
            "    t1 = time.perf_counter()",
            "print(run.id, t1 - t0)",
            "");

    void run(BenchReporter out) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath();
        Path client = root.resolve("clients/python");
        if (!Files.isDirectory(client)) {
            throw new IllegalStateException("clients/python not found under " + root + " (set -Dbench.root)");
        }
        try (BenchService service = BenchService.start(TOKEN)) {
            ProcessBuilder pb = new ProcessBuilder(
                            "python3", "-c", SCRIPT, Integer.toString(POINTS), Integer.toString(WARMUP))
                    .redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("PROVENANT_"));
            pb.environment().put("PYTHONPATH", client.toString());
            pb.environment().put("PROVENANT_URL", "http://127.0.0.1:" + service.port());
            pb.environment().put("PROVENANT_TOKEN", TOKEN);
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("the Python client did not finish within 10 minutes");
            }
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("the Python client failed (exit " + p.exitValue() + "):\n" + text);
            }
            String[] last = text.lines().reduce((a, b) -> b).orElse("").split(" ");
            String runId = last[0];
            double seconds = Double.parseDouble(last[1]);
            double rate = POINTS / seconds;
            checkAllProjected(service.port(), runId);

            TestPostgres.TestDatabase db = service.db();
            try (Connection c = db.connect();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bench_raw_points (run_id VARCHAR(140) NOT NULL, event_position BIGINT NOT NULL,"
                        + " ordinal INTEGER NOT NULL, name VARCHAR(250) NOT NULL, step BIGINT,"
                        + " value DOUBLE PRECISION NOT NULL, measured_at TIMESTAMPTZ NOT NULL,"
                        + " PRIMARY KEY (run_id, event_position, ordinal))");
            }
            long r0 = System.nanoTime();
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_raw_points (run_id, event_position,"
                        + " ordinal, name, step, value, measured_at) VALUES (?,?,?,?,?,?,?)")) {
                    for (int b = 0; b < POINTS / BATCH; b++) {
                        for (int i = 0; i < BATCH; i++) {
                            int n = b * BATCH + i;
                            ps.setString(1, runId);
                            ps.setLong(2, b);
                            ps.setInt(3, i);
                            ps.setString(4, "loss");
                            ps.setLong(5, n);
                            ps.setDouble(6, 1.0 / (n + 1));
                            ps.setTimestamp(7, Timestamp.from(Instant.now()));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            double rawRate = POINTS / ((System.nanoTime() - r0) / 1e9);
            out.note(POINTS + " points from python3 through clients/python (batches of " + BATCH
                    + ", one event each), PostgreSQL from "
                    + TestPostgres.shared().source() + "; load average "
                    + Files.readString(Path.of("/proc/loadavg")).trim());
            out.report("sdk.metric_points", rate, "points/s", rawRate);
        }
    }

    /** Every point reached the read model (the timing ends when the last batch was acknowledged). */
    private static void checkAllProjected(int port, String runId) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = JSON.writeValueAsString(
                Map.of("query", GraphQlDocuments.load("bench/run-loss-series"), "variables", Map.of("id", runId)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int seen = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode points = JSON.readTree(res.body()).path("data").path("run").path("metricSeries");
            seen = points.size();
            if (seen == POINTS) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the read model holds " + seen + " of " + POINTS + " points after 60 s");
    }
}
