package dev.provenant.lineage.lineage.projection;

import dev.provenant.lineage.lineage.index.LineageIndexService;
import dev.provenant.messages.common.ProvenantMetadata;
import dev.provenant.messages.dataset.DatasetVersionRegisteredEvent;
import dev.provenant.messages.lineage.EdgeType;
import dev.provenant.messages.lineage.NodeKind;
import dev.provenant.messages.model.ModelStageTransitionedEvent;
import dev.provenant.messages.model.ModelVersionRegisteredEvent;
import dev.provenant.messages.run.MetricPoint;
import dev.provenant.messages.run.ReplayVerdictRecordedEvent;
import dev.provenant.messages.run.RunAbandonedEvent;
import dev.provenant.messages.run.RunCacheHitRecordedEvent;
import dev.provenant.messages.run.RunCompletedEvent;
import dev.provenant.messages.run.RunExecutionObservedEvent;
import dev.provenant.messages.run.RunFailedEvent;
import dev.provenant.messages.run.RunInput;
import dev.provenant.messages.run.RunInputsRecordedEvent;
import dev.provenant.messages.run.RunMetricPointsRecordedEvent;
import dev.provenant.messages.run.RunMetricsRecordedEvent;
import dev.provenant.messages.run.RunOutput;
import dev.provenant.messages.run.RunOutputsRecordedEvent;
import dev.provenant.messages.run.RunParametersRecordedEvent;
import dev.provenant.messages.run.RunStartedEvent;
import dev.provenant.messages.run.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds the lineage graph, the runs table and the model tables from events. Every write is
 * idempotent (a redelivered event changes nothing) and every graph row carries the time and
 * position of its event.
 */
@Component
@ProcessingGroup(LineageProjection.PROCESSING_GROUP)
public class LineageProjection {

    public static final String PROCESSING_GROUP = "lineage";

    private final JdbcTemplate jdbc;
    private final LineageIndexService index;

    public LineageProjection(JdbcTemplate jdbc) {
        this(jdbc, null);
    }

    /** With the in-memory lineage engine, told after each commit that wrote graph rows. */
    @Autowired
    public LineageProjection(JdbcTemplate jdbc, LineageIndexService index) {
        this.jdbc = jdbc;
        this.index = index;
    }

    @EventHandler
    void on(DatasetVersionRegisteredEvent e, @Timestamp Instant at, EventMessage<?> message) {
        long pos = position(message);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("contentDigest", e.contentDigest());
        attrs.put("sizeBytes", Long.toString(e.sizeBytes()));
        if (e.sourceUri() != null) {
            attrs.put("sourceUri", e.sourceUri());
        }
        node(e.datasetVersionId(), NodeKind.DATASET_VERSION, e.name() + "@" + e.version(), attrs, at, pos);
        node(e.contentDigest(), NodeKind.ARTIFACT, null, Map.of("sizeBytes", Long.toString(e.sizeBytes())), at, pos);
        edge(e.datasetVersionId(), e.contentDigest(), EdgeType.CONTENT, at, pos);
        touch(e.contentDigest(), at, pos);
    }

    @EventHandler
    void on(
            RunStartedEvent e,
            @MetaDataValue(ProvenantMetadata.PRINCIPAL) String principal,
            @Timestamp Instant at,
            EventMessage<?> message) {
        long pos = position(message);
        String run = e.runId();
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("name", e.name());
        if (e.stepName() != null) {
            attrs.put("step", e.stepName());
        }
        node(run, NodeKind.RUN, e.name(), attrs, at, pos);
        for (RunInput in : e.inputs()) {
            consumed(run, in, at, pos);
        }
        if (e.code() != null) {
            Map<String, String> code = new LinkedHashMap<>();
            putIfNotNull(code, "repository", e.code().repository());
            putIfNotNull(code, "commit", e.code().commit());
            putIfNotNull(code, "branch", e.code().branch());
            code.put("dirty", Boolean.toString(e.code().dirty()));
            String label = e.code().commit() == null
                    ? "code (no git)"
                    : e.code()
                                    .commit()
                                    .substring(0, Math.min(12, e.code().commit().length()))
                            + (e.code().dirty() ? "+dirty" : "");
            node(e.code().snapshotDigest(), NodeKind.CODE_SNAPSHOT, label, code, at, pos);
            edge(e.code().snapshotDigest(), run, EdgeType.RAN_CODE, at, pos);
            touch(e.code().snapshotDigest(), at, pos);
        }
        if (e.environment() != null) {
            Map<String, String> env = new LinkedHashMap<>();
            putIfNotNull(env, "os", e.environment().properties().get("os.name"));
            putIfNotNull(env, "java", e.environment().properties().get("java.version"));
            node(e.environment().digest(), NodeKind.ENVIRONMENT, "environment", env, at, pos);
            edge(e.environment().digest(), run, EdgeType.RAN_IN_ENV, at, pos);
            touch(e.environment().digest(), at, pos);
        }
        if (e.pipelineRunId() != null) {
            node(e.pipelineRunId(), NodeKind.RUN, "pipeline", Map.of(), at, pos);
            edge(e.pipelineRunId(), run, EdgeType.PART_OF, at, pos);
            touch(e.pipelineRunId(), at, pos);
        }
        if (e.replayOf() != null) {
            edge(e.replayOf(), run, EdgeType.REPLAY_OF, at, pos);
            touch(e.replayOf(), at, pos);
        }
        jdbc.update(
                "INSERT INTO runs (id, name, pipeline_run_id, step_name, command, parameters, code, environment,"
                        + " inputs, status, started_by, started_at, replay_of, cache_key, event_position, last_position)"
                        + " VALUES (?,?,?,?,?::jsonb,?::jsonb,?::jsonb,?::jsonb,?::jsonb,?,?,?,?,?,?,?)"
                        + " ON CONFLICT (id) DO NOTHING",
                run,
                e.name(),
                e.pipelineRunId(),
                e.stepName(),
                Json.write(e.command()),
                Json.write(e.parameters()),
                Json.write(e.code()),
                Json.write(e.environment()),
                Json.write(e.inputs()),
                RunStatus.RUNNING.name(),
                principalOr(principal),
                java.sql.Timestamp.from(at),
                e.replayOf(),
                e.cacheKey(),
                pos,
                pos);
    }

    @EventHandler
    void on(RunOutputsRecordedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        long pos = position(message);
        for (RunOutput out : e.outputs()) {
            artifact(out.digest(), out.name(), out.sizeBytes(), at, pos);
            edge(e.runId(), out.digest(), EdgeType.PRODUCED, at, pos);
        }
        appendToRun("outputs", e.outputs(), e.runId(), pos);
    }

    @EventHandler
    void on(RunInputsRecordedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        long pos = position(message);
        for (RunInput in : e.inputs()) {
            consumed(e.runId(), in, at, pos);
        }
        appendToRun("inputs", e.inputs(), e.runId(), pos);
    }

    @EventHandler
    void on(RunMetricsRecordedEvent e, EventMessage<?> message) {
        long pos = position(message);
        appendToRun("metrics", e.metrics(), e.runId(), pos);
    }

    @EventHandler
    void on(RunParametersRecordedEvent e, EventMessage<?> message) {
        appendToRun("parameters", e.parameters(), e.runId(), position(message));
    }

    /**
     * Points of metric series go to their own table; the value of the last point per name (in the
     * order recorded) is merged into the run's metrics, so {@code Run.metrics} keeps showing the
     * latest value and replays compare it.
     */
    @EventHandler
    void on(RunMetricPointsRecordedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        long pos = position(message);
        java.sql.Timestamp recorded = java.sql.Timestamp.from(at);
        List<Object[]> rows = new ArrayList<>();
        Map<String, Double> latest = new TreeMap<>();
        for (int i = 0; i < e.points().size(); i++) {
            MetricPoint p = e.points().get(i);
            rows.add(new Object[] {
                e.runId(),
                pos,
                i,
                p.name(),
                p.step(),
                p.value(),
                p.timestamp() == null ? recorded : java.sql.Timestamp.from(p.timestamp())
            });
            latest.put(p.name(), p.value());
        }
        jdbc.batchUpdate(
                "INSERT INTO run_metric_points (run_id, event_position, ordinal, name, step, value, measured_at)"
                        + " VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                rows);
        appendToRun("metrics", latest, e.runId(), pos);
    }

    @EventHandler
    void on(RunCompletedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        finish(e.runId(), RunStatus.SUCCEEDED, e.exitCode(), e.durationMillis(), null, at, position(message));
    }

    @EventHandler
    void on(RunFailedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        finish(e.runId(), RunStatus.FAILED, e.exitCode(), e.durationMillis(), e.failureReason(), at, position(message));
    }

    @EventHandler
    void on(RunAbandonedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        long pos = position(message);
        jdbc.update(
                "UPDATE runs SET status = ?, failure_reason = ?, finished_at = ?, last_position = ?"
                        + " WHERE id = ? AND last_position < ?",
                RunStatus.ABANDONED.name(),
                e.reason(),
                java.sql.Timestamp.from(at),
                pos,
                e.runId(),
                pos);
    }

    private void finish(String runId, RunStatus status, int exit, long duration, String reason, Instant at, long pos) {
        jdbc.update(
                "UPDATE runs SET status = ?, exit_code = ?, duration_ms = ?, failure_reason = ?, finished_at = ?,"
                        + " last_position = ? WHERE id = ? AND last_position < ?",
                status.name(),
                exit,
                duration,
                reason,
                java.sql.Timestamp.from(at),
                pos,
                runId,
                pos);
    }

    @EventHandler
    void on(RunCacheHitRecordedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        long pos = position(message);
        edge(e.reusedRunId(), e.runId(), EdgeType.CACHE_HIT_OF, at, pos);
        touch(e.reusedRunId(), at, pos);
        jdbc.update(
                "UPDATE runs SET cache_hit_of = ?, last_position = ? WHERE id = ? AND last_position < ?",
                e.reusedRunId(),
                pos,
                e.runId(),
                pos);
    }

    @EventHandler
    void on(ReplayVerdictRecordedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        long pos = position(message);
        touch(e.replayOf(), at, pos);
        jdbc.update(
                "UPDATE runs SET verdict = ?, differences = ?::jsonb, metric_differences = ?::jsonb,"
                        + " compared_outputs = ?, compared_metrics = ?, causes = ?::jsonb, last_position = ?"
                        + " WHERE id = ? AND last_position < ?",
                e.verdict().name(),
                Json.write(e.differences()),
                Json.write(e.metricDifferences()),
                e.comparedOutputs(),
                e.comparedMetrics(),
                Json.write(e.causes()),
                pos,
                e.runId(),
                pos);
    }

    @EventHandler
    void on(RunExecutionObservedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        long pos = position(message);
        touch(e.runId(), at, pos);
        jdbc.update(
                "UPDATE runs SET execution = ?::jsonb, last_position = ? WHERE id = ? AND last_position < ?",
                Json.write(new dev.provenant.messages.run.RunView.RunExecution(
                        e.traced(),
                        e.variablesDigest(),
                        e.undeclaredReads(),
                        e.undeclaredWrites(),
                        e.missingReads(),
                        e.declaredReads(),
                        e.codeReads(),
                        e.systemReads())),
                pos,
                e.runId(),
                pos);
    }

    @EventHandler
    void on(
            ModelVersionRegisteredEvent e,
            @MetaDataValue(ProvenantMetadata.PRINCIPAL) String principal,
            @Timestamp Instant at,
            EventMessage<?> message) {
        long pos = position(message);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("digest", e.digest());
        attrs.put("outputName", e.outputName());
        node(e.modelVersionId(), NodeKind.MODEL_VERSION, e.name() + "@" + e.version(), attrs, at, pos);
        edge(e.runId(), e.modelVersionId(), EdgeType.REGISTERED_FROM, at, pos);
        edge(e.digest(), e.modelVersionId(), EdgeType.REGISTERED_FROM, at, pos);
        touch(e.runId(), at, pos);
        touch(e.digest(), at, pos);
        jdbc.update(
                "INSERT INTO model_versions (id, name, version, run_id, output_name, digest, size_bytes, description,"
                        + " registered_by, registered_at, event_position) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                        + " ON CONFLICT (id) DO NOTHING",
                e.modelVersionId(),
                e.name(),
                e.version(),
                e.runId(),
                e.outputName(),
                e.digest(),
                e.sizeBytes(),
                e.description(),
                principalOr(principal),
                java.sql.Timestamp.from(at),
                pos);
    }

    @EventHandler
    void on(
            ModelStageTransitionedEvent e,
            @MetaDataValue(ProvenantMetadata.PRINCIPAL) String principal,
            @SequenceNumber long sequence,
            @Timestamp Instant at,
            EventMessage<?> message) {
        jdbc.update(
                "INSERT INTO model_stage_transitions (model_version_id, event_position, sequence_number, from_stage,"
                        + " to_stage, reason, principal, recorded_at) VALUES (?,?,?,?,?,?,?,?)"
                        + " ON CONFLICT DO NOTHING",
                e.modelVersionId(),
                position(message),
                sequence,
                e.from().name(),
                e.to().name(),
                e.reason(),
                principalOr(principal),
                java.sql.Timestamp.from(at));
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE lineage_nodes, lineage_edges, node_events, runs, model_versions, model_stage_transitions,"
                + " run_metric_points");
        if (index != null) {
            index.tablesTruncated();
        }
    }

    /** An input artifact consumed by a run. */
    private void consumed(String runId, RunInput in, Instant at, long pos) {
        artifact(in.digest(), in.name(), in.sizeBytes(), at, pos);
        edge(in.digest(), runId, EdgeType.CONSUMED, at, pos);
    }

    /** An artifact node (first name seen is its label) and the event that touched it. */
    private void artifact(String digest, String name, long sizeBytes, Instant at, long pos) {
        node(digest, NodeKind.ARTIFACT, name, Map.of("sizeBytes", Long.toString(sizeBytes)), at, pos);
        touch(digest, at, pos);
    }

    /** Appends to a JSONB column of a run, once per event (a redelivered event changes nothing). */
    private void appendToRun(String column, Object values, String runId, long pos) {
        jdbc.update(
                "UPDATE runs SET " + column + " = " + column + " || ?::jsonb, last_position = ?"
                        + " WHERE id = ? AND last_position < ?",
                Json.write(values),
                pos,
                runId,
                pos);
    }

    private void node(String id, NodeKind kind, String label, Map<String, String> attrs, Instant at, long pos) {
        jdbc.update(
                "INSERT INTO lineage_nodes (id, kind, label, attributes, recorded_at, event_position)"
                        + " VALUES (?,?,?,?::jsonb,?,?) ON CONFLICT (id) DO NOTHING",
                id,
                kind.name(),
                label,
                Json.write(attrs),
                java.sql.Timestamp.from(at),
                pos);
        graphWritten();
    }

    private void graphWritten() {
        if (index != null) {
            index.rowsWritten();
        }
    }

    private void edge(String from, String to, EdgeType type, Instant at, long pos) {
        jdbc.update(
                "INSERT INTO lineage_edges (from_id, to_id, type, recorded_at, event_position) VALUES (?,?,?,?,?)"
                        + " ON CONFLICT DO NOTHING",
                from,
                to,
                type.name(),
                java.sql.Timestamp.from(at),
                pos);
        graphWritten();
    }

    private void touch(String nodeId, Instant at, long pos) {
        jdbc.update(
                "INSERT INTO node_events (node_id, event_position, recorded_at) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                nodeId,
                pos,
                java.sql.Timestamp.from(at));
    }

    private static void putIfNotNull(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String principalOr(String principal) {
        return principal == null ? "unknown" : principal;
    }

    /**
     * The event's own global index. Not the tracking token's position: when a late-committing
     * transaction fills a gap, the token still points at the highest index seen, which belongs to
     * another event.
     */
    long position(EventMessage<?> message) {
        return EventPositions.of(jdbc, message);
    }
}
