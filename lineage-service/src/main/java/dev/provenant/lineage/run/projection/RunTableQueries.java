package dev.provenant.lineage.run.projection;

import dev.provenant.messages.common.Ids;
import dev.provenant.messages.run.CountRunsQuery;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunPage;
import dev.provenant.messages.run.RunStatus;
import dev.provenant.messages.run.RunStatusesQuery;
import dev.provenant.messages.run.RunTableQuery;
import dev.provenant.messages.run.RunView;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers the runs table's query from the {@code runs} read model: every filter and the order are
 * SQL with bound parameters (names, keys and values are never spliced into the statement).
 */
@Component
public class RunTableQueries {

    private final JdbcTemplate jdbc;

    public RunTableQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public RunPage handle(RunTableQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM runs WHERE TRUE");
        List<Object> args = new ArrayList<>();
        where(q.filter(), sql, args);
        RunTableQuery.Sort sort = q.sort();
        if (sort == null) {
            sql.append(" AND event_position > ? ORDER BY event_position LIMIT ?");
            args.add(q.after());
            args.add(q.limit() + 1);
        } else {
            String dir = sort.descending() ? " DESC" : " ASC";
            sql.append(" ORDER BY ");
            switch (sort.field()) {
                case STARTED_AT -> sql.append("started_at").append(dir);
                case DURATION -> sql.append("duration_ms").append(dir);
                case NAME -> sql.append("name").append(dir);
                case STATUS -> sql.append("status").append(dir);
                case STARTED_BY -> sql.append("started_by").append(dir);
                case METRIC -> {
                    sql.append("CASE WHEN jsonb_typeof(metrics -> ?) = 'number' THEN (metrics ->> ?)::float8 END")
                            .append(dir);
                    args.add(sort.key());
                    args.add(sort.key());
                }
                case PARAMETER -> {
                    sql.append("parameters ->> ?").append(dir);
                    args.add(sort.key());
                }
            }
            // runs without the value come last either way; ties in start order, so offsets are stable
            sql.append(" NULLS LAST, event_position ASC LIMIT ? OFFSET ?");
            args.add(q.limit() + 1);
            args.add(q.after());
        }
        List<RunView> rows = jdbc.query(sql.toString(), RunQueries::map, args.toArray());
        boolean more = rows.size() > q.limit();
        return new RunPage(more ? List.copyOf(rows.subList(0, q.limit())) : rows, more);
    }

    @QueryHandler
    public Long handle(CountRunsQuery q) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM runs WHERE TRUE");
        List<Object> args = new ArrayList<>();
        where(q.filter(), sql, args);
        return jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
    }

    /** The filter as {@code AND} clauses: one place, so a page and its count cannot disagree. */
    private static void where(RunTableQuery.Filter f, StringBuilder sql, List<Object> args) {
        if (f.name() != null) {
            sql.append(" AND name = ?");
            args.add(f.name());
        }
        if (f.nameContains() != null && !f.nameContains().isEmpty()) {
            sql.append(" AND name ILIKE ? ESCAPE '\\'");
            args.add("%" + likeEscape(f.nameContains()) + "%");
        }
        if (f.status() != null) {
            sql.append(" AND status = ?");
            args.add(f.status().name());
        }
        if (f.pipelineRunId() != null) {
            sql.append(" AND pipeline_run_id = ?");
            args.add(f.pipelineRunId().toString());
        }
        if (f.cacheKey() != null) {
            sql.append(" AND cache_key = ?");
            args.add(f.cacheKey().toString());
        }
        if (f.pipelineName() != null) {
            sql.append(" AND pipeline_run_id IN (SELECT p.id FROM runs p WHERE p.name = ?)");
            args.add(f.pipelineName());
        }
        if (f.parameterKey() != null) {
            if (f.parameterValue() != null) {
                sql.append(" AND parameters ->> ? = ?");
                args.add(f.parameterKey());
                args.add(f.parameterValue());
            } else {
                sql.append(" AND parameters ->> ? IS NOT NULL");
                args.add(f.parameterKey());
            }
        }
        if (f.metricName() != null) {
            // metrics hold JSON numbers; a non-number (never written today) is treated as absent
            sql.append(" AND jsonb_typeof(metrics -> ?) = 'number'");
            args.add(f.metricName());
            if (f.metricMin() != null) {
                sql.append(" AND (metrics ->> ?)::float8 >= ?");
                args.add(f.metricName());
                args.add(f.metricMin());
            }
            if (f.metricMax() != null) {
                sql.append(" AND (metrics ->> ?)::float8 <= ?");
                args.add(f.metricName());
                args.add(f.metricMax());
            }
        }
        if (f.startedAfter() != null) {
            sql.append(" AND started_at >= ?");
            args.add(Timestamp.from(f.startedAfter()));
        }
        if (f.startedBefore() != null) {
            sql.append(" AND started_at < ?");
            args.add(Timestamp.from(f.startedBefore()));
        }
    }

    @QueryHandler
    public RunStatusesQuery.Result handle(RunStatusesQuery q) {
        Map<RunId, RunStatus> statuses = new HashMap<>();
        if (!q.runIds().isEmpty()) {
            jdbc.query(
                    con -> {
                        var ps = con.prepareStatement("SELECT id, status FROM runs WHERE id = ANY(?)");
                        ps.setArray(1, con.createArrayOf("varchar", Ids.texts(q.runIds())));
                        return ps;
                    },
                    rs -> {
                        statuses.put(RunId.parse(rs.getString("id")), RunStatus.valueOf(rs.getString("status")));
                    });
        }
        return new RunStatusesQuery.Result(statuses);
    }

    public static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
