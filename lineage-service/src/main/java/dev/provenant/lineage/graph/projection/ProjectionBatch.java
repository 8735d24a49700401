package dev.provenant.lineage.graph.projection;

import dev.provenant.lineage.readmodel.Json;
import dev.provenant.messages.run.MetricSeriesColumns;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows one batch of events writes to the lineage read model, collected while the processor
 * hands the batch's events to the handlers and written in one go just before the batch's
 * transaction commits: one multi-row statement per graph table, and the {@code runs} changes in
 * JDBC batches that keep each run's changes in event order.
 *
 * <h2>Event positions without a lookup per event</h2>
 *
 * Every row records the global index of its event. The processor hands each event with its
 * gap-aware tracking token, which holds the highest index seen and the gaps below it. Given the
 * token of the event just before it in the stream (the projection sees every event, see {@link
 * LineageProjection}), the index follows: if the token's index moved up, the event is at the new
 * index; if it did not, the event filled a gap and is the one index that left the gaps. Only the
 * first event of a batch (no predecessor known) and ambiguous cases (gaps dropped by the store
 * between two fetches) are looked up, all at once, by event identifier when the batch is written.
 */
final class ProjectionBatch {

    /** The global index of one event; resolved when derived, or at {@link #flush}. */
    static final class Pos {
        final String eventId;
        long value = -1;

        Pos(String eventId) {
            this.eventId = eventId;
        }
    }

    /**
     * One change to a run's row: the statement and its arguments, and, for the changes a batch can
     * fold into the run's insert, what it does ({@link RunStart}, {@link RunAppend}, {@link
     * RunFinish}; null for any other change).
     */
    private record RunOp(String sql, Object[] args, Object change) {}

    /** A run's first row, as {@code RunStartedEvent} writes it. */
    record RunStart(
            String id,
            String name,
            String pipelineRunId,
            String stepName,
            String commandJson,
            Map<String, ?> parameters,
            String codeJson,
            String environmentJson,
            List<?> inputs,
            String status,
            String startedBy,
            java.sql.Timestamp startedAt,
            String replayOf,
            String cacheKey,
            Pos pos) {}

    /** {@code column = column || values}: a JSON array appended to, or a JSON object merged into. */
    record RunAppend(String column, Object values, Pos pos) {}

    /** The run ended: status, exit code, duration, failure reason and time. */
    record RunFinish(String status, int exitCode, long durationMillis, String reason, java.sql.Timestamp at, Pos pos) {}

    /** A value written as JSON when the batch is flushed (not at all when its change is folded). */
    private record JsonArg(Object value) {}

    private static final String RUN_STARTED = "INSERT INTO runs (id, name, pipeline_run_id, step_name, command,"
            + " parameters, code, environment, inputs, status, started_by, started_at, replay_of, cache_key,"
            + " event_position, last_position) VALUES (?,?,?,?,?::jsonb,?::jsonb,?::jsonb,?::jsonb,?::jsonb,?,?,?,?,?,?,?)"
            + " ON CONFLICT (id) DO NOTHING";
    private static final String RUN_ROW = "INSERT INTO runs (id, name, pipeline_run_id, step_name, command,"
            + " parameters, code, environment, inputs, outputs, metrics, status, exit_code, duration_ms,"
            + " failure_reason, started_by, started_at, finished_at, replay_of, cache_key, event_position,"
            + " last_position) VALUES (?,?,?,?,?::jsonb,?::jsonb,?::jsonb,?::jsonb,?::jsonb,?::jsonb,?::jsonb,?,?,?,?,?,?,"
            + "?,?,?,?,?) ON CONFLICT (id) DO NOTHING";
    private static final String RUN_FINISH = "UPDATE runs SET status = ?, exit_code = ?, duration_ms = ?,"
            + " failure_reason = ?, finished_at = ?, last_position = ? WHERE id = ? AND last_position < ?";

    /**
     * A run's row as its insert and the changes after it leave it, when all of them are in one
     * batch: written as one insert instead of an insert and an update per change (the row
     * versions PostgreSQL would write and index for nothing). Each change applies as its update
     * would: only if its position is after the row's last one.
     */
    private static final class FoldedRun {
        final RunStart start;
        final List<RunOp> ops = new ArrayList<>();
        final Map<String, Object> parameters;
        final List<Object> inputs;
        final List<Object> outputs = new ArrayList<>();
        final Map<String, Object> metrics = new LinkedHashMap<>();
        String status;
        Integer exitCode;
        Long durationMillis;
        String reason;
        java.sql.Timestamp finishedAt;
        long last;

        FoldedRun(RunOp op) {
            this.start = (RunStart) op.change();
            this.ops.add(op);
            this.parameters = new LinkedHashMap<>(start.parameters());
            this.inputs = new ArrayList<>(start.inputs());
            this.status = start.status();
            this.last = start.pos().value;
        }

        /** Takes the change into the row, or false if it cannot be folded (it and later ones then run as updates). */
        @SuppressWarnings("unchecked")
        boolean fold(RunOp op) {
            if (op.change() instanceof RunAppend a) {
                boolean array = a.column().equals("inputs") || a.column().equals("outputs");
                boolean object = a.column().equals("metrics") || a.column().equals("parameters");
                if (!(array && a.values() instanceof List<?>) && !(object && a.values() instanceof Map<?, ?>)) {
                    return false;
                }
                if (a.pos().value > last) {
                    switch (a.column()) {
                        case "inputs" -> inputs.addAll((List<?>) a.values());
                        case "outputs" -> outputs.addAll((List<?>) a.values());
                        case "metrics" -> metrics.putAll((Map<String, ?>) a.values());
                        default -> parameters.putAll((Map<String, ?>) a.values());
                    }
                    last = a.pos().value;
                }
            } else if (op.change() instanceof RunFinish f) {
                if (f.pos().value > last) {
                    status = f.status();
                    exitCode = f.exitCode();
                    durationMillis = f.durationMillis();
                    reason = f.reason();
                    finishedAt = f.at();
                    last = f.pos().value;
                }
            } else {
                return false;
            }
            ops.add(op);
            return true;
        }

        Object[] row() {
            return new Object[] {
                start.id(),
                start.name(),
                start.pipelineRunId(),
                start.stepName(),
                start.commandJson(),
                Json.write(parameters),
                start.codeJson(),
                start.environmentJson(),
                Json.write(inputs),
                Json.write(outputs),
                Json.write(metrics),
                status,
                exitCode,
                durationMillis,
                reason,
                start.startedBy(),
                start.startedAt(),
                finishedAt,
                start.replayOf(),
                start.cacheKey(),
                start.pos().value,
                last
            };
        }
    }

    private static final String NODES = "INSERT INTO lineage_nodes (id, kind, label, attributes, recorded_at,"
            + " event_position) SELECT i, k, l, a::jsonb, r::timestamptz, p FROM unnest(?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY AS u(i, k, l, a, r, p, o) ORDER BY o"
            + " ON CONFLICT (id) DO NOTHING";
    private static final String EDGES = "INSERT INTO lineage_edges (from_id, to_id, type, recorded_at,"
            + " event_position) SELECT f, t, y, r::timestamptz, p FROM unnest(?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::bigint[]) WITH ORDINALITY AS u(f, t, y, r, p, o) ORDER BY o ON CONFLICT DO NOTHING";
    private static final String TOUCHES = "INSERT INTO node_events (node_id, event_position, recorded_at)"
            + " SELECT n, p, r::timestamptz FROM unnest(?::text[], ?::bigint[], ?::text[]) AS u(n, p, r)"
            + " ON CONFLICT DO NOTHING";

    /** Metric points of every event of the batch in one statement, from typed columns. */
    private static final String METRIC_POINTS = "INSERT INTO run_metric_points (run_id, event_position, ordinal,"
            + " name, step, value, measured_at) SELECT r, p, o, n, s, v, to_timestamp(0) + m * interval '1 microsecond'"
            + " FROM unnest(?::text[], ?::bigint[], ?::int[], ?::text[], ?::bigint[], ?::float8[], ?::bigint[])"
            + " AS u(r, p, o, n, s, v, m) ON CONFLICT DO NOTHING";

    /** One series of one event: its points get ordinals from {@code firstOrdinal} on. */
    private record MetricChunk(
            String runId, Pos pos, int firstOrdinal, MetricSeriesColumns series, long recordedMicros) {}

    private final List<MetricChunk> metricChunks = new ArrayList<>();
    private int metricPointCount;

    private final boolean deferred;
    private final boolean wholeStream;
    private final List<Pos> unresolved = new ArrayList<>();
    private GapAwareTrackingToken last;

    // graph rows: {id, kind, label, attributesJson, at, Pos}, {from, to, type, at, Pos}, {node, Pos, at}
    private final List<Object[]> nodes = new ArrayList<>();
    private final List<Object[]> edges = new ArrayList<>();
    private final List<Object[]> touches = new ArrayList<>();
    private final java.util.Set<String> nodeIds = new java.util.HashSet<>();
    private final java.util.Set<EdgeKey> edgeKeys = new java.util.HashSet<>();

    private record EdgeKey(String from, String to, String type) {}
    // other inserts by statement, in order; and the runs changes per run, in order
    private final Map<String, List<Object[]>> inserts = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<RunOp>> runOps = new LinkedHashMap<>();

    /**
     * @param deferred true when bound to a unit of work (written at its prepare-commit); false for
     *     a handler called outside one (written after each event)
     * @param wholeStream true when the processor sees every event of the stream (one segment
     *     covering it all); otherwise a predecessor's token may belong to an event it never saw,
     *     and every position is looked up
     */
    ProjectionBatch(boolean deferred, boolean wholeStream) {
        this.deferred = deferred;
        this.wholeStream = wholeStream;
    }

    boolean deferred() {
        return deferred;
    }

    boolean isEmpty() {
        return nodes.isEmpty() && edges.isEmpty() && touches.isEmpty() && inserts.isEmpty() && runOps.isEmpty();
    }

    boolean wroteGraph() {
        return !nodes.isEmpty() || !edges.isEmpty();
    }

    /** The position of the next event of the stream; call exactly once per event, in stream order. */
    Pos position(EventMessage<?> message) {
        Pos pos = new Pos(message.getIdentifier());
        TrackingToken token =
                message instanceof TrackedEventMessage<?> tracked ? unwrap(tracked.trackingToken()) : null;
        GapAwareTrackingToken current = token instanceof GapAwareTrackingToken g ? g : null;
        if (wholeStream && current != null && last != null) {
            pos.value = derive(last, current);
        }
        last = current;
        if (pos.value < 0) {
            unresolved.add(pos);
        }
        return pos;
    }

    /** The index of the event whose token is {@code current}, given its predecessor's; -1 if not certain. */
    static long derive(GapAwareTrackingToken previous, GapAwareTrackingToken current) {
        if (current.getIndex() > previous.getIndex()) {
            return current.getIndex(); // the event moved the head
        }
        if (current.getIndex() == previous.getIndex()) {
            // it filled a gap: the one index in the previous gaps that is neither a gap now nor was
            // dropped by the store (which would show as a second missing index)
            SortedSet<Long> filled = new TreeSet<>(previous.getGaps());
            filled.removeAll(current.getGaps());
            if (filled.size() == 1) {
                return filled.first();
            }
        }
        return -1;
    }

    private static TrackingToken unwrap(TrackingToken token) {
        TrackingToken t = token;
        while (t instanceof ReplayToken replay) {
            t = replay.getCurrentToken();
        }
        return t;
    }

    private Instant lastAt;
    private String lastAtText;

    /** An event's time as text, formatted once for all the rows of that event. */
    private String text(Instant at) {
        if (!at.equals(lastAt)) {
            lastAt = at;
            lastAtText = at.toString();
        }
        return lastAtText;
    }

    /**
     * True if a node with this id is already in the batch. Its insert keeps the first row of an id
     * (ON CONFLICT DO NOTHING, rows in event order), so a later row of the same id would change
     * nothing and need not be built.
     */
    boolean hasNode(String id) {
        return nodeIds.contains(id);
    }

    void node(String id, String kind, String label, String attributesJson, Instant at, Pos pos) {
        if (nodeIds.add(id)) {
            nodes.add(new Object[] {id, kind, label, attributesJson, text(at), pos});
        }
    }

    void edge(String from, String to, String type, Instant at, Pos pos) {
        if (edgeKeys.add(new EdgeKey(from, to, type))) { // first row wins, as for nodes
            edges.add(new Object[] {from, to, type, text(at), pos});
        }
    }

    void touch(String nodeId, Instant at, Pos pos) {
        touches.add(new Object[] {nodeId, pos, text(at)});
    }

    /** An insert into a table no other change of the batch depends on; {@link Pos} arguments resolved. */
    void insert(String sql, Object... args) {
        inserts.computeIfAbsent(sql, k -> new ArrayList<>()).add(args);
    }

    /**
     * Points of one series of a metric event; {@code recordedMicros} stands for a missing time.
     * Written with all other points of the batch as one multi-row insert.
     */
    void metricPoints(String runId, Pos pos, int firstOrdinal, MetricSeriesColumns series, long recordedMicros) {
        metricChunks.add(new MetricChunk(runId, pos, firstOrdinal, series, recordedMicros));
        metricPointCount += series.size();
    }

    /** A change to one run's row, applied after every earlier change to that run in the batch. */
    void run(String runId, String sql, Object... args) {
        runOps.computeIfAbsent(runId, k -> new ArrayDeque<>()).add(new RunOp(sql, args, null));
    }

    /** The run's row is inserted (nothing if it exists). */
    void runStarted(RunStart r) {
        Object[] args = {
            r.id(),
            r.name(),
            r.pipelineRunId(),
            r.stepName(),
            r.commandJson(),
            new JsonArg(r.parameters()),
            r.codeJson(),
            r.environmentJson(),
            new JsonArg(r.inputs()),
            r.status(),
            r.startedBy(),
            r.startedAt(),
            r.replayOf(),
            r.cacheKey(),
            r.pos(),
            r.pos()
        };
        runOps.computeIfAbsent(r.id(), k -> new ArrayDeque<>()).add(new RunOp(RUN_STARTED, args, r));
    }

    /** {@code column = column || values} on the run's row, once per event. */
    void runAppend(String runId, String column, Object values, Pos pos) {
        String sql = "UPDATE runs SET " + column + " = " + column + " || ?::jsonb, last_position = ?"
                + " WHERE id = ? AND last_position < ?";
        runOps.computeIfAbsent(runId, k -> new ArrayDeque<>())
                .add(new RunOp(
                        sql, new Object[] {new JsonArg(values), pos, runId, pos}, new RunAppend(column, values, pos)));
    }

    /** The run ended. */
    void runFinished(String runId, RunFinish f) {
        Object[] args = {f.status(), f.exitCode(), f.durationMillis(), f.reason(), f.at(), f.pos(), runId, f.pos()};
        runOps.computeIfAbsent(runId, k -> new ArrayDeque<>()).add(new RunOp(RUN_FINISH, args, f));
    }

    /**
     * Runs whose insert is the first of their changes in this batch: the insert and the changes
     * that follow it, as far as they fold, become one row; the rest stay queued after it.
     */
    private List<FoldedRun> foldRuns() {
        List<FoldedRun> folded = new ArrayList<>();
        var it = runOps.values().iterator();
        while (it.hasNext()) {
            ArrayDeque<RunOp> q = it.next();
            if (!(q.peek().change() instanceof RunStart start)
                    || start.parameters() == null
                    || start.inputs() == null) {
                continue;
            }
            FoldedRun run = new FoldedRun(q.poll());
            while (!q.isEmpty() && run.fold(q.peek())) {
                q.poll();
            }
            folded.add(run);
            if (q.isEmpty()) {
                it.remove();
            }
        }
        return folded;
    }

    /**
     * Inserts the folded rows; a run whose row already exists (a redelivered batch) gets its
     * changes one by one instead, exactly as without folding, ahead of its other changes.
     */
    private void writeFoldedRuns(JdbcTemplate jdbc, List<FoldedRun> folded) {
        if (folded.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(folded.size());
        for (FoldedRun r : folded) {
            rows.add(r.row());
        }
        int[] counts = jdbc.batchUpdate(RUN_ROW, rows);
        for (int i = 0; i < folded.size(); i++) {
            if (counts[i] < 0) {
                // a driver that batches without per-row counts (pgjdbc's reWriteBatchedInserts)
                // cannot tell an existing row: fail rather than lose its changes
                throw new IllegalStateException("no row count for the insert of run "
                        + folded.get(i).start.id());
            }
            if (counts[i] == 0) {
                FoldedRun r = folded.get(i);
                ArrayDeque<RunOp> q = runOps.get(r.start.id());
                ArrayDeque<RunOp> again = new ArrayDeque<>(r.ops);
                if (q != null) {
                    again.addAll(q);
                }
                runOps.put(r.start.id(), again);
            }
        }
    }

    /** Writes everything collected, in the current transaction, and empties the batch. */
    void flush(JdbcTemplate jdbc) {
        resolve(jdbc);
        if (!nodes.isEmpty() || !edges.isEmpty() || !touches.isEmpty()) {
            jdbc.execute((ConnectionCallback<Void>) c -> {
                if (!nodes.isEmpty()) {
                    multiRow(c, NODES, nodes, new String[] {"text", "text", "text", "text", "text", "int8"});
                }
                if (!edges.isEmpty()) {
                    multiRow(c, EDGES, edges, new String[] {"text", "text", "text", "text", "int8"});
                }
                if (!touches.isEmpty()) {
                    multiRow(c, TOUCHES, touches, new String[] {"text", "int8", "text"});
                }
                return null;
            });
        }
        for (Map.Entry<String, List<Object[]>> e : inserts.entrySet()) {
            jdbc.batchUpdate(e.getKey(), resolved(e.getValue()));
        }
        if (!metricChunks.isEmpty()) {
            jdbc.execute((ConnectionCallback<Void>) this::writeMetricPoints);
        }
        writeFoldedRuns(jdbc, foldRuns());
        // rounds: the k-th change of every run; runs are independent rows, so a round's changes
        // commute, and each run's changes still apply in event order
        while (!runOps.isEmpty()) {
            Map<String, List<Object[]>> round = new LinkedHashMap<>();
            var it = runOps.values().iterator();
            while (it.hasNext()) {
                ArrayDeque<RunOp> q = it.next();
                RunOp op = q.poll();
                round.computeIfAbsent(op.sql(), k -> new ArrayList<>()).add(op.args());
                if (q.isEmpty()) {
                    it.remove();
                }
            }
            for (Map.Entry<String, List<Object[]>> e : round.entrySet()) {
                if (e.getValue().size() == 1) {
                    jdbc.update(e.getKey(), resolved(e.getValue()).get(0));
                } else {
                    jdbc.batchUpdate(e.getKey(), resolved(e.getValue()));
                }
            }
        }
        nodes.clear();
        nodeIds.clear();
        edges.clear();
        edgeKeys.clear();
        touches.clear();
        inserts.clear();
        metricChunks.clear();
        metricPointCount = 0;
    }

    private Void writeMetricPoints(Connection c) throws java.sql.SQLException {
        int n = metricPointCount;
        String[] runs = new String[n];
        Long[] positions = new Long[n];
        Integer[] ordinals = new Integer[n];
        String[] names = new String[n];
        Long[] steps = new Long[n];
        Double[] values = new Double[n];
        Long[] micros = new Long[n];
        int r = 0;
        for (MetricChunk ch : metricChunks) {
            MetricSeriesColumns s = ch.series();
            Long position = ch.pos().value;
            Long recorded = ch.recordedMicros();
            for (int i = 0; i < s.size(); i++, r++) {
                runs[r] = ch.runId();
                positions[r] = position;
                ordinals[r] = ch.firstOrdinal() + i;
                names[r] = s.name();
                steps[r] = s.steps() == null ? null : s.steps().get(i);
                values[r] = s.values().get(i);
                Long at = s.atMicros() == null ? null : s.atMicros().get(i);
                micros[r] = at == null ? recorded : at;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(METRIC_POINTS)) {
            ps.setArray(1, c.createArrayOf("text", runs));
            ps.setArray(2, c.createArrayOf("int8", positions));
            ps.setArray(3, c.createArrayOf("int4", ordinals));
            ps.setArray(4, c.createArrayOf("text", names));
            ps.setArray(5, c.createArrayOf("int8", steps));
            ps.setArray(6, c.createArrayOf("float8", values));
            ps.setArray(7, c.createArrayOf("int8", micros));
            ps.executeUpdate();
        }
        return null;
    }

    /** One statement for all the positions no token could tell. */
    private void resolve(JdbcTemplate jdbc) {
        if (unresolved.isEmpty()) {
            return;
        }
        Map<String, Long> found = new HashMap<>();
        jdbc.execute((ConnectionCallback<Void>) c -> {
            Array ids = c.createArrayOf(
                    "text", unresolved.stream().map(p -> p.eventId).distinct().toArray());
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT eventidentifier, globalindex FROM domainevententry" + " WHERE eventidentifier = ANY(?)")) {
                ps.setArray(1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return null;
        });
        for (Pos p : unresolved) {
            Long v = found.get(p.eventId);
            if (v == null) {
                throw new IllegalStateException("event " + p.eventId + " is not in the event store");
            }
            p.value = v;
        }
        unresolved.clear();
    }

    private static List<Object[]> resolved(List<Object[]> rows) {
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (row[i] instanceof Pos p) {
                    row[i] = p.value;
                } else if (row[i] instanceof JsonArg j) {
                    row[i] = Json.write(j.value());
                }
            }
        }
        return rows;
    }

    private static void multiRow(Connection c, String sql, List<Object[]> rows, String[] types)
            throws java.sql.SQLException {
        int n = rows.size();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int col = 0; col < types.length; col++) {
                Object[] values = types[col].equals("int8") ? new Long[n] : new String[n];
                for (int r = 0; r < n; r++) {
                    Object v = rows.get(r)[col];
                    values[r] = v instanceof Pos p ? (Object) p.value : v;
                }
                ps.setArray(col + 1, c.createArrayOf(types[col], values));
            }
            ps.executeUpdate();
        }
    }
}
