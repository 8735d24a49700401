package dev.provenant.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * {@code ./bench/run graphql}: the fixed cost of one GraphQL request over HTTP, without the
 * 13-minute lineage suite. The real service runs in the bench JVM (fresh database); one client
 * thread sends requests one after another on a kept-alive HTTP/1.1 connection, after a warm-up.
 *
 * <ul>
 *   <li>{@code graphql.noop_p50} / {@code graphql.noop_p99}: {@code { __typename }} POSTed to
 *       {@code /graphql} with the bearer token, ms; baseline: {@code GET /actuator/health} of the same
 *       server in the same run (Spring MVC + security filter chain, no GraphQL);
 *   <li>{@code graphql.noop_p99_without_request_log}: the same with the {@code provenant.requests}
 *       log (one INFO line per request) turned off at runtime; baseline: with it;
 *   <li>{@code http.health_p99}: the health endpoint, ms; baseline: a raw JDK {@code HttpServer} in
 *       this JVM answering the same JSON (what the network stack and the client cost alone).
 * </ul>
 *
 * <p>{@code -Dbench.graphql.requests=2000} per figure (PROVENANT_BENCH_JAVA_OPTS); the goal (issue
 * #17) is a no-op p99 ≤ 2 ms.
 */
final class GraphQlBench {

    private static final String TOKEN = "bench-token-graphql-0123456789";
    /** {@code {"query":"{ __typename }"}}: the document without its file's final newline, as before it was a file. */
    private static final String NOOP = noopBody();

    void run(BenchReporter out) throws Exception {
        int n = Integer.getInteger("bench.graphql.requests", 2000);
        // without it the JDK server's separate header and body writes meet Nagle and delayed ACKs: 40 ms each
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer raw = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] answer = "{\"data\":{\"__typename\":\"Query\"}}".getBytes(StandardCharsets.UTF_8);
        raw.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody();
                    OutputStream o = ex.getResponseBody()) {
                in.readAllBytes();
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, answer.length);
                o.write(answer);
            }
        });
        raw.start();
        try (BenchService service = BenchService.start(TOKEN)) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + service.port();
            String rawBase = "http://127.0.0.1:" + raw.getAddress().getPort();
            IntSupplier graphql = () -> post(http, base + "/graphql", NOOP, true);
            IntSupplier health = () -> get(http, base + "/actuator/health");
            IntSupplier rawCall = () -> post(http, rawBase + "/graphql", NOOP, false);
            // warm-up: JIT, connection pools, GraphQL's document cache
            time(n, graphql);
            time(n / 2, health);
            time(n / 2, rawCall);

            double[] g = new double[n];
            double[] h = new double[n];
            double[] r = new double[n];
            int block = Math.max(1, n / 10); // interleaved blocks: all three see the same load
            for (int i = 0; i < n; i += block) {
                int len = Math.min(block, n - i);
                System.arraycopy(time(len, graphql), 0, g, i, len);
                System.arraycopy(time(len, health), 0, h, i, len);
                System.arraycopy(time(len, rawCall), 0, r, i, len);
            }
            org.springframework.boot.logging.LoggingSystem logging =
                    org.springframework.boot.logging.LoggingSystem.get(GraphQlBench.class.getClassLoader());
            logging.setLogLevel("provenant.requests", org.springframework.boot.logging.LogLevel.WARN);
            double[] quiet = time(n, graphql);
            logging.setLogLevel("provenant.requests", org.springframework.boot.logging.LogLevel.INFO);

            out.note(n + " requests per figure, one client thread, kept-alive HTTP/1.1; ms; interleaved blocks of "
                    + block + "; graphql p50/p90/p99/max " + pct(g, 0.5) + " / " + pct(g, 0.9) + " / " + pct(g, 0.99)
                    + " / " + pct(g, 1.0) + "; health " + pct(h, 0.5) + " / " + pct(h, 0.9) + " / " + pct(h, 0.99)
                    + " / " + pct(h, 1.0) + "; raw " + pct(r, 0.5) + " / " + pct(r, 0.9) + " / " + pct(r, 0.99)
                    + " / " + pct(r, 1.0));
            out.report("graphql.noop_p50", pct(g, 0.5), "ms", pct(h, 0.5));
            out.report("graphql.noop_p99", pct(g, 0.99), "ms", pct(h, 0.99));
            out.report("graphql.noop_p99_without_request_log", pct(quiet, 0.99), "ms", pct(g, 0.99));
            out.report("http.health_p99", pct(h, 0.99), "ms", pct(r, 0.99));
        } finally {
            raw.stop(0);
        }
    }

    private static String noopBody() {
        try {
            return new ObjectMapper()
                    .writeValueAsString(
                            Map.of("query", GraphQlDocuments.load("bench/noop").strip()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int post(HttpClient http, String url, String body, boolean auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return send(http, b.build());
    }

    private static int get(HttpClient http, String url) {
        return send(http, HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private static int send(HttpClient http, HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
                throw new IllegalStateException(req.uri() + " answered " + r.statusCode() + ": "
                        + r.body().substring(0, Math.min(300, r.body().length())));
            }
            return r.body().length();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Milliseconds per call. */
    private static double[] time(int n, IntSupplier call) {
        double[] ms = new double[n];
        long sink = 0;
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            sink += call.getAsInt();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        if (sink == Long.MIN_VALUE) {
            System.err.println(sink);
        }
        return ms;
    }

    private static double pct(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        double p = v[Math.min(v.length - 1, (int) Math.ceil(q * v.length) - 1)];
        return Math.round(p * 1000) / 1000.0;
    }
}
