package dev.provenant.lineage.run.projection;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.provenant.lineage.readmodel.Json;
import dev.provenant.messages.common.Ids;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.run.CodeVersion;
import dev.provenant.messages.run.DiffRunsQuery;
import dev.provenant.messages.run.EnvironmentFingerprint;
import dev.provenant.messages.run.FindRunQuery;
import dev.provenant.messages.run.ListRunsQuery;
import dev.provenant.messages.run.MetricDifference;
import dev.provenant.messages.run.MetricNamesQuery;
import dev.provenant.messages.run.MetricPoint;
import dev.provenant.messages.run.MetricSeriesQuery;
import dev.provenant.messages.run.OutputDifference;
import dev.provenant.messages.run.ReplayVerdictsQuery;
import dev.provenant.messages.run.RunDiff;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunInput;
import dev.provenant.messages.run.RunOutput;
import dev.provenant.messages.run.RunPage;
import dev.provenant.messages.run.RunStatus;
import dev.provenant.messages.run.RunView;
import dev.provenant.messages.run.Verdict;
import dev.provenant.messages.run.VerdictCause;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers run queries from the {@code runs} read model. */
@Component
public class RunQueries {

    private final JdbcTemplate jdbc;

    public RunQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public Optional<RunView> handle(FindRunQuery q) {
        String id = q.runId().toString();
        return jdbc.query("SELECT * FROM runs WHERE id = ?", RunQueries::map, id).stream()
                .findFirst();
    }

    @QueryHandler
    public RunPage handle(ListRunsQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM runs WHERE event_position > ?");
        List<Object> args = new ArrayList<>();
        args.add(q.afterPosition());
        filters(q, sql, args);
        sql.append(" ORDER BY event_position LIMIT ?");
        args.add(q.limit() + 1);
        List<RunView> rows = jdbc.query(sql.toString(), RunQueries::map, args.toArray());
        boolean more = rows.size() > q.limit();
        return new RunPage(more ? List.copyOf(rows.subList(0, q.limit())) : rows, more);
    }

    /** The list's filters as {@code AND} clauses. */
    private static void filters(ListRunsQuery q, StringBuilder sql, List<Object> args) {
        if (q.name() != null) {
            sql.append(" AND name = ?");
            args.add(q.name());
        }
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status().name());
        }
        if (q.pipelineRunId() != null) {
            sql.append(" AND pipeline_run_id = ?");
            args.add(q.pipelineRunId().toString());
        }
        if (q.cacheKey() != null) {
            sql.append(" AND cache_key = ?");
            args.add(q.cacheKey().toString());
        }
    }

    @QueryHandler
    public List<ReplayVerdictsQuery.ReplayVerdictView> handle(ReplayVerdictsQuery q) {
        if (q.runIds().isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                con -> {
                    var ps = con.prepareStatement("SELECT id, replay_of, verdict FROM runs WHERE replay_of = ANY(?)"
                            + " AND verdict IS NOT NULL AND (?::timestamptz IS NULL OR started_at <= ?::timestamptz)"
                            + " ORDER BY event_position");
                    ps.setArray(1, con.createArrayOf("varchar", Ids.texts(q.runIds())));
                    Timestamp at = q.asOf() == null ? null : Timestamp.from(q.asOf());
                    ps.setTimestamp(2, at);
                    ps.setTimestamp(3, at);
                    return ps;
                },
                (rs, i) -> new ReplayVerdictsQuery.ReplayVerdictView(
                        RunId.parse(rs.getString("id")),
                        RunId.parse(rs.getString("replay_of")),
                        Verdict.valueOf(rs.getString("verdict"))));
    }

    @QueryHandler
    public List<MetricPoint> handle(MetricSeriesQuery q) {
        return jdbc.query(
                "SELECT name, step, value, measured_at FROM run_metric_points WHERE run_id = ? AND name = ?"
                        + " ORDER BY step NULLS LAST, event_position, ordinal LIMIT ?",
                (rs, row) -> {
                    long step = rs.getLong("step");
                    Long s = rs.wasNull() ? null : step;
                    return new MetricPoint(
                            rs.getString("name"),
                            rs.getDouble("value"),
                            s,
                            rs.getTimestamp("measured_at").toInstant());
                },
                q.runId().toString(),
                q.name(),
                q.limit());
    }

    @QueryHandler
    public List<String> handle(MetricNamesQuery q) {
        return jdbc.queryForList(
                "SELECT DISTINCT name FROM run_metric_points WHERE run_id = ? ORDER BY name",
                String.class,
                q.runId().toString());
    }

    @QueryHandler
    public Optional<RunDiff> handle(DiffRunsQuery q) {
        Optional<RunView> a = handle(new FindRunQuery(q.runA()));
        Optional<RunView> b = handle(new FindRunQuery(q.runB()));
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(diff(
                a.get(),
                b.get(),
                seriesSummary(a.get().id().toString()),
                seriesSummary(b.get().id().toString())));
    }

    /**
     * Per metric series: {@code name[min]}, {@code name[max]} and {@code name[points]}; the last
     * value is the run's metric {@code name} already.
     */
    Map<String, String> seriesSummary(String runId) {
        Map<String, String> out = new TreeMap<>();
        jdbc.query(
                "SELECT name, min(value) AS lo, max(value) AS hi, count(*) AS n FROM run_metric_points"
                        + " WHERE run_id = ? GROUP BY name",
                rs -> {
                    String n = rs.getString("name");
                    out.put(n + "[min]", Double.toString(rs.getDouble("lo")));
                    out.put(n + "[max]", Double.toString(rs.getDouble("hi")));
                    out.put(n + "[points]", Long.toString(rs.getLong("n")));
                },
                runId);
        return out;
    }

    static RunDiff diff(RunView a, RunView b) {
        return diff(a, b, Map.of(), Map.of());
    }

    static RunDiff diff(RunView a, RunView b, Map<String, String> seriesA, Map<String, String> seriesB) {
        List<RunDiff.Change> code = codeChanges(a.code(), b.code());

        List<RunDiff.Change> env = new ArrayList<>();
        EnvironmentFingerprint ea = a.environment();
        EnvironmentFingerprint eb = b.environment();
        compareMaps(env, ea == null ? Map.of() : ea.properties(), eb == null ? Map.of() : eb.properties());

        List<RunDiff.Change> inputs = new ArrayList<>();
        compareMaps(
                inputs,
                byName(a.inputs(), RunInput::name, i -> i.digest().toString()),
                byName(b.inputs(), RunInput::name, i -> i.digest().toString()));
        List<RunDiff.Change> outputs = new ArrayList<>();
        compareMaps(
                outputs,
                byName(a.outputs(), RunOutput::name, o -> o.digest().toString()),
                byName(b.outputs(), RunOutput::name, o -> o.digest().toString()));
        List<RunDiff.Change> params = new ArrayList<>();
        compareMaps(params, a.parameters(), b.parameters());
        List<RunDiff.Change> metrics = new ArrayList<>();
        Map<String, String> ma = new TreeMap<>(stringValues(a.metrics()));
        ma.putAll(seriesA);
        Map<String, String> mb = new TreeMap<>(stringValues(b.metrics()));
        mb.putAll(seriesB);
        compareMaps(metrics, ma, mb);
        List<RunDiff.Change> command = new ArrayList<>();
        compare(command, "command", String.join(" ", a.command()), String.join(" ", b.command()));

        boolean identical = code.isEmpty()
                && env.isEmpty()
                && inputs.isEmpty()
                && outputs.isEmpty()
                && params.isEmpty()
                && metrics.isEmpty()
                && command.isEmpty();
        return new RunDiff(a.id(), b.id(), code, env, inputs, params, outputs, metrics, command, identical);
    }

    /**
     * Code is compared by snapshot digest: the snapshot is what ran. When the digests are equal, git
     * facts (repository, commit, branch, dirty) absent on one side are not a change: a replay runs
     * the materialized snapshot outside any git checkout, and a non-git step has none. When both
     * sides have them they are still compared (the same files at two commits is worth saying).
     */
    static List<RunDiff.Change> codeChanges(CodeVersion ca, CodeVersion cb) {
        List<RunDiff.Change> code = new ArrayList<>();
        String da = ca == null ? null : ca.snapshotDigest().toString();
        String db = cb == null ? null : cb.snapshotDigest().toString();
        compare(code, "snapshotDigest", da, db);
        boolean sameSnapshot = da != null && da.equals(db);
        boolean gitA = ca != null && (ca.repository() != null || ca.commit() != null || ca.branch() != null);
        boolean gitB = cb != null && (cb.repository() != null || cb.commit() != null || cb.branch() != null);
        if (sameSnapshot && gitA != gitB) {
            return code; // one side ran the snapshot outside git: nothing more to compare
        }
        for (String[] f : new String[][] {
            {"repository", ca == null ? null : ca.repository(), cb == null ? null : cb.repository()},
            {"commit", ca == null ? null : ca.commit(), cb == null ? null : cb.commit()},
            {"branch", ca == null ? null : ca.branch(), cb == null ? null : cb.branch()}
        }) {
            if (sameSnapshot && (f[1] == null || f[2] == null)) {
                continue;
            }
            compare(code, f[0], f[1], f[2]);
        }
        compare(
                code,
                "dirty",
                ca == null ? null : Boolean.toString(ca.dirty()),
                cb == null ? null : Boolean.toString(cb.dirty()));
        return code;
    }

    private static <T> Map<String, String> byName(List<T> items, Function<T, String> key, Function<T, String> value) {
        Map<String, String> m = new TreeMap<>();
        items.forEach(i -> m.put(key.apply(i), value.apply(i)));
        return m;
    }

    private static Map<String, String> stringValues(Map<String, Double> m) {
        Map<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    private static void compareMaps(List<RunDiff.Change> into, Map<String, String> a, Map<String, String> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        keys.forEach(k -> compare(into, k, a.get(k), b.get(k)));
    }

    private static void compare(List<RunDiff.Change> into, String key, String a, String b) {
        if (!Objects.equals(a, b)) {
            into.add(new RunDiff.Change(key, a, b));
        }
    }

    static RunView map(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        int exit = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : exit;
        long duration = rs.getLong("duration_ms");
        Long durationMs = rs.wasNull() ? null : duration;
        String verdict = rs.getString("verdict");
        return new RunView(
                RunId.parse(rs.getString("id")),
                rs.getString("name"),
                RunId.parseOrNull(rs.getString("pipeline_run_id")),
                rs.getString("step_name"),
                Json.read(rs.getString("command"), new TypeReference<List<String>>() {}),
                Json.read(rs.getString("parameters"), new TypeReference<TreeMap<String, String>>() {}),
                Json.read(rs.getString("code"), CodeVersion.class),
                Json.read(rs.getString("environment"), EnvironmentFingerprint.class),
                Json.read(rs.getString("inputs"), new TypeReference<List<RunInput>>() {}),
                Json.read(rs.getString("outputs"), new TypeReference<List<RunOutput>>() {}),
                Json.read(rs.getString("metrics"), new TypeReference<TreeMap<String, Double>>() {}),
                RunStatus.valueOf(rs.getString("status")),
                exitCode,
                durationMs,
                rs.getString("failure_reason"),
                rs.getString("started_by"),
                rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                RunId.parseOrNull(rs.getString("replay_of")),
                verdict == null ? null : Verdict.valueOf(verdict),
                rs.getString("differences") == null
                        ? List.of()
                        : Json.read(rs.getString("differences"), new TypeReference<List<OutputDifference>>() {}),
                RunId.parseOrNull(rs.getString("cache_hit_of")),
                Sha256Digest.parseOrNull(rs.getString("cache_key"), "cache key"),
                rs.getLong("event_position"),
                rs.getString("metric_differences") == null
                        ? List.of()
                        : Json.read(rs.getString("metric_differences"), new TypeReference<List<MetricDifference>>() {}),
                integer(rs, "compared_outputs"),
                integer(rs, "compared_metrics"),
                rs.getString("causes") == null
                        ? List.of()
                        : Json.read(rs.getString("causes"), new TypeReference<List<VerdictCause>>() {}),
                rs.getString("execution") == null
                        ? null
                        : Json.read(rs.getString("execution"), RunView.RunExecution.class));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
