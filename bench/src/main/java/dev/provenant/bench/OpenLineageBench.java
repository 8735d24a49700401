package dev.provenant.bench;

import dev.provenant.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./bench/run openlineage}: batched OpenLineage ingestion through the real endpoint (HTTP,
 * validation, mapping, commands, events in PostgreSQL) against raw SQL inserts of the same
 * payloads into the same PostgreSQL, with the same batch size and client threads.
 */
final class OpenLineageBench {

    private static final String TOKEN = "bench-token-0123456789abcdef";

    void run(BenchReporter out) throws Exception {
        int runs = Integer.parseInt(System.getProperty("bench.openlineage.runs", "2500"));
        int batch = Integer.parseInt(System.getProperty("bench.openlineage.batch", "100"));
        int threads = Integer.parseInt(System.getProperty("bench.openlineage.threads", "4"));
        BenchService service = BenchService.start(TOKEN);
        TestPostgres.TestDatabase db = service.db();
        try {
            int port = service.port();
            List<String> events = airflowEvents(runs);
            List<String> batches = new ArrayList<>();
            for (int i = 0; i < events.size(); i += batch) {
                batches.add("[" + String.join(",", events.subList(i, Math.min(events.size(), i + batch))) + "]");
            }
            HttpClient http = HttpClient.newHttpClient();
            // warm-up on a separate slice of work (JIT, connection pools)
            post(http, port, "[" + String.join(",", warmup(200)) + "]");

            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger next = new AtomicInteger();
            onEachThread(pool, threads, () -> {
                int i;
                while ((i = next.getAndIncrement()) < batches.size()) {
                    String res = post(http, port, batches.get(i));
                    if (!res.contains("\"invalid\":0")) {
                        throw new IllegalStateException(
                                "batch rejected events: " + res.substring(0, Math.min(300, res.length())));
                    }
                }
                return null;
            });
            double rate = events.size() / ((System.nanoTime() - t0) / 1e9);
            double rawRate = rawInsertRate(db, events, batch, threads, pool);
            pool.shutdown();
            out.note(events.size() + " RunEvents (" + runs + " runs × START/RUNNING/COMPLETE), batches of " + batch
                    + ", " + threads + " client threads, PostgreSQL from "
                    + TestPostgres.shared().source());
            out.report("openlineage.batch_ingest", rate, "events/s", rawRate);
        } finally {
            service.close();
        }
    }

    /** Airflow-shaped: START (inputs) → RUNNING → COMPLETE (inputs + outputs) per run; 50 shared datasets. */
    private static List<String> airflowEvents(int runs) {
        List<String> events = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            String id = UUID.randomUUID().toString();
            String in = "{\"namespace\":\"postgres://warehouse:5432\",\"name\":\"public.t" + (r % 50) + "\"}";
            String outDs = "{\"namespace\":\"s3://lake\",\"name\":\"features/f" + r + "\"}";
            for (String type : new String[] {"START", "RUNNING", "COMPLETE"}) {
                events.add("{\"eventType\":\"" + type + "\",\"eventTime\":\"2026-11-23T10:00:0" + (type.length() % 10)
                        + ".000Z\",\"producer\":\"https://example.com/bench\","
                        + "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
                        + "\"run\":{\"runId\":\"" + id
                        + "\",\"facets\":{\"processing_engine\":{\"name\":\"Airflow\","
                        + "\"version\":\"2.9.2\"}}},\"job\":{\"namespace\":\"airflow\",\"name\":\"dag.task"
                        + (r % 20)
                        + "\"},\"inputs\":[" + in + "],\"outputs\":["
                        + (type.equals("COMPLETE") ? outDs : "") + "]}");
            }
        }
        return events;
    }

    /** The baseline: the same payloads inserted as raw JSONB rows, same batches and threads; events/s. */
    private static double rawInsertRate(
            TestPostgres.TestDatabase db, List<String> events, int batch, int threads, ExecutorService pool)
            throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_raw_events (id BIGSERIAL PRIMARY KEY, payload JSONB NOT NULL)");
        }
        long r0 = System.nanoTime();
        AtomicInteger nextRaw = new AtomicInteger();
        onEachThread(pool, threads, () -> {
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps =
                        c.prepareStatement("INSERT INTO bench_raw_events (payload) VALUES (?::jsonb)")) {
                    int i;
                    while ((i = nextRaw.getAndIncrement()) * batch < events.size()) {
                        for (String e : events.subList(i * batch, Math.min(events.size(), (i + 1) * batch))) {
                            ps.setString(1, e);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            return null;
        });
        return events.size() / ((System.nanoTime() - r0) / 1e9);
    }

    /** Runs {@code work} on {@code threads} threads of {@code pool} and waits for all of them. */
    private static void onEachThread(ExecutorService pool, int threads, Callable<Void> work) throws Exception {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(work));
        }
        for (Future<?> f : fs) {
            f.get();
        }
    }

    private static List<String> warmup(int n) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(
                    "{\"eventType\":\"START\",\"eventTime\":\"2026-11-23T09:00:00.000Z\",\"producer\":\"https://example.com/warmup\","
                            + "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json\",\"run\":{\"runId\":\""
                            + UUID.randomUUID()
                            + "\"},\"job\":{\"namespace\":\"warm\",\"name\":\"up\"},\"inputs\":[],\"outputs\":[]}");
        }
        return events;
    }

    private static String post(HttpClient http, int port, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/lineage/batch"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
