package dev.provenant.bench;

import dev.provenant.lineage.graph.index.LineageIndex;
import dev.provenant.lineage.graph.index.LineageIndexService;
import dev.provenant.lineage.graph.projection.LineageProjection;
import dev.provenant.messages.common.ProvenantMetadata;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.testsupport.TestPostgres;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.queryhandling.QueryGateway;
import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./bench/run lineage}: lineage queries at scale, the in-memory engine against the
 * recursive-CTE baselines on the same PostgreSQL and the same graph, plus event append throughput
 * through the command path and the projection rebuild rate.
 *
 * <p>Sizes are system properties ({@code -Dbench.lineage.nodes=1000000} etc., through {@code
 * PROVENANT_BENCH_JAVA_OPTS}). The synthetic graph is bulk-loaded (COPY) into the read-model tables
 * the projection writes — loading 1M nodes through commands would take over an hour at the measured
 * command rate — while the write path is measured on its own with real commands.
 */
final class LineageBench {

    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String LINEAGE = GraphQlDocuments.load("bench/lineage-graph");
    private static final String NOOP = body(GraphQlDocuments.load("bench/noop"));
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;

    private final int targetNodes = Integer.getInteger("bench.lineage.nodes", 1_000_000);
    private final int commands = Integer.getInteger("bench.lineage.commands", 20_000);
    private final int clients = Integer.getInteger("bench.lineage.clients", 8);
    private final int samples = Integer.getInteger("bench.lineage.samples", 1000);
    private final int limit = Integer.getInteger("bench.lineage.limit", 10_000);
    private final long cteBudgetMillis = Long.getLong("bench.lineage.cte-budget-ms", 30_000);
    private final int cteTimeoutMillis = Integer.getInteger("bench.lineage.cte-timeout-ms", 5_000);

    /** {@code ml} (the 1M-node ML lineage), {@code fanin} (wide feature joins) or {@code both}. */
    private final String shape = System.getProperty("bench.lineage.shape", "both");

    /**
     * {@code all} (default: every part of the chosen shape) or {@code append} (only the append
     * throughput through commands with its same-run raw-insert baseline: about a minute).
     */
    private final String parts = System.getProperty("bench.lineage.parts", "all");

    private QueryGateway queryGateway;

    void run(BenchReporter out) throws Exception {
        // the bench drives the index's refreshes itself
        if (!List.of("ml", "fanin", "both").contains(shape)) {
            throw new IllegalArgumentException("bench.lineage.shape must be ml, fanin or both, got '" + shape + "'");
        }
        if (!List.of("all", "append").contains(parts)) {
            throw new IllegalArgumentException("bench.lineage.parts must be all or append, got '" + parts + "'");
        }
        BenchService bench = BenchService.start(TOKEN, "--provenant.lineage.index.poll-millis=3600000");
        TestPostgres.TestDatabase db = bench.db();
        ConfigurableApplicationContext ctx = bench.context();
        try {
            int port = bench.port();
            LineageIndexService service = ctx.getBean(LineageIndexService.class);
            queryGateway = ctx.getBean(QueryGateway.class);
            out.note("PostgreSQL from " + TestPostgres.shared().source() + "; "
                    + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");

            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            if (shape.equals("fanin")) {
                fanIn(out, service, db, port, http);
                return;
            }

            appendThroughput(ctx, db, out);
            if (parts.equals("append")) {
                return;
            }
            rebuildRate(ctx, db, out);

            mlShape(out, service, db, port, http);
            if (shape.equals("both")) {
                // the fan-in graph goes into the same tables; the index is reloaded with both
                fanIn(out, service, db, port, http);
            }
        } finally {
            bench.close();
        }
    }

    /** The ML-shaped graph: copied into the tables, loaded into the index, then queried every way. */
    private void mlShape(
            BenchReporter out, LineageIndexService service, TestPostgres.TestDatabase db, int port, HttpClient http)
            throws Exception {
        Graph g = new Graph(targetNodes, new Random(42));
        long c0 = System.nanoTime();
        g.copyInto(db);
        double copySeconds = (System.nanoTime() - c0) / 1e9;
        out.note(String.format(
                "synthetic graph: %d nodes, %d edges (%d runs, %d models, hub dataset %s consumed by %d runs);"
                        + " COPY into lineage_nodes/lineage_edges in %.1f s",
                g.nodeCount, g.edgeCount, g.runs, g.models, g.hubDataset, g.hubConsumers, copySeconds));
        analyzeGraphTables(db);

        LineageIndex index = loadIndex(out, service, g);
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            graphQlRaw(http, port, NOOP);
        }
        double[] noop = time(300, i -> graphQlRaw(http, port, NOOP));
        out.report("lineage.graphql_noop.p50", pct(noop, 0.5), "ms", 0);
        out.report("lineage.graphql_noop.p99", pct(noop, 0.99), "ms", 0);
        for (int depth : new int[] {10, 20}) {
            for (Direction dir : new Direction[] {Direction.UPSTREAM, Direction.DOWNSTREAM}) {
                String[] starts = new String[samples];
                for (int i = 0; i < samples; i++) {
                    starts[i] = g.randomNode(r);
                }
                String name = "lineage." + dir.name().toLowerCase() + ".depth" + depth;
                compare(out, name, starts, dir, depth, service, index, db, port, http);
            }
        }
        String[] hub = new String[Math.min(samples, 200)];
        Arrays.fill(hub, g.hubDataset);
        compare(out, "lineage.hub.downstream.depth3", hub, Direction.DOWNSTREAM, 3, service, index, db, port, http);
    }

    /** The index as at start-up: one full load from the tables, with its rate and heap per row. */
    private static LineageIndex loadIndex(BenchReporter out, LineageIndexService service, Graph g)
            throws InterruptedException {
        LineageIndex index = service.feed().index();
        service.feed().reset();
        long heapBefore = usedHeap();
        long l0 = System.nanoTime();
        int rows = service.feed().refresh();
        double loadSeconds = (System.nanoTime() - l0) / 1e9;
        long heapAfter = usedHeap();
        out.report("lineage.index_load", rows / loadSeconds, "rows/s", 0);
        out.report("lineage.index_bytes_per_edge", (heapAfter - heapBefore) / (double) g.edgeCount, "bytes", 0);
        out.report(
                "lineage.index_bytes_per_node_and_edge",
                (heapAfter - heapBefore) / (double) (g.nodeCount + g.edgeCount),
                "bytes",
                0);
        out.note(String.format(
                "index: %d nodes, %d edges, %.0f MiB of heap (whole graph: ids, labels, attributes, adjacency),"
                        + " loaded in %.1f s",
                index.nodeCount(), index.edgeCount(), (heapAfter - heapBefore) / 1048576.0, loadSeconds));
        return index;
    }

    private void compare(
            BenchReporter out,
            String name,
            String[] starts,
            Direction dir,
            int depth,
            LineageIndexService service,
            LineageIndex index,
            TestPostgres.TestDatabase db,
            int port,
            HttpClient http)
            throws Exception {
        // warm-up (JIT) on the same shape
        for (int i = 0; i < Math.min(200, starts.length); i++) {
            index.query(new LineageQuery(NodeId.parse(starts[i]), dir, depth, null, limit));
        }
        long[] sizes = new long[starts.length];
        double[] engine = time(starts.length, i -> {
            LineageGraph lg = index.query(new LineageQuery(NodeId.parse(starts[i]), dir, depth, null, limit));
            sizes[i] = lg.nodes().size();
            return lg.truncated() ? 1 : 0;
        });
        double[] synced = time(
                starts.length,
                i -> service.answer(new LineageQuery(NodeId.parse(starts[i]), dir, depth, null, limit))
                        .orElseThrow()
                        .nodes()
                        .size());
        double[] gateway = time(
                starts.length,
                i -> queryGateway
                        .query(new LineageQuery(NodeId.parse(starts[i]), dir, depth, null, limit), LineageGraph.class)
                        .join()
                        .nodes()
                        .size());
        for (int i = 0; i < Math.min(100, starts.length); i++) {
            graphQl(http, port, starts[i], dir, depth);
        }
        double[] gql = time(starts.length, i -> graphQl(http, port, starts[i], dir, depth));
        double[] dedup;
        double[] recursive;
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = " + cteTimeoutMillis);
            }
            dedup = timeBudget(starts, i -> cte(c, dedupCte(dir), starts[i], depth));
            recursive = timeBudget(starts, i -> cte(c, recursiveCte(dir), starts[i], depth));
        }
        Arrays.sort(sizes);
        out.note(String.format(
                "%s: %d starts, limit %d; nodes returned p50 %d, p99 %d, max %d; dedup CTE %d samples, recursive CTE %d"
                        + " samples (timeouts at %d ms count as %d ms)",
                name,
                starts.length,
                limit,
                sizes[sizes.length / 2],
                sizes[(int) (sizes.length * 0.99)],
                sizes[sizes.length - 1],
                dedup.length,
                recursive.length,
                cteTimeoutMillis,
                cteTimeoutMillis));
        for (String p : new String[] {"p50", "p99"}) {
            double q = p.equals("p50") ? 0.5 : 0.99;
            double dedupP = pct(dedup, q);
            out.report(name + ".engine." + p, pct(engine, q), "ms", dedupP);
            out.report(name + ".engine_synced." + p, pct(synced, q), "ms", dedupP);
            out.report(name + ".query_gateway." + p, pct(gateway, q), "ms", dedupP);
            out.report(name + ".graphql." + p, pct(gql, q), "ms", dedupP);
            out.report(name + ".recursive_cte." + p, pct(recursive, q), "ms", dedupP);
        }
    }

    /**
     * The fan-in shape: the graph of {@link FanInGraph} COPYed into the same tables, the index
     * reloaded, then upstream lineage of the top level's outputs at depth 10 and at full depth
     * ({@link LineageQuery#MAX_DEPTH}) through the engine, GraphQL over HTTP and three recursive
     * CTEs, every answer checked against the engine's.
     */
    private void fanIn(
            BenchReporter out, LineageIndexService service, TestPostgres.TestDatabase db, int port, HttpClient http)
            throws Exception {
        out.startTranscript();
        out.note("fan-in shape, start: " + load());
        FanInGraph g = new FanInGraph(
                Integer.getInteger("bench.lineage.fanin.levels", 24),
                Integer.getInteger("bench.lineage.fanin.width", 50),
                Integer.getInteger("bench.lineage.fanin.min-inputs", 4),
                Integer.getInteger("bench.lineage.fanin.max-inputs", 8),
                Integer.getInteger("bench.lineage.fanin.span", 3),
                new Random(42));
        int nodes = g.nodeCount;
        int edges = g.edgeCount;
        long c0 = System.nanoTime();
        g.copyInto(db);
        double copySeconds = (System.nanoTime() - c0) / 1e9;
        analyzeGraphTables(db);
        service.feed().reset();
        service.feed().refresh();
        LineageIndex index = service.feed().index();

        int full = LineageQuery.MAX_DEPTH;
        Map<String, Long> paths10 = g.paths(10);
        Map<String, Long> pathsFull = g.paths(full);
        out.note(String.format(
                "fan-in graph: %d levels of %d runs, each joining %s-%s artifacts from the previous 1-%s levels:"
                        + " %d nodes, %d edges (%d runs); COPY in %.1f s; index now %d nodes, %d edges",
                g.levels,
                g.width,
                Integer.getInteger("bench.lineage.fanin.min-inputs", 4),
                Integer.getInteger("bench.lineage.fanin.max-inputs", 8),
                Integer.getInteger("bench.lineage.fanin.span", 3),
                nodes,
                edges,
                g.runs,
                copySeconds,
                index.nodeCount(),
                index.edgeCount()));
        describePaths(out, g, paths10, pathsFull, full);

        for (int i = 0; i < 300; i++) {
            graphQlRaw(http, port, NOOP);
        }
        double[] noop = time(300, i -> graphQlRaw(http, port, NOOP));
        out.report("lineage.fanin.graphql_noop.p50", pct(noop, 0.5), "ms", 0);
        out.report("lineage.fanin.graphql_noop.p99", pct(noop, 0.99), "ms", 0);

        String[] starts = g.top.toArray(String[]::new);
        try {
            fanInCompare(out, "lineage.fanin.upstream.depth10", starts, 10, paths10, index, db, port, http);
            fanInCompare(out, "lineage.fanin.upstream.full", starts, full, pathsFull, index, db, port, http);
        } finally {
            out.note("fan-in shape, end: " + load());
            out.printTranscript("lineage suite, fan-in shape");
        }
    }

    /** The path counts the fan-in graph makes a path-walking traversal face (the DP's, exact). */
    private static void describePaths(
            BenchReporter out, FanInGraph g, Map<String, Long> paths10, Map<String, Long> pathsFull, int full) {
        String deepest = g.top.get(0);
        for (String t : g.top) {
            if (pathsFull.get(t) > pathsFull.get(deepest)) {
                deepest = t;
            }
        }
        long[] topFull = g.top.stream().mapToLong(pathsFull::get).sorted().toArray();
        out.note(String.format(
                "fan-in paths (DP, = rows of the UNION ALL walk): deepest node %s (longest upstream path %d hops)"
                        + " has %,d upstream paths within 10 hops and %,d%s within %d; over the %d top-level"
                        + " outputs (the start nodes) min / median / max within %d: %,d / %,d / %,d",
                deepest,
                g.height(deepest),
                paths10.get(deepest),
                pathsFull.get(deepest),
                pathsFull.get(deepest) == Long.MAX_VALUE ? " (saturated: more)" : "",
                full,
                topFull.length,
                full,
                topFull[0],
                topFull[topFull.length / 2],
                topFull[topFull.length - 1]));
    }

    /** Upstream answers over HTTP after 20 warm-up requests, in ms; {@code bytes} gets the sorted body sizes. */
    private static double[] timeGraphQl(
            HttpClient http, int port, IntFunction<String> startText, int depth, long[] bytes) throws Exception {
        for (int i = 0; i < 20; i++) {
            graphQl(http, port, startText.apply(i), Direction.UPSTREAM, depth);
        }
        double[] ms = time(bytes.length, i -> {
            int b = graphQl(http, port, startText.apply(i), Direction.UPSTREAM, depth);
            bytes[i] = b;
            return b;
        });
        Arrays.sort(bytes);
        return ms;
    }

    private static void analyzeGraphTables(TestPostgres.TestDatabase db) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("ANALYZE lineage_nodes");
            s.execute("ANALYZE lineage_edges");
        }
    }

    private void fanInCompare(
            BenchReporter out,
            String name,
            String[] starts,
            int depth,
            Map<String, Long> paths,
            LineageIndex index,
            TestPostgres.TestDatabase db,
            int port,
            HttpClient http)
            throws Exception {
        int samples = Integer.getInteger("bench.lineage.fanin.samples", 200);
        int httpSamples = Integer.getInteger("bench.lineage.fanin.graphql-samples", 100);
        NodeId[] nodeIds = Arrays.stream(starts).map(NodeId::parse).toArray(NodeId[]::new);
        IntFunction<NodeId> start = i -> nodeIds[i % nodeIds.length];
        IntFunction<String> startText = i -> starts[i % starts.length];
        Reference ref = reference(index, starts, depth);
        Map<String, Set<String>> expected = ref.expected();
        long[] nodeCounts = ref.nodeCounts();
        long[] edgeCounts = ref.edgeCounts();
        Set<String> capped = ref.capped();
        for (int i = 0; i < 200; i++) {
            index.query(new LineageQuery(start.apply(i), Direction.UPSTREAM, depth, null, limit));
        }
        double[] engine = time(
                samples,
                i -> index.query(new LineageQuery(start.apply(i), Direction.UPSTREAM, depth, null, limit))
                        .nodes()
                        .size());

        // GraphQL: the answers of the first starts checked, then timed
        int gqlChecked = checkGraphQl(name, http, port, starts, depth, expected);
        long[] bytes = new long[httpSamples];
        double[] gql = timeGraphQl(http, port, startText, depth, bytes);

        Arrays.sort(nodeCounts);
        Arrays.sort(edgeCounts);
        long[] startPaths = Arrays.stream(starts).mapToLong(paths::get).sorted().toArray();
        out.note(String.format(
                "%s: %d start nodes (the top level's outputs), limit %d, engine %d samples, GraphQL %d; answer p50 / max:"
                        + " %d / %d nodes, %d / %d edges, GraphQL body %,d / %,d bytes; %d answers truncated;"
                        + " upstream paths per start p50 / max %,d / %,d",
                name,
                starts.length,
                limit,
                samples,
                httpSamples,
                nodeCounts[nodeCounts.length / 2],
                nodeCounts[nodeCounts.length - 1],
                edgeCounts[edgeCounts.length / 2],
                edgeCounts[edgeCounts.length - 1],
                bytes[bytes.length / 2],
                bytes[bytes.length - 1],
                ref.truncated(),
                startPaths[startPaths.length / 2],
                startPaths[startPaths.length - 1]));

        SqlRun dedup = sqlRun(db, dedupCteIds(false), starts, depth, paths, expected, capped, false);
        SqlRun cappedCte = sqlRun(db, dedupCteIds(true), starts, depth, paths, expected, capped, false);
        SqlRun recursive = sqlRun(db, recursiveCteIds(), starts, depth, paths, expected, capped, true);
        out.note(name + ": GraphQL answers checked against the engine's: " + gqlChecked + " (same node sets)");
        out.note(name + ".dedup_cte (UNION on (node, depth), no row cap; the baseline): " + dedup.summary());
        out.note(name + ".dedup_cte_capped (the suite's dedup CTE, LIMIT " + (limit * 4) + " walk rows): "
                + cappedCte.summary());
        out.note(name + ".recursive_cte (UNION ALL, one row per path): " + recursive.summary());
        reportPercentiles(out, name, engine, gql, dedup, cappedCte, recursive);
        out.report(name + ".dedup_cte.p50", pct(dedup.ms, 0.5), "ms", 0);
        out.report(name + ".dedup_cte.p99", pct(dedup.ms, 0.99), "ms", 0);
        out.report(
                name + ".paths_per_node",
                startPaths[startPaths.length / 2],
                "paths",
                nodeCounts[nodeCounts.length / 2]);
        if (dedup.mismatches + recursive.mismatches + cappedCte.mismatches > 0) {
            throw new IllegalStateException(name + ": a CTE that finished disagrees with the engine (see above)");
        }
    }

    /** The engine's answers, untimed: the reference every other answer is checked against. */
    private record Reference(
            Map<String, Set<String>> expected,
            long[] nodeCounts,
            long[] edgeCounts,
            int truncated,
            Set<String> capped) {}

    private Reference reference(LineageIndex index, String[] starts, int depth) {
        Map<String, Set<String>> expected = new HashMap<>();
        long[] nodeCounts = new long[starts.length];
        long[] edgeCounts = new long[starts.length];
        int truncated = 0;
        Set<String> capped = new HashSet<>(); // the engine stopped at the node cap: a CTE returns more
        for (int i = 0; i < starts.length; i++) {
            LineageGraph lg =
                    index.query(new LineageQuery(NodeId.parse(starts[i]), Direction.UPSTREAM, depth, null, limit));
            Set<String> ids = new HashSet<>();
            lg.nodes().forEach(n -> ids.add(n.id().value()));
            expected.put(starts[i], ids);
            nodeCounts[i] = ids.size();
            edgeCounts[i] = lg.edges().size();
            if (lg.truncated()) {
                truncated++;
                capped.add(starts[i]);
            }
        }
        return new Reference(expected, nodeCounts, edgeCounts, truncated, capped);
    }

    /** GraphQL's node sets for the first (at most 5) starts against the engine's; the number checked. */
    private int checkGraphQl(
            String name, HttpClient http, int port, String[] starts, int depth, Map<String, Set<String>> expected)
            throws Exception {
        int checked = 0;
        for (int i = 0; i < Math.min(5, starts.length); i++) {
            com.fasterxml.jackson.databind.JsonNode lineage = JSON.readTree(
                            graphQlBody(http, port, starts[i], Direction.UPSTREAM, depth))
                    .path("data")
                    .path("lineage");
            Set<String> ids = new HashSet<>();
            lineage.path("nodes").forEach(n -> ids.add(n.path("id").asText()));
            if (!ids.equals(expected.get(starts[i]))) {
                throw new IllegalStateException(name + ": GraphQL answered " + ids.size() + " nodes for " + starts[i]
                        + ", the engine " + expected.get(starts[i]).size());
            }
            checked++;
        }
        return checked;
    }

    /** p50 and p99 of each way against the uncapped dedup CTE; a timed-out CTE's figure marked as a lower bound. */
    private void reportPercentiles(
            BenchReporter out,
            String name,
            double[] engine,
            double[] gql,
            SqlRun dedup,
            SqlRun cappedCte,
            SqlRun recursive) {
        for (String p : new String[] {"p50", "p99"}) {
            double q = p.equals("p50") ? 0.5 : 0.99;
            double base = pct(dedup.ms, q);
            out.report(name + ".engine." + p, pct(engine, q), "ms", base);
            out.report(name + ".graphql." + p, pct(gql, q), "ms", base);
            out.report(name + ".dedup_cte_capped." + p, pct(cappedCte.ms, q), "ms", base);
            out.report(name + ".recursive_cte." + p, pct(recursive.ms, q), "ms", base);
            for (SqlRun run : new SqlRun[] {dedup, cappedCte, recursive}) {
                if (pct(run.ms, q) >= cteTimeoutMillis && run.timeouts > 0) {
                    out.note(String.format(
                            Locale.ROOT,
                            "%s.%s.%s: timed out after %.1f s (%d of %d statements): the value is the timeout, a lower"
                                    + " bound",
                            name,
                            run == dedup ? "dedup_cte" : run == cappedCte ? "dedup_cte_capped" : "recursive_cte",
                            p,
                            cteTimeoutMillis / 1000.0,
                            run.timeouts,
                            run.samples));
                }
            }
        }
    }

    /** One CTE's samples: times (a timed-out statement counts as the timeout) and its answers' checks. */
    private final class SqlRun {
        double[] ms;
        int samples;
        int timeouts;
        int agreed;
        int capped;
        int capHits;
        int mismatches;
        int pathChecks;
        final List<String> problems = new ArrayList<>();

        String summary() {
            String s = String.format(
                    Locale.ROOT,
                    "%d samples; %d timed out after %.1f s%s; of those that finished, %d returned the engine's node"
                            + " set%s%s%s%s",
                    samples,
                    timeouts,
                    cteTimeoutMillis / 1000.0,
                    timeouts > 0 ? " (their time counts as the timeout: a lower bound)" : "",
                    agreed,
                    pathChecks > 0 ? ", " + pathChecks + " returned exactly the DP's number of paths" : "",
                    capHits > capped
                            ? ", " + (capHits - capped) + " reached the row cap with the answer still complete"
                            : "",
                    capped > 0 ? ", " + capped + " hit the row cap and returned an INCOMPLETE answer" : "",
                    mismatches > 0 ? "; MISMATCH " + String.join("; ", problems) : "");
            return s;
        }
    }

    /**
     * Runs {@code sql} for the starts in turn under the statement timeout, for at least 10 samples and
     * then until the CTE time budget is spent, stopping early after 3 timeouts.
     */
    private SqlRun sqlRun(
            TestPostgres.TestDatabase db,
            String sql,
            String[] starts,
            int depth,
            Map<String, Long> paths,
            Map<String, Set<String>> expected,
            Set<String> truncated,
            boolean countsPaths)
            throws SQLException {
        SqlRun run = new SqlRun();
        List<Double> ms = new ArrayList<>();
        long end = System.nanoTime() + cteBudgetMillis * 1_000_000L;
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = " + cteTimeoutMillis);
            }
            for (int i = 0; run.timeouts < 3 && (ms.size() < 10 || System.nanoTime() < end); i++) {
                String start = starts[i % starts.length];
                Set<String> ids = new HashSet<>();
                long rows = 0;
                long t = System.nanoTime();
                boolean timedOut = false;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, start);
                    ps.setInt(2, depth);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                            rows += rs.getLong(2);
                        }
                    }
                } catch (SQLException e) {
                    if (!"57014".equals(e.getSQLState())) { // statement_timeout
                        throw e;
                    }
                    timedOut = true;
                }
                double took = (System.nanoTime() - t) / 1e6;
                run.samples++;
                if (timedOut) {
                    run.timeouts++;
                    ms.add((double) cteTimeoutMillis);
                    continue;
                }
                ms.add(took);
                boolean hitCap = !countsPaths && rows >= limit * 4L && sql.contains(" LIMIT ");
                run.capHits += hitCap ? 1 : 0;
                if (truncated.contains(start)
                        ? ids.containsAll(expected.get(start))
                        : ids.equals(expected.get(start))) {
                    run.agreed++;
                } else if (hitCap) {
                    run.capped++;
                } else if (run.mismatches++ < 3) {
                    run.problems.add(start + ": " + ids.size() + " nodes, the engine "
                            + expected.get(start).size());
                }
                if (countsPaths) {
                    if (rows == paths.get(start)) {
                        run.pathChecks++;
                    } else if (run.mismatches++ < 3) {
                        run.problems.add(start + ": " + rows + " paths, the DP " + paths.get(start));
                    }
                }
            }
        }
        run.ms = ms.stream().mapToDouble(Double::doubleValue).toArray();
        return run;
    }

    private static String recursiveCteIds() {
        return "WITH RECURSIVE walk(id, depth) AS (SELECT ?::varchar, 0 UNION ALL SELECT e.from_id, w.depth + 1"
                + " FROM lineage_edges e JOIN walk w ON e.to_id = w.id WHERE w.depth < ?)"
                + " SELECT id, count(*) FROM walk GROUP BY id";
    }

    private String dedupCteIds(boolean capped) {
        return "WITH RECURSIVE walk(id, depth) AS (SELECT ?::varchar, 0 UNION SELECT e.from_id, w.depth + 1"
                + " FROM lineage_edges e JOIN walk w ON e.to_id = w.id WHERE w.depth < ?)"
                + (capped
                        ? " SELECT id, count(*) FROM (SELECT id FROM walk LIMIT " + (limit * 4) + ") capped GROUP BY id"
                        : " SELECT id, count(*) FROM walk GROUP BY id");
    }

    private static String load() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).trim() + " at " + Instant.now();
        } catch (java.io.IOException e) {
            return "load average unknown (" + e.getMessage() + ")";
        }
    }

    private static String recursiveCte(Direction dir) {
        String[] cols = cols(dir);
        // Marquez-style: UNION ALL, every path walked, depth-bounded only
        return "WITH RECURSIVE walk(id, depth) AS (SELECT ?::varchar, 0 UNION ALL SELECT e." + cols[0]
                + ", w.depth + 1 FROM lineage_edges e JOIN walk w ON e." + cols[1] + " = w.id WHERE w.depth < ?)"
                + " SELECT count(DISTINCT id) FROM walk";
    }

    private String dedupCte(Direction dir) {
        String[] cols = cols(dir);
        // deduplicated (UNION drops repeated (node, depth) pairs) and capped at the same node limit
        return "WITH RECURSIVE walk(id, depth) AS (SELECT ?::varchar, 0 UNION SELECT e." + cols[0]
                + ", w.depth + 1 FROM lineage_edges e JOIN walk w ON e." + cols[1] + " = w.id WHERE w.depth < ?)"
                + " SELECT count(DISTINCT id) FROM (SELECT id FROM walk LIMIT " + (limit * 4) + ") capped";
    }

    private static String[] cols(Direction dir) {
        return dir == Direction.UPSTREAM ? new String[] {"from_id", "to_id"} : new String[] {"to_id", "from_id"};
    }

    private int cte(Connection c, String sql, String start, int depth) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, start);
            ps.setInt(2, depth);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) { // statement_timeout
                return -1;
            }
            throw new IllegalStateException(e);
        }
    }

    private static int graphQl(HttpClient http, int port, String node, Direction dir, int depth) {
        Map<String, Object> variables = Map.of(
                "n", node, "dir", dir.name(), "d", depth, "limit", Integer.getInteger("bench.lineage.limit", 10_000));
        try {
            return graphQlRaw(http, port, JSON.writeValueAsString(Map.of("query", LINEAGE, "variables", variables)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(String document) {
        try {
            return JSON.writeValueAsString(Map.of("query", document));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String graphQlBody(HttpClient http, int port, String node, Direction dir, int depth)
            throws java.io.IOException, InterruptedException {
        Map<String, Object> variables = Map.of(
                "n", node, "dir", dir.name(), "d", depth, "limit", Integer.getInteger("bench.lineage.limit", 10_000));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("query", LINEAGE, "variables", variables))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
            throw new IllegalStateException("GraphQL " + r.statusCode() + ": "
                    + r.body().substring(0, Math.min(300, r.body().length())));
        }
        return r.body();
    }

    private static int graphQlRaw(HttpClient http, int port, String body) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
                throw new IllegalStateException("GraphQL " + r.statusCode() + ": "
                        + r.body().substring(0, Math.min(300, r.body().length())));
            }
            return r.body().length();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Milliseconds per call. */
    private static double[] time(int n, IntFunction<Integer> call) {
        double[] ms = new double[n];
        long sink = 0;
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            sink += call.apply(i);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        if (sink == Long.MIN_VALUE) {
            System.err.println(sink);
        }
        return ms;
    }

    /** Like {@link #time} but stops after the time budget (slow baselines); timeouts count as the timeout. */
    private double[] timeBudget(String[] starts, IntFunction<Integer> call) {
        List<Double> ms = new ArrayList<>();
        long end = System.nanoTime() + cteBudgetMillis * 1_000_000L;
        for (int i = 0; i < starts.length && (ms.size() < 10 || System.nanoTime() < end); i++) {
            long t = System.nanoTime();
            int res = call.apply(i);
            ms.add(res < 0 ? cteTimeoutMillis : (System.nanoTime() - t) / 1e6);
        }
        return ms.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double pct(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.ceil(q * v.length) - 1)];
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** Commands through the gateway (aggregate, event store, 8 clients) vs raw inserts of the same events. */
    private void appendThroughput(ConfigurableApplicationContext ctx, TestPostgres.TestDatabase db, BenchReporter out)
            throws Exception {
        CommandGateway gateway = ctx.getBean(CommandGateway.class);
        IntFunction<Object> command = i -> GenericCommandMessage.asCommandMessage(new RegisterDatasetVersionCommand(
                        DatasetVersionId.parse("dataset:bench" + i + "@v1"),
                        "bench" + i,
                        "v1",
                        Sha256Digest.parse("sha256:" + String.format("%064x", 0xbe00000000L + i)),
                        1000 + i,
                        null,
                        null,
                        null))
                .withMetaData(Map.of(ProvenantMetadata.PRINCIPAL, "bench"));
        for (int i = 0; i < 200; i++) {
            gateway.sendAndWait(command.apply(commands + i)); // warm-up
        }
        long firstBench;
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(globalindex) FROM domainevententry")) {
            rs.next();
            firstBench = rs.getLong(1) + 1;
        }
        out.note("append through commands, start: " + load());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        ClientThreads.share(pool, clients, commands, i -> gateway.sendAndWait(command.apply(i)));
        double commandRate = commands / ((System.nanoTime() - t0) / 1e9);
        out.note("append through commands, end: " + load());
        // the baseline runs once the projections have applied the commands' events: a backlog
        // still being applied would slow the raw inserts too, and flatter a slow projection's ratio
        long c0 = System.nanoTime();
        waitForEdges(db, commands + 200L, 600_000);
        waitForRows(db, "dataset_versions", commands + 200L, 600_000);
        out.note(String.format(
                "projections caught up %.1f s after the last command (%s)", (System.nanoTime() - c0) / 1e9, load()));

        // the same event rows, inserted raw (one per transaction, like one command) by as many clients
        List<Object[]> rows = copyEventRows(db, firstBench);
        double rawRate = rawInsertRate(db, rows, pool);
        pool.shutdown();
        out.note(commands + " RegisterDatasetVersion commands (1 event each) from " + clients
                + " client threads through the CommandGateway; raw: the same " + rows.size()
                + " event rows, 1 per transaction, same threads");
        out.report("lineage.append.commands", commandRate, "events/s", rawRate);
    }

    /** Creates the raw events table; returns the event store's rows from {@code firstIndex} on. */
    private static List<Object[]> copyEventRows(TestPostgres.TestDatabase db, long firstIndex) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_raw_events (globalindex BIGSERIAL PRIMARY KEY, aggregateidentifier"
                    + " VARCHAR(255) NOT NULL, sequencenumber BIGINT NOT NULL, type VARCHAR(255), eventidentifier"
                    + " VARCHAR(255) NOT NULL UNIQUE, metadata BYTEA, payload BYTEA NOT NULL, payloadrevision"
                    + " VARCHAR(255), payloadtype VARCHAR(255) NOT NULL, timestamp VARCHAR(255) NOT NULL,"
                    + " UNIQUE (aggregateidentifier, sequencenumber))");
            try (ResultSet rs = s.executeQuery("SELECT aggregateidentifier, sequencenumber, type, eventidentifier,"
                    + " metadata, payload, payloadrevision, payloadtype, timestamp FROM domainevententry"
                    + " WHERE globalindex >= " + firstIndex)) {
                while (rs.next()) {
                    Object[] row = new Object[9];
                    for (int k = 0; k < 9; k++) {
                        row[k] = rs.getObject(k + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The baseline: {@code rows} inserted one per transaction by as many clients; rows/s. */
    private double rawInsertRate(TestPostgres.TestDatabase db, List<Object[]> rows, ExecutorService pool)
            throws Exception {
        AtomicInteger nextRaw = new AtomicInteger();
        long r0 = System.nanoTime();
        List<Future<?>> rs = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            rs.add(pool.submit(() -> {
                try (Connection c = db.connect();
                        PreparedStatement ps = c.prepareStatement("INSERT INTO bench_raw_events (aggregateidentifier,"
                                + " sequencenumber, type, eventidentifier, metadata, payload, payloadrevision,"
                                + " payloadtype, timestamp) VALUES (?,?,?,?,?,?,?,?,?)")) {
                    int i;
                    while ((i = nextRaw.getAndIncrement()) < rows.size()) {
                        Object[] row = rows.get(i);
                        for (int k = 0; k < 9; k++) {
                            ps.setObject(k + 1, row[k]);
                        }
                        ps.executeUpdate(); // autocommit: one event per transaction
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : rs) {
            f.get();
        }
        return rows.size() / ((System.nanoTime() - r0) / 1e9);
    }

    /** Resets the lineage processor and times the replay of every event into the graph tables. */
    private void rebuildRate(ConfigurableApplicationContext ctx, TestPostgres.TestDatabase db, BenchReporter out)
            throws Exception {
        long events;
        long edgesBefore = waitForEdges(db, commands + 200L, 120_000);
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM domainevententry")) {
            rs.next();
            events = rs.getLong(1);
        }
        StreamingEventProcessor p = ctx.getBean(EventProcessingConfiguration.class)
                .eventProcessor(LineageProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        p.shutDown();
        p.resetTokens();
        p.start();
        // from the first replayed row (not from start(): claiming the token's segments takes a while)
        waitForEdges(db, 1, 600_000);
        long t0 = System.nanoTime();
        waitForEdges(db, edgesBefore, 600_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.report("lineage.projection_rebuild", events / seconds, "events/s", 0);
        out.note("projection rebuild: " + events + " events replayed into the lineage tables in "
                + String.format("%.1f s", seconds));
    }

    private static void waitForRows(TestPostgres.TestDatabase db, String table, long atLeast, long timeoutMillis)
            throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try (Connection c = db.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                if (rs.getLong(1) >= atLeast) {
                    return;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(table + " did not reach " + atLeast + " rows in time");
            }
            Thread.sleep(50);
        }
    }

    private static long waitForEdges(TestPostgres.TestDatabase db, long atLeast, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            long n;
            try (Connection c = db.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM lineage_edges")) {
                rs.next();
                n = rs.getLong(1);
            }
            if (n >= atLeast) {
                return n;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("lineage projection stuck at " + n + " edges, expected " + atLeast);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Rows of {@code lineage_nodes} and {@code lineage_edges} as COPY text, written by a synthetic
     * graph generator; every row carries the current event position (one per run or dataset).
     */
    abstract static class GraphRows {
        final StringBuilder nodes = new StringBuilder();
        final StringBuilder edges = new StringBuilder();
        final List<String> copyNodes = new ArrayList<>();
        final List<String> copyEdges = new ArrayList<>();
        int nodeCount;
        int edgeCount;
        long position;
        private long artifacts;
        private final String artifactPrefix;

        /**
         * {@code artifactPrefix}: leading hex digits of every digest (the ML shape: zeros, so its
         * digests share a 48-digit prefix), or null for random-looking digests like real ones.
         */
        GraphRows(String artifactPrefix) {
            this.artifactPrefix = artifactPrefix;
        }

        /** Called for every node row. */
        void added(String id, String kind) {}

        String artifact() {
            long v = ++artifacts * 0x9E3779B97F4A7C15L & Long.MAX_VALUE;
            if (artifactPrefix == null) { // digests like real ones: 64 hex digits without a common prefix
                StringBuilder b = new StringBuilder("sha256:");
                for (int k = 0; k < 4; k++) {
                    b.append(String.format("%016x", mix(v * 4 + k)));
                }
                return b.toString();
            }
            return "sha256:" + artifactPrefix + String.format("%0" + (64 - artifactPrefix.length()) + "x", v);
        }

        /** SplitMix64's finalizer: a bijection of longs that looks random. */
        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        private String ts() {
            long micros = T0 + position * 1000;
            return LineageIndexTime.format(micros);
        }

        /**
         * {@code count} raw dataset versions ({@code dataset:<prefix><i>@v1}), each with its content
         * artifact and one event position; the contents' digests, in order.
         */
        List<String> rawDatasets(String prefix, int count) {
            List<String> contents = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String ds = "dataset:" + prefix + i + "@v1";
                String content = artifact();
                node(ds, "DATASET_VERSION", prefix + i + "@v1", "{\"sizeBytes\": \"1000\"}");
                node(content, "ARTIFACT", null, "{\"sizeBytes\": \"1000\"}");
                edge(ds, content, "CONTENT");
                contents.add(content);
                position++;
            }
            return contents;
        }

        void node(String id, String kind, String label, String attrs) {
            nodes.append(id)
                    .append('\t')
                    .append(kind)
                    .append('\t')
                    .append(label == null ? "\\N" : label)
                    .append('\t')
                    .append(attrs)
                    .append('\t')
                    .append(ts())
                    .append('\t')
                    .append(position)
                    .append('\n');
            nodeCount++;
            added(id, kind);
        }

        void edge(String from, String to, String type) {
            edges.append(from)
                    .append('\t')
                    .append(to)
                    .append('\t')
                    .append(type)
                    .append('\t')
                    .append(ts())
                    .append('\t')
                    .append(position)
                    .append('\n');
            edgeCount++;
        }

        void flush(boolean force) {
            if (force || nodes.length() > (4 << 20)) {
                copyNodes.add(nodes.toString());
                nodes.setLength(0);
            }
            if (force || edges.length() > (4 << 20)) {
                copyEdges.add(edges.toString());
                edges.setLength(0);
            }
        }

        void copyInto(TestPostgres.TestDatabase db) throws Exception {
            try (Connection c = db.connect()) {
                var copy = c.unwrap(PGConnection.class).getCopyAPI();
                for (String chunk : copyNodes) {
                    copy.copyIn(
                            "COPY lineage_nodes (id, kind, label, attributes, recorded_at, event_position) FROM STDIN",
                            new StringReader(chunk));
                }
                copyNodes.clear();
                for (String chunk : copyEdges) {
                    copy.copyIn(
                            "COPY lineage_edges (from_id, to_id, type, recorded_at, event_position) FROM STDIN",
                            new StringReader(chunk));
                }
                copyEdges.clear();
            }
        }
    }

    /**
     * Synthetic ML lineage: raw datasets (with content artifacts) feed runs; each run consumes 1-3
     * artifacts (mostly recent outputs, so pipelines chain deep; sometimes a raw dataset or an old
     * artifact; a quarter of runs also read one hub dataset shard), runs with one of a few code
     * snapshots and environments (hubs upstream of everything), produces 1-2 artifacts, and one run
     * in twenty registers a model from its output. One dataset is consumed by 10,000 runs.
     */
    static final class Graph extends GraphRows {
        final List<String> sample = new ArrayList<>();
        int runs;
        int models;
        int hubConsumers;
        String hubDataset;

        Graph(int targetNodes, Random r) {
            super("");
            int rawDatasets = Math.max(10, targetNodes / 200);
            List<String> raw = rawDatasets("raw", rawDatasets);
            hubDataset = "dataset:raw0@v1";
            String hubContent = raw.get(0);
            String[] code = new String[Math.max(4, targetNodes / 5000)];
            for (int i = 0; i < code.length; i++) {
                code[i] = artifact();
                node(code[i], "CODE_SNAPSHOT", "c" + i, "{\"commit\": \"abc" + i + "\", \"dirty\": \"false\"}");
            }
            String[] env = new String[8];
            for (int i = 0; i < env.length; i++) {
                env[i] = artifact();
                node(env[i], "ENVIRONMENT", "environment", "{\"os\": \"Linux\", \"java\": \"17\"}");
            }
            List<String> outputs = new ArrayList<>(raw);
            while (nodeCount < targetNodes) {
                String run = "run:r" + runs;
                node(run, "RUN", "step" + (runs % 50), "{\"name\": \"step" + (runs % 50) + "\"}");
                int inputs = 1 + (r.nextInt(10) < 6 ? 0 : r.nextInt(10) < 7 ? 1 : 2);
                java.util.Set<String> consumed = new java.util.HashSet<>();
                for (int k = 0; k < inputs; k++) {
                    String in;
                    int roll = r.nextInt(100);
                    if (roll < 75) { // a recent output: deep chains
                        in = outputs.get(Math.max(0, outputs.size() - 1 - r.nextInt(2000)));
                    } else if (roll < 90) {
                        in = raw.get(r.nextInt(raw.size()));
                    } else {
                        in = outputs.get(r.nextInt(outputs.size()));
                    }
                    if (consumed.add(in)) {
                        edge(in, run, "CONSUMED");
                    }
                }
                if (hubConsumers < 10_000 && r.nextInt(4) == 0 && consumed.add(hubContent)) {
                    edge(hubContent, run, "CONSUMED");
                    hubConsumers++;
                }
                edge(code[r.nextInt(code.length)], run, "RAN_CODE");
                edge(env[r.nextInt(env.length)], run, "RAN_IN_ENV");
                int outs = 1 + (r.nextInt(2));
                String last = null;
                for (int k = 0; k < outs; k++) {
                    last = artifact();
                    node(last, "ARTIFACT", "out" + k, "{\"sizeBytes\": \"" + r.nextInt(1 << 20) + "\"}");
                    edge(run, last, "PRODUCED");
                    outputs.add(last);
                }
                if (r.nextInt(20) == 0) {
                    String model = "model:m" + models + "@1";
                    node(model, "MODEL_VERSION", "m" + models + "@1", "{\"outputName\": \"out0\"}");
                    edge(run, model, "REGISTERED_FROM");
                    edge(last, model, "REGISTERED_FROM");
                    models++;
                }
                runs++;
                position++;
                flush(false);
            }
            flush(true);
        }

        @Override
        void added(String id, String kind) {
            if (sample.size() < 2_000_000 && !kind.equals("CODE_SNAPSHOT") && !kind.equals("ENVIRONMENT")) {
                sample.add(id);
            }
        }

        String randomNode(Random r) {
            return sample.get(r.nextInt(sample.size()));
        }
    }

    /** ISO timestamps for COPY. */
    static final class LineageIndexTime {
        static String format(long micros) {
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                    .toString();
        }
    }
}
