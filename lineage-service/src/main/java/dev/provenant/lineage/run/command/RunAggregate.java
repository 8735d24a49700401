package dev.provenant.lineage.run.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.provenant.messages.common.ErrorCode;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.openlineage.OpenLineageEventReceivedEvent;
import dev.provenant.messages.openlineage.OpenLineageSubjectId;
import dev.provenant.messages.openlineage.RecordOpenLineageRunEventCommand;
import dev.provenant.messages.openlineage.RecordOpenLineageRunEventsCommand;
import dev.provenant.messages.run.AbandonRunCommand;
import dev.provenant.messages.run.FinishRunCommand;
import dev.provenant.messages.run.FinishRunWithResultsCommand;
import dev.provenant.messages.run.RecordCacheHitCommand;
import dev.provenant.messages.run.RecordReplayVerdictCommand;
import dev.provenant.messages.run.RecordRunExecutionCommand;
import dev.provenant.messages.run.RecordRunInputsCommand;
import dev.provenant.messages.run.RecordRunMetricPointsCommand;
import dev.provenant.messages.run.RecordRunMetricsCommand;
import dev.provenant.messages.run.RecordRunOutputsCommand;
import dev.provenant.messages.run.RecordRunParametersCommand;
import dev.provenant.messages.run.ReplayVerdictRecordedEvent;
import dev.provenant.messages.run.RunAbandonedEvent;
import dev.provenant.messages.run.RunCacheHitRecordedEvent;
import dev.provenant.messages.run.RunCompletedEvent;
import dev.provenant.messages.run.RunExecutionObservedEvent;
import dev.provenant.messages.run.RunFailedEvent;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunInputsRecordedEvent;
import dev.provenant.messages.run.RunMetricPointsRecordedEvent;
import dev.provenant.messages.run.RunMetricsRecordedEvent;
import dev.provenant.messages.run.RunOutput;
import dev.provenant.messages.run.RunOutputsRecordedEvent;
import dev.provenant.messages.run.RunParametersRecordedEvent;
import dev.provenant.messages.run.RunStartedEvent;
import dev.provenant.messages.run.RunStatus;
import dev.provenant.messages.run.StartRunCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One run ({@code run:<id>}): started once, then outputs, metrics, a cache hit or a replay
 * verdict, then completed or failed. Resending a command that changes nothing records nothing;
 * a command that contradicts what is recorded is a conflict; nothing is recorded after the end
 * except a replay verdict.
 *
 * <p>A run whose recorder stopped renewing its lease is closed by the server as ABANDONED. That
 * end is provisional: a recorder that was only cut off may still record the run's outputs,
 * metrics and end afterwards (a late finish); both stay in the run's history.
 *
 * <p>Cached (weak references): OpenLineage sends several events per run in quick succession, and
 * re-sourcing the run from the event store for each was the largest cost of ingestion.
 */
@Aggregate(cache = "runAggregateCache")
public class RunAggregate {

    @AggregateIdentifier
    private RunId runId;

    private RunStartedEvent started;
    private RunStatus status;
    private int exitCode;
    private String failureReason;
    private RunId replayOf;
    private RunId cacheHitOf;
    private boolean verdictRecorded;
    private RunExecutionObservedEvent execution;
    private final Map<String, RunOutput> outputs = new HashMap<>();
    private final Map<String, Double> metrics = new HashMap<>();
    private final java.util.Set<String> inputNames = new java.util.HashSet<>();
    private final Map<String, Sha256Digest> inputDigests = new HashMap<>();
    private final Map<String, String> parameters = new HashMap<>();
    private final java.util.Set<Sha256Digest> openLineageEvents = new java.util.HashSet<>();
    private java.time.Instant openLineageStart;
    private long metricPoints;
    private final java.util.Set<String> metricBatches = new java.util.HashSet<>();

    protected RunAggregate() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public String handle(StartRunCommand c) {
        RunStartedEvent event = new RunStartedEvent(
                c.runId(),
                c.name(),
                c.pipelineRunId(),
                c.stepName(),
                c.command(),
                c.parameters(),
                c.code(),
                c.environment(),
                c.inputs(),
                c.replayOf(),
                c.cacheKey());
        if (started != null) {
            if (event.equals(started)) {
                return runId.toString(); // the same start again: idempotent
            }
            throw conflict("Run '" + runId + "' was already started with other content; start a new run id");
        }
        apply(event);
        return c.runId().toString();
    }

    @CommandHandler
    public void handle(RecordRunOutputsCommand c) {
        List<RunOutput> fresh = new ArrayList<>();
        for (RunOutput o : c.outputs()) {
            RunOutput known = outputs.get(o.name());
            if (known == null) {
                fresh.add(o);
            } else if (!known.equals(o)) {
                throw conflict("Run '" + runId + "' already recorded output '" + o.name() + "' as " + known.digest()
                        + "; outputs are immutable");
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        requireRunning("record outputs");
        apply(new RunOutputsRecordedEvent(runId, fresh));
    }

    @CommandHandler
    public void handle(RecordRunMetricsCommand c) {
        Map<String, Double> fresh = new java.util.TreeMap<>();
        c.metrics().forEach((k, v) -> {
            Double known = metrics.get(k);
            if (known == null) {
                fresh.put(k, v);
            } else if (!known.equals(v)) {
                throw conflict("Run '" + runId + "' already recorded metric '" + k + "' = " + known);
            }
        });
        if (fresh.isEmpty()) {
            return;
        }
        requireRunning("record metrics");
        apply(new RunMetricsRecordedEvent(runId, fresh));
    }

    @CommandHandler
    public void handle(RecordRunInputsCommand c) {
        List<dev.provenant.messages.run.RunInput> fresh = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (dev.provenant.messages.run.RunInput i : c.inputs()) {
            Sha256Digest known = inputDigests.get(i.name());
            if (known == null) {
                if (seen.add(i.name())) {
                    fresh.add(i);
                }
            } else if (!known.equals(i.digest())) {
                throw conflict("Run '" + runId + "' already recorded input '" + i.name() + "' as " + known
                        + "; inputs are immutable (name the new one differently)");
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        requireRunning("record inputs");
        apply(new RunInputsRecordedEvent(runId, fresh));
    }

    @CommandHandler
    public void handle(RecordRunParametersCommand c) {
        Map<String, String> fresh = new java.util.TreeMap<>();
        c.parameters().forEach((k, v) -> {
            String known = parameters.get(k);
            if (known == null) {
                fresh.put(k, v);
            } else if (!known.equals(v)) {
                throw conflict("Run '" + runId + "' already recorded parameter '" + k + "' = '" + known
                        + "'; parameters are immutable");
            }
        });
        if (fresh.isEmpty()) {
            return;
        }
        requireRunning("record parameters");
        apply(new RunParametersRecordedEvent(runId, fresh));
    }

    /**
     * Appends metric points. A batch whose idempotency key was seen records nothing (a client's
     * retry); the run's cap on points is checked here, where the count is exact under concurrency.
     */
    @CommandHandler
    public void handle(RecordRunMetricPointsCommand c) {
        if (c.idempotencyKey() != null && metricBatches.contains(c.idempotencyKey())) {
            return;
        }
        requireRunning("record metric points");
        int count = c.pointCount();
        long after = metricPoints + count;
        if (after > c.maxPointsPerRun()) {
            throw new CommandExecutionException(
                    "metric points: run '" + runId + "' has " + metricPoints + "; "
                            + count
                            + " more would be " + after + ", more than the " + c.maxPointsPerRun()
                            + " a run may have (provenant.limits.max-metric-points-per-run)",
                    null,
                    ErrorCode.INVALID_INPUT);
        }
        apply(new RunMetricPointsRecordedEvent(runId, c.series(), c.idempotencyKey()));
    }

    @CommandHandler
    public void handle(AbandonRunCommand c) {
        if (status != RunStatus.RUNNING) {
            return; // finished meanwhile, or abandoned already: nothing to close
        }
        apply(new RunAbandonedEvent(runId, c.lastHeartbeat().toString(), c.leaseSeconds()));
    }

    @CommandHandler
    public void handle(FinishRunCommand c) {
        if (status != RunStatus.RUNNING && status != RunStatus.ABANDONED) {
            boolean same = (status == RunStatus.SUCCEEDED) == c.succeeded() && exitCode == c.exitCode();
            if (same) {
                return;
            }
            throw conflict("Run '" + runId + "' already finished as " + status + " (exit " + exitCode + ")");
        }
        if (c.succeeded()) {
            apply(new RunCompletedEvent(runId, c.exitCode(), c.durationMillis()));
        } else {
            String reason = c.failureReason() != null ? c.failureReason() : "exit code " + c.exitCode();
            apply(new RunFailedEvent(runId, c.exitCode(), c.durationMillis(), reason));
        }
    }

    /**
     * Outputs, metrics and the end in one command (one request from a recorder, one transaction):
     * the same checks and events as the three commands in that order.
     */
    @CommandHandler
    public void handle(FinishRunWithResultsCommand c) {
        handle(c.outputsCommand());
        handle(c.metricsCommand());
        handle(c.finishCommand());
    }

    @CommandHandler
    public void handle(RecordCacheHitCommand c) {
        if (cacheHitOf != null) {
            if (cacheHitOf.equals(c.reusedRunId())) {
                return;
            }
            throw conflict("Run '" + runId + "' already reused " + cacheHitOf);
        }
        requireRunning("record a cache hit");
        apply(new RunCacheHitRecordedEvent(runId, c.reusedRunId()));
    }

    @CommandHandler
    public void handle(RecordReplayVerdictCommand c) {
        if (replayOf == null) {
            throw new CommandExecutionException(
                    "Run '" + runId + "' is not a replay (it was not started with replayOf)",
                    null,
                    ErrorCode.INVALID_INPUT);
        }
        if (verdictRecorded) {
            throw conflict("Run '" + runId + "' already has a replay verdict");
        }
        apply(new ReplayVerdictRecordedEvent(
                runId,
                replayOf,
                c.verdict(),
                c.differences(),
                c.environmentDrift(),
                c.metricDifferences(),
                c.comparedOutputs(),
                c.comparedMetrics(),
                c.causes()));
    }

    @CommandHandler
    public void handle(RecordRunExecutionCommand c) {
        RunExecutionObservedEvent event = new RunExecutionObservedEvent(
                runId,
                c.traced(),
                c.variablesDigest(),
                c.undeclaredReads(),
                c.undeclaredWrites(),
                c.missingReads(),
                c.declaredReads(),
                c.codeReads(),
                c.systemReads());
        if (execution != null) {
            if (execution.equals(event)) {
                return; // the same observations again: idempotent
            }
            throw conflict("Run '" + runId + "' already recorded what its execution read and wrote");
        }
        requireRunning("record what the execution read and wrote");
        apply(event);
    }

    /**
     * Merges one OpenLineage RunEvent: events of a run arrive in pieces and in any order. The first
     * one starts the run; later ones add inputs and outputs; the first terminal one (COMPLETE,
     * FAIL, ABORT) ends it. Returns false when the event had been received before.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(RecordOpenLineageRunEventCommand c) {
        return merge(c);
    }

    /**
     * Several OpenLineage events of this run at once (one batch request): merged in order in one
     * transaction. Returns, per event, whether it was new.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<Boolean> handle(RecordOpenLineageRunEventsCommand c) {
        List<Boolean> recorded = new java.util.ArrayList<>();
        for (RecordOpenLineageRunEventCommand e : c.events()) {
            recorded.add(merge(e));
        }
        return recorded;
    }

    private boolean merge(RecordOpenLineageRunEventCommand c) {
        if (openLineageEvents.contains(c.eventDigest())) {
            return false;
        }
        apply(new OpenLineageEventReceivedEvent(
                OpenLineageSubjectId.of(c.runId()),
                c.eventDigest(),
                "RunEvent",
                c.eventType(),
                c.eventTimeText(),
                c.producer(),
                c.rawJson()));
        if (started == null) {
            apply(new RunStartedEvent(
                    c.runId(),
                    c.jobName(),
                    c.parentRunId(),
                    c.parentRunId() == null ? null : c.jobName(),
                    List.of(),
                    c.parameters(),
                    null,
                    c.environment(),
                    c.inputs(),
                    null,
                    null));
        } else {
            List<dev.provenant.messages.run.RunInput> fresh = c.inputs().stream()
                    .filter(i -> !inputNames.contains(i.name()))
                    .toList();
            if (!fresh.isEmpty()) {
                apply(new RunInputsRecordedEvent(runId, fresh));
            }
        }
        if ("START".equals(c.eventType())
                && (openLineageStart == null || c.eventTime().isBefore(openLineageStart))) {
            openLineageStart = c.eventTime();
        }
        List<RunOutput> freshOutputs =
                c.outputs().stream().filter(o -> !outputs.containsKey(o.name())).toList();
        if (!freshOutputs.isEmpty()) {
            apply(new RunOutputsRecordedEvent(runId, freshOutputs));
        }
        if (status == RunStatus.RUNNING) {
            long duration = openLineageStart == null
                    ? 0
                    : Math.max(
                            0,
                            java.time.Duration.between(openLineageStart, c.eventTime())
                                    .toMillis());
            switch (c.eventType()) {
                case "COMPLETE" -> apply(new RunCompletedEvent(runId, 0, duration));
                case "FAIL" ->
                    apply(new RunFailedEvent(
                            runId, 1, duration, c.failureReason() == null ? "OpenLineage FAIL" : c.failureReason()));
                case "ABORT" -> apply(new RunFailedEvent(runId, 1, duration, "aborted (OpenLineage ABORT)"));
                default -> {
                    // START, RUNNING, OTHER: still running
                }
            }
        }
        return true;
    }

    /** Running, or abandoned by the server while its recorder was cut off (it may still report). */
    private void requireRunning(String what) {
        if (status != RunStatus.RUNNING && status != RunStatus.ABANDONED) {
            throw conflict("Cannot " + what + ": run '" + runId + "' already finished as " + status);
        }
    }

    private static CommandExecutionException conflict(String message) {
        return new CommandExecutionException(message, null, ErrorCode.CONFLICT);
    }

    @EventSourcingHandler
    void on(RunStartedEvent e) {
        runId = e.runId();
        started = e;
        status = RunStatus.RUNNING;
        replayOf = e.replayOf();
        e.inputs().forEach(i -> {
            inputNames.add(i.name());
            inputDigests.putIfAbsent(i.name(), i.digest());
        });
        if (e.parameters() != null) {
            parameters.putAll(e.parameters());
        }
    }

    @EventSourcingHandler
    void on(RunInputsRecordedEvent e) {
        e.inputs().forEach(i -> {
            inputNames.add(i.name());
            inputDigests.putIfAbsent(i.name(), i.digest());
        });
    }

    @EventSourcingHandler
    void on(RunParametersRecordedEvent e) {
        parameters.putAll(e.parameters());
    }

    @EventSourcingHandler
    void on(OpenLineageEventReceivedEvent e) {
        runId = RunId.parse(e.subjectId().toString());
        openLineageEvents.add(e.eventDigest());
        if ("START".equals(e.eventType()) && e.eventTime() != null) {
            try {
                java.time.Instant t =
                        java.time.OffsetDateTime.parse(e.eventTime()).toInstant();
                if (openLineageStart == null || t.isBefore(openLineageStart)) {
                    openLineageStart = t;
                }
            } catch (java.time.format.DateTimeParseException ignored) {
                // validated on the way in; older forms are simply not timed
            }
        }
    }

    @EventSourcingHandler
    void on(RunOutputsRecordedEvent e) {
        e.outputs().forEach(o -> outputs.put(o.name(), o));
    }

    @EventSourcingHandler
    void on(RunMetricsRecordedEvent e) {
        metrics.putAll(e.metrics());
    }

    @EventSourcingHandler
    void on(RunMetricPointsRecordedEvent e) {
        metricPoints += e.pointCount();
        if (e.idempotencyKey() != null) {
            metricBatches.add(e.idempotencyKey());
        }
    }

    @EventSourcingHandler
    void on(RunAbandonedEvent e) {
        status = RunStatus.ABANDONED;
    }

    @EventSourcingHandler
    void on(RunCompletedEvent e) {
        status = RunStatus.SUCCEEDED;
        exitCode = e.exitCode();
    }

    @EventSourcingHandler
    void on(RunFailedEvent e) {
        status = RunStatus.FAILED;
        exitCode = e.exitCode();
        failureReason = e.failureReason();
    }

    @EventSourcingHandler
    void on(RunCacheHitRecordedEvent e) {
        cacheHitOf = e.reusedRunId();
    }

    @EventSourcingHandler
    void on(RunExecutionObservedEvent e) {
        execution = e;
    }

    @EventSourcingHandler
    void on(ReplayVerdictRecordedEvent e) {
        verdictRecorded = true;
    }
}
