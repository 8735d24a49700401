package dev.provenant.lineage.graph.projection;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.provenant.lineage.readmodel.Json;
import dev.provenant.messages.lineage.ConfirmationKind;
import dev.provenant.messages.lineage.ConfirmingRun;
import dev.provenant.messages.lineage.ConfirmingRunsQuery;
import dev.provenant.messages.run.ReplayVerdictRecordedEvent;
import dev.provenant.messages.run.RunCacheHitRecordedEvent;
import dev.provenant.messages.run.RunId;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells what kind of confirmation a run is (cache hit of, replay of, or an independent
 * re-execution) and a replay's verdict. Now: from the {@code runs} read model. As of a time: the
 * replay link is part of the run's start, but the cache hit and the verdict are later events, so
 * they are read from the event store and counted only if recorded by then.
 */
@Component
public class ConfirmingRunQueries {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcTemplate jdbc;

    public ConfirmingRunQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(String id, String replayOf, String cacheHitOf, String verdict, Instant startedAt) {}

    @QueryHandler
    public List<ConfirmingRun> handle(ConfirmingRunsQuery q) {
        List<String> ids = q.runIds().stream().map(RunId::toString).distinct().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Row> rows = new HashMap<>();
        jdbc.execute((Connection c) -> {
            Array array = c.createArrayOf("varchar", ids.toArray());
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, replay_of, cache_hit_of, verdict, started_at FROM runs WHERE id = ANY(?)")) {
                ps.setArray(1, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(
                                rs.getString(1),
                                new Row(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getTimestamp(5).toInstant()));
                    }
                }
            } finally {
                array.free();
            }
            return null;
        });
        if (q.asOf() != null) {
            asOf(rows, ids, q.asOf());
        }
        List<ConfirmingRun> out = new ArrayList<>();
        for (String text : ids) {
            Row r = rows.get(text);
            if (r == null) {
                continue;
            }
            RunId id = RunId.parse(text);
            if (r.cacheHitOf() != null) {
                out.add(new ConfirmingRun(
                        id, ConfirmationKind.CACHE_HIT, RunId.parse(r.cacheHitOf()), null, r.startedAt()));
            } else if (r.replayOf() != null) {
                out.add(new ConfirmingRun(
                        id, ConfirmationKind.REPLAY, RunId.parse(r.replayOf()), r.verdict(), r.startedAt()));
            } else {
                out.add(new ConfirmingRun(id, ConfirmationKind.REEXECUTION, null, null, r.startedAt()));
            }
        }
        return out;
    }

    /** Replaces cache-hit links and verdicts by those the event store had recorded by {@code asOf}. */
    private void asOf(Map<String, Row> rows, List<String> ids, Instant asOf) {
        Map<String, String> cacheHitOf = new HashMap<>();
        Map<String, String> verdict = new HashMap<>();
        jdbc.execute((Connection c) -> {
            Array array = c.createArrayOf("varchar", ids.toArray());
            try (PreparedStatement ps = c.prepareStatement("SELECT aggregateidentifier, payloadtype, timestamp, payload"
                    + " FROM domainevententry WHERE aggregateidentifier = ANY(?) AND payloadtype IN (?, ?)"
                    + " ORDER BY globalindex")) {
                ps.setArray(1, array);
                ps.setString(2, RunCacheHitRecordedEvent.class.getName());
                ps.setString(3, ReplayVerdictRecordedEvent.class.getName());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // Axon keeps ISO-8601 timestamp strings; compare parsed values
                        if (Instant.parse(rs.getString(3)).isAfter(asOf)) {
                            continue;
                        }
                        Map<String, Object> payload =
                                Json.read(new String(rs.getBytes(4), StandardCharsets.UTF_8), MAP);
                        if (rs.getString(2).equals(RunCacheHitRecordedEvent.class.getName())) {
                            cacheHitOf.put(rs.getString(1), String.valueOf(payload.get("reusedRunId")));
                        } else if (payload.get("verdict") != null) {
                            verdict.put(rs.getString(1), payload.get("verdict").toString());
                        }
                    }
                }
            } finally {
                array.free();
            }
            return null;
        });
        rows.replaceAll((id, r) -> new Row(id, r.replayOf(), cacheHitOf.get(id), verdict.get(id), r.startedAt()));
    }
}
