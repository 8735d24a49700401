package dev.provenant.lineage.graph.projection;

import static dev.provenant.messages.common.Ids.text;

import dev.provenant.lineage.config.ProjectionCommits;
import dev.provenant.lineage.graph.index.LineageIndexService;
import dev.provenant.lineage.readmodel.Json;
import dev.provenant.messages.common.ProvenantMetadata;
import dev.provenant.messages.dataset.DatasetVersionRegisteredEvent;
import dev.provenant.messages.lineage.EdgeType;
import dev.provenant.messages.lineage.NodeKind;
import dev.provenant.messages.model.ModelStageTransitionedEvent;
import dev.provenant.messages.model.ModelVersionRegisteredEvent;
import dev.provenant.messages.run.MetricSeriesColumns;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
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
    private final ObjectProvider<EventProcessingConfiguration> processingConfiguration;
    private final String batchKey = "lineage-projection-batch@" + System.identityHashCode(this);

    public LineageProjection(JdbcTemplate jdbc) {
        this(jdbc, null, null);
    }

    /** With the in-memory lineage engine, told after each commit that wrote graph rows. */
    @Autowired
    public LineageProjection(
            JdbcTemplate jdbc,
            LineageIndexService index,
            ObjectProvider<EventProcessingConfiguration> processingConfiguration) {
        this.jdbc = jdbc;
        this.index = index;
        this.processingConfiguration = processingConfiguration;
    }

    @EventHandler
    void on(DatasetVersionRegisteredEvent e, @Timestamp Instant at, EventMessage<?> message) {
        ProjectionBatch b = batch();
        ProjectionBatch.Pos pos = b.position(message);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("contentDigest", text(e.contentDigest()));
        attrs.put("sizeBytes", Long.toString(e.sizeBytes()));
        if (e.sourceUri() != null) {
            attrs.put("sourceUri", e.sourceUri());
        }
        node(b, text(e.datasetVersionId()), NodeKind.DATASET_VERSION, e.name() + "@" + e.version(), attrs, at, pos);
        node(
                b,
                text(e.contentDigest()),
                NodeKind.ARTIFACT,
                null,
                Map.of("sizeBytes", Long.toString(e.sizeBytes())),
                at,
                pos);
        edge(b, text(e.datasetVersionId()), text(e.contentDigest()), EdgeType.CONTENT, at, pos);
        touch(b, text(e.contentDigest()), at, pos);
        done(b);
    }

    @EventHandler
    void on(
            RunStartedEvent e,
            @MetaDataValue(ProvenantMetadata.PRINCIPAL) String principal,
            @Timestamp Instant at,
            EventMessage<?> message) {
        ProjectionBatch b = batch();
        ProjectionBatch.Pos pos = b.position(message);
        String run = text(e.runId());
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("name", e.name());
        if (e.stepName() != null) {
            attrs.put("step", e.stepName());
        }
        node(b, run, NodeKind.RUN, e.name(), attrs, at, pos);
        for (RunInput in : e.inputs()) {
            consumed(b, run, in, at, pos);
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
            node(b, text(e.code().snapshotDigest()), NodeKind.CODE_SNAPSHOT, label, code, at, pos);
            edge(b, text(e.code().snapshotDigest()), run, EdgeType.RAN_CODE, at, pos);
            touch(b, text(e.code().snapshotDigest()), at, pos);
        }
        if (e.environment() != null) {
            Map<String, String> env = new LinkedHashMap<>();
            putIfNotNull(env, "os", e.environment().properties().get("os.name"));
            putIfNotNull(env, "java", e.environment().properties().get("java.version"));
            node(b, text(e.environment().digest()), NodeKind.ENVIRONMENT, "environment", env, at, pos);
            edge(b, text(e.environment().digest()), run, EdgeType.RAN_IN_ENV, at, pos);
            touch(b, text(e.environment().digest()), at, pos);
        }
        if (e.pipelineRunId() != null) {
            node(b, text(e.pipelineRunId()), NodeKind.RUN, "pipeline", Map.of(), at, pos);
            edge(b, text(e.pipelineRunId()), run, EdgeType.PART_OF, at, pos);
            touch(b, text(e.pipelineRunId()), at, pos);
        }
        if (e.replayOf() != null) {
            edge(b, text(e.replayOf()), run, EdgeType.REPLAY_OF, at, pos);
            touch(b, text(e.replayOf()), at, pos);
        }
        b.runStarted(new ProjectionBatch.RunStart(
                run,
                e.name(),
                text(e.pipelineRunId()),
                e.stepName(),
                Json.write(e.command()),
                e.parameters(),
                Json.write(e.code()),
                Json.write(e.environment()),
                e.inputs(),
                RunStatus.RUNNING.name(),
                principalOr(principal),
                java.sql.Timestamp.from(at),
                text(e.replayOf()),
                text(e.cacheKey()),
                pos));
        done(b);
    }

    @EventHandler
    void on(RunOutputsRecordedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        ProjectionBatch b = batch();
        ProjectionBatch.Pos pos = b.position(message);
        for (RunOutput out : e.outputs()) {
            artifact(b, text(out.digest()), out.name(), out.sizeBytes(), at, pos);
            edge(b, text(e.runId()), text(out.digest()), EdgeType.PRODUCED, at, pos);
        }
        appendToRun(b, "outputs", e.outputs(), text(e.runId()), pos);
        done(b);
    }

    @EventHandler
    void on(RunInputsRecordedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        ProjectionBatch b = batch();
        ProjectionBatch.Pos pos = b.position(message);
        for (RunInput in : e.inputs()) {
            consumed(b, text(e.runId()), in, at, pos);
        }
        appendToRun(b, "inputs", e.inputs(), text(e.runId()), pos);
        done(b);
    }

    @EventHandler
    void on(RunMetricsRecordedEvent e, EventMessage<?> message) {
        ProjectionBatch b = batch();
        ProjectionBatch.Pos pos = b.position(message);
        appendToRun(b, "metrics", e.metrics(), text(e.runId()), pos);
        done(b);
    }

    @EventHandler
    void on(RunParametersRecordedEvent e, EventMessage<?> message) {
        ProjectionBatch b = batch();
        appendToRun(b, "parameters", e.parameters(), text(e.runId()), b.position(message));
        done(b);
    }

    /**
     * Points of metric series go to their own table; the value of the last point per name (in the
     * order recorded) is merged into the run's metrics, so {@code Run.metrics} keeps showing the
     * latest value and replays compare it.
     */
    @EventHandler
    void on(RunMetricPointsRecordedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        ProjectionBatch b = batch();
        ProjectionBatch.Pos pos = b.position(message);
        long recorded = MetricSeriesColumns.micros(at);
        Map<String, Double> latest = new TreeMap<>();
        int ordinal = 0;
        for (MetricSeriesColumns s : e.series()) {
            b.metricPoints(text(e.runId()), pos, ordinal, s, recorded);
            ordinal += s.size();
            latest.put(s.name(), s.values().get(s.size() - 1));
        }
        appendToRun(b, "metrics", latest, text(e.runId()), pos);
        done(b);
    }

    @EventHandler
    void on(RunCompletedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        ProjectionBatch b = batch();
        finish(
                b,
                text(e.runId()),
                RunStatus.SUCCEEDED,
                e.exitCode(),
                e.durationMillis(),
                null,
                at,
                b.position(message));
        done(b);
    }

    @EventHandler
    void on(RunFailedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        ProjectionBatch b = batch();
        finish(
                b,
                text(e.runId()),
                RunStatus.FAILED,
                e.exitCode(),
                e.durationMillis(),
                e.failureReason(),
                at,
                b.position(message));
        done(b);
    }

    @EventHandler
    void on(RunAbandonedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        ProjectionBatch b = batch();
        ProjectionBatch.Pos pos = b.position(message);
        b.run(
                text(e.runId()),
                "UPDATE runs SET status = ?, failure_reason = ?, finished_at = ?, last_position = ?"
                        + " WHERE id = ? AND last_position < ?",
                RunStatus.ABANDONED.name(),
                e.reason(),
                java.sql.Timestamp.from(at),
                pos,
                text(e.runId()),
                pos);
        done(b);
    }

    private void finish(
            ProjectionBatch b,
            String runId,
            RunStatus status,
            int exit,
            long duration,
            String reason,
            Instant at,
            ProjectionBatch.Pos pos) {
        b.runFinished(
                runId,
                new ProjectionBatch.RunFinish(status.name(), exit, duration, reason, java.sql.Timestamp.from(at), pos));
    }

    @EventHandler
    void on(RunCacheHitRecordedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        ProjectionBatch b = batch();
        ProjectionBatch.Pos pos = b.position(message);
        edge(b, text(e.reusedRunId()), text(e.runId()), EdgeType.CACHE_HIT_OF, at, pos);
        touch(b, text(e.reusedRunId()), at, pos);
        b.run(
                text(e.runId()),
                "UPDATE runs SET cache_hit_of = ?, last_position = ? WHERE id = ? AND last_position < ?",
                text(e.reusedRunId()),
                pos,
                text(e.runId()),
                pos);
        done(b);
    }

    @EventHandler
    void on(ReplayVerdictRecordedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        ProjectionBatch b = batch();
        ProjectionBatch.Pos pos = b.position(message);
        touch(b, text(e.replayOf()), at, pos);
        b.run(
                text(e.runId()),
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
                text(e.runId()),
                pos);
        done(b);
    }

    /**
     * The run's {@code execution} column: the view's shape ({@code invalidVariablesDigest} only when
     * the event was upcast from a revision-1 payload whose variables digest was not SHA-256 text).
     */
    static String executionJson(RunExecutionObservedEvent e) {
        return Json.write(new dev.provenant.messages.run.RunView.RunExecution(
                e.traced(),
                e.variablesDigest(),
                e.invalidVariablesDigest(),
                e.undeclaredReads(),
                e.undeclaredWrites(),
                e.missingReads(),
                e.declaredReads(),
                e.codeReads(),
                e.systemReads()));
    }

    @EventHandler
    void on(RunExecutionObservedEvent e, @Timestamp Instant at, EventMessage<?> message) {
        ProjectionBatch b = batch();
        ProjectionBatch.Pos pos = b.position(message);
        touch(b, text(e.runId()), at, pos);
        b.run(
                text(e.runId()),
                "UPDATE runs SET execution = ?::jsonb, last_position = ? WHERE id = ? AND last_position < ?",
                executionJson(e),
                pos,
                text(e.runId()),
                pos);
        done(b);
    }

    @EventHandler
    void on(
            ModelVersionRegisteredEvent e,
            @MetaDataValue(ProvenantMetadata.PRINCIPAL) String principal,
            @Timestamp Instant at,
            EventMessage<?> message) {
        ProjectionBatch b = batch();
        ProjectionBatch.Pos pos = b.position(message);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("digest", text(e.digest()));
        attrs.put("outputName", e.outputName());
        node(b, text(e.modelVersionId()), NodeKind.MODEL_VERSION, e.name() + "@" + e.version(), attrs, at, pos);
        edge(b, text(e.runId()), text(e.modelVersionId()), EdgeType.REGISTERED_FROM, at, pos);
        edge(b, text(e.digest()), text(e.modelVersionId()), EdgeType.REGISTERED_FROM, at, pos);
        touch(b, text(e.runId()), at, pos);
        touch(b, text(e.digest()), at, pos);
        b.insert(
                "INSERT INTO model_versions (id, name, version, run_id, output_name, digest, size_bytes, description,"
                        + " registered_by, registered_at, event_position) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                        + " ON CONFLICT (id) DO NOTHING",
                text(e.modelVersionId()),
                e.name(),
                e.version(),
                text(e.runId()),
                e.outputName(),
                text(e.digest()),
                e.sizeBytes(),
                e.description(),
                principalOr(principal),
                java.sql.Timestamp.from(at),
                pos);
        done(b);
    }

    @EventHandler
    void on(
            ModelStageTransitionedEvent e,
            @MetaDataValue(ProvenantMetadata.PRINCIPAL) String principal,
            @SequenceNumber long sequence,
            @Timestamp Instant at,
            EventMessage<?> message) {
        ProjectionBatch b = batch();
        b.insert(
                "INSERT INTO model_stage_transitions (model_version_id, event_position, sequence_number, from_stage,"
                        + " to_stage, reason, principal, recorded_at) VALUES (?,?,?,?,?,?,?,?)"
                        + " ON CONFLICT DO NOTHING",
                text(e.modelVersionId()),
                b.position(message),
                sequence,
                e.from().name(),
                e.to().name(),
                e.reason(),
                principalOr(principal),
                java.sql.Timestamp.from(at));
        done(b);
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
    private void consumed(ProjectionBatch b, String runId, RunInput in, Instant at, ProjectionBatch.Pos pos) {
        artifact(b, text(in.digest()), in.name(), in.sizeBytes(), at, pos);
        edge(b, text(in.digest()), runId, EdgeType.CONSUMED, at, pos);
    }

    /** An artifact node (first name seen is its label) and the event that touched it. */
    private void artifact(
            ProjectionBatch b, String digest, String name, long sizeBytes, Instant at, ProjectionBatch.Pos pos) {
        node(b, digest, NodeKind.ARTIFACT, name, Map.of("sizeBytes", Long.toString(sizeBytes)), at, pos);
        touch(b, digest, at, pos);
    }

    /** Appends to a JSONB column of a run, once per event (a redelivered event changes nothing). */
    private void appendToRun(ProjectionBatch b, String column, Object values, String runId, ProjectionBatch.Pos pos) {
        b.runAppend(runId, column, values, pos);
    }

    private void node(
            ProjectionBatch b,
            String id,
            NodeKind kind,
            String label,
            Map<String, String> attrs,
            Instant at,
            ProjectionBatch.Pos pos) {
        if (!b.hasNode(id)) {
            b.node(id, kind.name(), label, Json.write(attrs), at, pos);
        }
    }

    private void edge(ProjectionBatch b, String from, String to, EdgeType type, Instant at, ProjectionBatch.Pos pos) {
        b.edge(from, to, type.name(), at, pos);
    }

    private void touch(ProjectionBatch b, String nodeId, Instant at, ProjectionBatch.Pos pos) {
        b.touch(nodeId, at, pos);
    }

    /**
     * The rows of the current batch. A streaming processor hands a batch of events to the
     * handlers inside one unit of work; their rows are written together when it prepares to
     * commit (same transaction as the token). Outside a unit of work each event is written at once.
     */
    private ProjectionBatch batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new ProjectionBatch(false, false);
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(batchKey, k -> {
            ProjectionBatch b = new ProjectionBatch(true, wholeStream());
            root.onPrepareCommit(u -> write(b));
            ProjectionCommits.afterCommit();
            return b;
        });
    }

    /** After an event's handler: an immediate batch is written now, a deferred one at prepare-commit. */
    private void done(ProjectionBatch b) {
        if (!b.deferred()) {
            write(b);
            ProjectionCommits.afterCommit();
        }
    }

    /** True when this projection's processor holds a single segment covering the whole stream. */
    private boolean wholeStream() {
        EventProcessingConfiguration processing =
                processingConfiguration == null ? null : processingConfiguration.getIfAvailable();
        if (processing == null) {
            return false;
        }
        return processing
                .eventProcessor(PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(p -> {
                    Map<Integer, EventTrackerStatus> status = p.processingStatus();
                    return status.size() == 1
                            && status.values().iterator().next().getSegment().getMask() == 0;
                })
                .orElse(false);
    }

    private void graphWritten() {
        if (index != null) {
            index.rowsWritten();
        }
    }

    private void write(ProjectionBatch b) {
        boolean graph = b.wroteGraph();
        b.flush(jdbc);
        if (graph) {
            graphWritten();
        }
    }

    /**
     * Every other event: nothing to write, but the batch sees every event of the stream in order,
     * which is what lets it tell each event's global index from the tracking tokens. It takes the
     * message only, so the payload of an event this projection does not handle is never
     * deserialized.
     */
    @EventHandler
    void on(EventMessage<?> other) {
        batch().position(other);
    }

    private static void putIfNotNull(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String principalOr(String principal) {
        return principal == null ? "unknown" : principal;
    }
}
