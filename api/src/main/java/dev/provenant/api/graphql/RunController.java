package dev.provenant.api.graphql;

import dev.provenant.api.auth.PrincipalGraphQlInterceptor;
import dev.provenant.api.lease.RunLeaseSettings;
import dev.provenant.lineage.run.lease.RunLeases;
import dev.provenant.messages.common.ErrorCode;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.run.CodeVersion;
import dev.provenant.messages.run.CountRunsQuery;
import dev.provenant.messages.run.DiffRunsQuery;
import dev.provenant.messages.run.EnvironmentFingerprint;
import dev.provenant.messages.run.FindRunQuery;
import dev.provenant.messages.run.FinishRunCommand;
import dev.provenant.messages.run.FinishRunWithResultsCommand;
import dev.provenant.messages.run.MetricDifference;
import dev.provenant.messages.run.MetricNamesQuery;
import dev.provenant.messages.run.MetricPoint;
import dev.provenant.messages.run.MetricSeriesColumns;
import dev.provenant.messages.run.MetricSeriesQuery;
import dev.provenant.messages.run.OutputDifference;
import dev.provenant.messages.run.RecordCacheHitCommand;
import dev.provenant.messages.run.RecordReplayVerdictCommand;
import dev.provenant.messages.run.RecordRunExecutionCommand;
import dev.provenant.messages.run.RecordRunInputsCommand;
import dev.provenant.messages.run.RecordRunMetricPointsCommand;
import dev.provenant.messages.run.RecordRunMetricsCommand;
import dev.provenant.messages.run.RecordRunOutputsCommand;
import dev.provenant.messages.run.RecordRunParametersCommand;
import dev.provenant.messages.run.RunDiff;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunInput;
import dev.provenant.messages.run.RunOutput;
import dev.provenant.messages.run.RunPage;
import dev.provenant.messages.run.RunStatus;
import dev.provenant.messages.run.RunTableQuery;
import dev.provenant.messages.run.RunView;
import dev.provenant.messages.run.StartRunCommand;
import dev.provenant.messages.run.TracedRead;
import dev.provenant.messages.run.Verdict;
import dev.provenant.messages.run.VerdictCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

/** Runs: record, look up, list, diff. */
@Controller
public class RunController {

    private final CommandSender commands;
    private final QueryGateway queries;

    private final RecordingLimits limits;
    private final RunLeases leases;
    private final RunLeaseSettings leaseSettings;

    public RunController(
            CommandSender commands,
            QueryGateway queries,
            RecordingLimits limits,
            RunLeases leases,
            RunLeaseSettings leaseSettings) {
        this.commands = commands;
        this.queries = queries;
        this.limits = limits;
        this.leases = leases;
        this.leaseSettings = leaseSettings;
    }

    /** GraphQL {@code CodeVersionInput}. */
    public record CodeVersionInput(
            String repository, String commit, String branch, Boolean dirty, String snapshotDigest) {}

    /** GraphQL {@code RunInputInput}. */
    public record RunInputInput(String name, String digest, Long sizeBytes, String datasetVersionId) {}

    /** GraphQL {@code RunOutputInput}. */
    public record RunOutputInput(String name, String digest, Long sizeBytes, String kind) {}

    /** GraphQL {@code MetricInput}. */
    public record MetricInput(String name, Double value) {}

    /** GraphQL {@code RecordRunInputsInput}. */
    public record RecordRunInputsInput(String runId, List<RunInputInput> inputs) {}

    /** GraphQL {@code RecordRunParametersInput}. */
    public record RecordRunParametersInput(String runId, List<KeyValue> parameters) {}

    /** GraphQL {@code MetricPointInput}. */
    public record MetricPointInput(String name, Double value, Long step, java.time.Instant timestamp) {}

    /** GraphQL {@code MetricSeriesColumnsInput}. */
    public record MetricSeriesColumnsInput(String name, List<Double> values, List<Long> steps, List<Long> atMillis) {}

    /** GraphQL {@code RecordRunMetricSeriesInput}. */
    public record RecordRunMetricSeriesInput(
            String runId,
            List<MetricPointInput> points,
            List<MetricSeriesColumnsInput> series,
            String idempotencyKey,
            Boolean awaitReadModel) {}

    /** GraphQL {@code MetricPoint}. */
    public record MetricPointView(Long step, double value, java.time.Instant timestamp) {}

    /** GraphQL {@code StartRunInput}. */
    public record StartRunInput(
            String runId,
            String idempotencyKey,
            String name,
            String pipelineRunId,
            String stepName,
            List<String> command,
            List<KeyValue> parameters,
            CodeVersionInput code,
            List<KeyValue> environment,
            List<RunInputInput> inputs,
            String replayOf,
            String cacheKey) {}

    /** GraphQL {@code RecordRunOutputsInput}. */
    public record RecordRunOutputsInput(String runId, List<RunOutputInput> outputs) {}

    /** GraphQL {@code RecordRunMetricsInput}. */
    public record RecordRunMetricsInput(String runId, List<MetricInput> metrics) {}

    /** GraphQL {@code FinishRunInput}. */
    public record FinishRunInput(
            String runId,
            Integer exitCode,
            Long durationMillis,
            String failureReason,
            List<RunOutputInput> outputs,
            List<MetricInput> metrics) {}

    /** GraphQL {@code RecordCacheHitInput}. */
    public record RecordCacheHitInput(String runId, String reusedRunId) {}

    /** GraphQL {@code OutputDifferenceInput}. */
    public record OutputDifferenceInput(
            String name,
            String originalDigest,
            Long originalSize,
            String replayDigest,
            Long replaySize,
            String detail,
            Boolean withinTolerance) {}

    /** GraphQL {@code MetricDifferenceInput}. */
    public record MetricDifferenceInput(
            String name, Double original, Double replay, Boolean withinTolerance, String detail) {}

    /** GraphQL {@code RecordReplayVerdictInput}. */
    public record RecordReplayVerdictInput(
            String runId,
            Verdict verdict,
            List<OutputDifferenceInput> differences,
            List<String> environmentDrift,
            List<MetricDifferenceInput> metricDifferences,
            Integer comparedOutputs,
            Integer comparedMetrics,
            List<VerdictCauseInput> causes) {}

    /** GraphQL {@code VerdictCauseInput}. */
    public record VerdictCauseInput(String kind, String subject, String detail) {}

    /** GraphQL {@code UndeclaredReadInput}. */
    public record UndeclaredReadInput(String path, String digest, Long sizeBytes, Boolean stored) {}

    /** GraphQL {@code RecordRunExecutionInput}. */
    public record RecordRunExecutionInput(
            String runId,
            Boolean traced,
            String variablesDigest,
            List<UndeclaredReadInput> undeclaredReads,
            List<String> undeclaredWrites,
            List<String> missingReads,
            Integer declaredReads,
            Integer codeReads,
            Integer systemReads) {}

    /** GraphQL {@code RunPayload}. */
    public record RunPayload(RunView run, List<UserError> errors, String id, boolean readModelBehind) {
        RunPayload(RunView run, List<UserError> errors) {
            this(run, errors, run == null ? null : run.id().toString(), false);
        }

        static RunPayload error(UserError e) {
            return new RunPayload(null, List.of(e));
        }

        /** Recorded (its events committed), but the read model has not shown it yet. */
        static RunPayload behind(String runId) {
            return new RunPayload(null, List.of(), runId, true);
        }
    }

    /** GraphQL {@code Metric}. */
    public record Metric(String name, double value) {}

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RunPayload startRun(
            @Argument StartRunInput input, @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        RunPayload payload = startRunCommand(input, principal);
        if (payload.errors().isEmpty()
                && payload.id() != null
                && (payload.run() == null || payload.run().status() == RunStatus.RUNNING)) {
            // the recorder renews it with renewRunLease; the sweeper closes the run if it stops
            leases.renew(payload.id(), principal, leaseSettings.lease());
        }
        return payload;
    }

    private RunPayload startRunCommand(StartRunInput input, String principal) {
        return record(
                () -> {
                    String runId = input.runId() != null
                            ? RunId.parse(input.runId()).toString()
                            : input.idempotencyKey() != null
                                    ? RunId.forIdempotencyKey(principal, input.idempotencyKey())
                                            .toString()
                                    : RunId.random().toString();
                    CodeVersion code = input.code() == null
                            ? null
                            : CodeVersion.of(
                                    input.code().repository(),
                                    input.code().commit(),
                                    input.code().branch(),
                                    Boolean.TRUE.equals(input.code().dirty()),
                                    input.code().snapshotDigest());
                    EnvironmentFingerprint env = input.environment() == null
                            ? null
                            : EnvironmentFingerprint.of(KeyValue.toMap(input.environment(), "environment"));
                    limits.inputs(input.inputs() == null ? 0 : input.inputs().size());
                    limits.parameters(
                            input.parameters() == null ? 0 : input.parameters().size());
                    List<RunInput> inputs = input.inputs() == null
                            ? List.of()
                            : input.inputs().stream()
                                    .map(i -> RunInput.of(i.name(), i.digest(), i.sizeBytes(), i.datasetVersionId()))
                                    .toList();
                    return new StartRunCommand(
                            RunId.parse(runId),
                            input.name(),
                            RunId.parseOrNull(input.pipelineRunId()),
                            input.stepName(),
                            input.command(),
                            KeyValue.toMap(input.parameters(), "parameters"),
                            code,
                            env,
                            inputs,
                            RunId.parseOrNull(input.replayOf()),
                            Sha256Digest.parseOrNull(input.cacheKey(), "cacheKey"));
                },
                principal,
                c -> ((StartRunCommand) c).runId().toString(),
                r -> true);
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RunPayload recordRunOutputs(
            @Argument RecordRunOutputsInput input,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        return record(
                () -> {
                    limits.outputs(input.outputs().size()
                            + find(RunId.parse(input.runId()))
                                    .map(r -> r.outputs().size())
                                    .orElse(0));
                    return new RecordRunOutputsCommand(
                            RunId.parse(input.runId()),
                            input.outputs().stream()
                                    .map(o -> RunOutput.of(
                                            o.name(), o.digest(), o.sizeBytes(), o.kind() == null ? "FILE" : o.kind()))
                                    .toList());
                },
                principal,
                c -> ((RecordRunOutputsCommand) c).runId().toString(),
                r -> input.outputs().stream()
                        .allMatch(
                                o -> r.outputs().stream().anyMatch(x -> x.name().equals(o.name()))));
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RunPayload recordRunMetrics(
            @Argument RecordRunMetricsInput input,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        return record(
                () -> {
                    limits.metrics(input.metrics().size());
                    return new RecordRunMetricsCommand(RunId.parse(input.runId()), metricMap(input.metrics()));
                },
                principal,
                c -> ((RecordRunMetricsCommand) c).runId().toString(),
                r -> input.metrics().stream().allMatch(mi -> r.metrics().containsKey(mi.name())));
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RunPayload recordRunInputs(
            @Argument RecordRunInputsInput input,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        return record(
                () -> {
                    limits.inputs(input.inputs().size()
                            + find(RunId.parse(input.runId()))
                                    .map(r -> r.inputs().size())
                                    .orElse(0));
                    return new RecordRunInputsCommand(
                            RunId.parse(input.runId()),
                            input.inputs().stream()
                                    .map(i -> RunInput.of(i.name(), i.digest(), i.sizeBytes(), i.datasetVersionId()))
                                    .toList());
                },
                principal,
                c -> ((RecordRunInputsCommand) c).runId().toString(),
                r -> input.inputs().stream()
                        .allMatch(
                                i -> r.inputs().stream().anyMatch(x -> x.name().equals(i.name()))));
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RunPayload recordRunParameters(
            @Argument RecordRunParametersInput input,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        return record(
                () -> {
                    Map<String, String> params = KeyValue.toMap(input.parameters(), "parameters");
                    limits.parameters(params.size()
                            + find(RunId.parse(input.runId()))
                                    .map(r -> r.parameters().size())
                                    .orElse(0));
                    return new RecordRunParametersCommand(RunId.parse(input.runId()), params);
                },
                principal,
                c -> ((RecordRunParametersCommand) c).runId().toString(),
                r -> input.parameters().stream().allMatch(kv -> r.parameters().containsKey(kv.key())));
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RunPayload recordRunMetricSeries(
            @Argument RecordRunMetricSeriesInput input,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        List<MetricPointInput> objects = input.points() == null ? List.of() : input.points();
        List<MetricSeriesColumnsInput> columns = input.series() == null ? List.of() : input.series();
        return record(
                () -> {
                    long count = objects.size();
                    for (MetricSeriesColumnsInput s : columns) {
                        count += s.values().size();
                    }
                    if (count == 0) {
                        throw new IllegalArgumentException("points, series: no points; give at least one");
                    }
                    limits.metricPointsPerRequest((int) Math.min(count, Integer.MAX_VALUE));
                    List<MetricSeriesColumns> series = new ArrayList<>();
                    if (!objects.isEmpty()) {
                        List<MetricPoint> points = new ArrayList<>(objects.size());
                        for (int i = 0; i < objects.size(); i++) {
                            MetricPointInput p = objects.get(i);
                            try {
                                points.add(new MetricPoint(p.name(), p.value(), p.step(), p.timestamp()));
                                Long t = MetricSeriesColumns.micros(p.timestamp());
                                if (t != null
                                        && (t < MetricSeriesColumns.MIN_MICROS || t > MetricSeriesColumns.MAX_MICROS)) {
                                    throw new IllegalArgumentException(
                                            "timestamp " + p.timestamp() + " is not within the years 1 to 9999");
                                }
                            } catch (IllegalArgumentException e) {
                                throw new IllegalArgumentException("points[" + i + "]: " + e.getMessage(), e);
                            }
                        }
                        series.addAll(MetricSeriesColumns.of(points));
                    }
                    for (int s = 0; s < columns.size(); s++) {
                        series.add(columns(columns.get(s), "series[" + s + "]"));
                    }
                    return new RecordRunMetricPointsCommand(
                            RunId.parse(input.runId()), series, input.idempotencyKey(), limits.maxMetricPointsPerRun());
                },
                principal,
                c -> ((RecordRunMetricPointsCommand) c).runId().toString(),
                // a client streaming a curve does not read each batch back: it may skip the wait
                Boolean.FALSE.equals(input.awaitReadModel())
                        ? r -> true
                        : r -> objects.stream().allMatch(p -> r.metrics().containsKey(p.name()))
                                && columns.stream().allMatch(s -> r.metrics().containsKey(s.name())));
    }

    /**
     * One series' columns, checked column by column (no object per point); a column of another
     * length, or a bad value, names where ({@code series[0][12]: ...}).
     */
    private static MetricSeriesColumns columns(MetricSeriesColumnsInput s, String at) {
        int n = s.values().size();
        if (s.steps() != null && s.steps().size() != n) {
            throw new IllegalArgumentException(
                    at + ".steps: " + s.steps().size() + " entries for " + n + " values; give one per value");
        }
        List<Long> micros = null;
        if (s.atMillis() != null) {
            if (s.atMillis().size() != n) {
                throw new IllegalArgumentException(
                        at + ".atMillis: " + s.atMillis().size() + " entries for " + n + " values; give one per value");
            }
            micros = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Long ms = s.atMillis().get(i);
                if (ms != null
                        && (ms < MetricSeriesColumns.MIN_MICROS / 1000 || ms > MetricSeriesColumns.MAX_MICROS / 1000)) {
                    throw new IllegalArgumentException(
                            at + ".atMillis[" + i + "]: " + ms + " is not a time within the years 1 to 9999");
                }
                micros.add(ms == null ? null : ms * 1000);
            }
        }
        try {
            return new MetricSeriesColumns(s.name(), s.values(), s.steps(), micros);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(at + (m.startsWith("[") ? "" : ": ") + m, e);
        }
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RunPayload finishRun(
            @Argument FinishRunInput input, @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        List<RunOutputInput> outs = input.outputs() == null ? List.of() : input.outputs();
        List<MetricInput> mets = input.metrics() == null ? List.of() : input.metrics();
        RunPayload payload = record(
                () -> {
                    if (outs.isEmpty() && mets.isEmpty()) {
                        return new FinishRunCommand(
                                RunId.parse(input.runId()),
                                input.exitCode(),
                                input.durationMillis(),
                                input.failureReason());
                    }
                    limits.outputs(outs.size()
                            + find(RunId.parse(input.runId()))
                                    .map(r -> r.outputs().size())
                                    .orElse(0));
                    limits.metrics(mets.size());
                    return new FinishRunWithResultsCommand(
                            RunId.parse(input.runId()),
                            outs.stream()
                                    .map(o -> RunOutput.of(
                                            o.name(), o.digest(), o.sizeBytes(), o.kind() == null ? "FILE" : o.kind()))
                                    .toList(),
                            metricMap(mets),
                            input.exitCode(),
                            input.durationMillis(),
                            input.failureReason());
                },
                principal,
                c -> (c instanceof FinishRunCommand f ? f.runId() : ((FinishRunWithResultsCommand) c).runId())
                        .toString(),
                r -> r.status() != RunStatus.RUNNING
                        && r.status() != RunStatus.ABANDONED
                        && outs.stream()
                                .allMatch(o -> r.outputs().stream()
                                        .anyMatch(x -> x.name().equals(o.name())))
                        && mets.stream().allMatch(mi -> r.metrics().containsKey(mi.name())));
        if (payload.errors().isEmpty() && payload.id() != null) {
            leases.release(payload.id());
        }
        return payload;
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RunPayload recordCacheHit(
            @Argument RecordCacheHitInput input,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        return record(
                () -> new RecordCacheHitCommand(RunId.parse(input.runId()), RunId.parse(input.reusedRunId())),
                principal,
                c -> ((RecordCacheHitCommand) c).runId().toString(),
                r -> r.cacheHitOf() != null);
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RunPayload recordReplayVerdict(
            @Argument RecordReplayVerdictInput input,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        return record(
                () -> new RecordReplayVerdictCommand(
                        RunId.parse(input.runId()),
                        input.verdict(),
                        input.differences() == null ? List.of() : differences(input.differences()),
                        input.environmentDrift(),
                        input.metricDifferences() == null
                                ? List.of()
                                : input.metricDifferences().stream()
                                        .map(m -> new MetricDifference(
                                                m.name(),
                                                m.original(),
                                                m.replay(),
                                                Boolean.TRUE.equals(m.withinTolerance()),
                                                m.detail()))
                                        .toList(),
                        input.comparedOutputs(),
                        input.comparedMetrics(),
                        input.causes() == null
                                ? List.of()
                                : input.causes().stream()
                                        .map(c -> new VerdictCause(c.kind(), c.subject(), c.detail()))
                                        .toList()),
                principal,
                c -> ((RecordReplayVerdictCommand) c).runId().toString(),
                r -> r.verdict() != null);
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RunPayload recordRunExecution(
            @Argument RecordRunExecutionInput input,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        return record(
                () -> new RecordRunExecutionCommand(
                        RunId.parse(input.runId()),
                        Boolean.TRUE.equals(input.traced()),
                        Sha256Digest.parseOrNull(input.variablesDigest(), "variablesDigest"),
                        undeclaredReads(input.undeclaredReads()),
                        input.undeclaredWrites(),
                        input.missingReads(),
                        input.declaredReads() == null ? 0 : input.declaredReads(),
                        input.codeReads() == null ? 0 : input.codeReads(),
                        input.systemReads() == null ? 0 : input.systemReads()),
                principal,
                c -> ((RecordRunExecutionCommand) c).runId().toString(),
                r -> r.execution() != null);
    }

    /** The differences (non-null elements: the schema says so) as the command takes them; a digest that is not {@code sha256:<hex>} is refused, naming it. */
    private static List<OutputDifference> differences(List<OutputDifferenceInput> in) {
        List<OutputDifference> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            OutputDifferenceInput d = in.get(i);
            out.add(new OutputDifference(
                    d.name(),
                    Sha256Digest.parseOrNull(d.originalDigest(), "differences[" + i + "].originalDigest"),
                    d.originalSize() == null ? 0 : d.originalSize(),
                    Sha256Digest.parseOrNull(d.replayDigest(), "differences[" + i + "].replayDigest"),
                    d.replaySize() == null ? 0 : d.replaySize(),
                    d.detail(),
                    Boolean.TRUE.equals(d.withinTolerance())));
        }
        return out;
    }

    /** The undeclared reads as the command takes them; each needs a {@code sha256:<hex>} digest. */
    private static List<TracedRead> undeclaredReads(List<UndeclaredReadInput> in) {
        if (in == null) {
            return List.of();
        }
        List<TracedRead> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            UndeclaredReadInput r = in.get(i);
            out.add(new TracedRead(
                    r.path(),
                    Sha256Digest.parse(r.digest(), "undeclaredReads[" + i + "].digest"),
                    r.sizeBytes() == null ? 0 : r.sizeBytes(),
                    Boolean.TRUE.equals(r.stored())));
        }
        return out;
    }

    @SchemaMapping(typeName = "Run", field = "traced")
    public boolean traced(RunView run) {
        return run.execution() != null && run.execution().traced();
    }

    @SchemaMapping(typeName = "Run", field = "undeclaredReads")
    public List<TracedRead> undeclaredReads(RunView run) {
        return run.execution() == null ? List.of() : run.execution().undeclaredReads();
    }

    @SchemaMapping(typeName = "Run", field = "undeclaredWrites")
    public List<String> undeclaredWrites(RunView run) {
        return run.execution() == null ? List.of() : run.execution().undeclaredWrites();
    }

    private static Map<String, Double> metricMap(List<MetricInput> metrics) {
        Map<String, Double> m = new TreeMap<>();
        for (MetricInput mi : metrics) {
            if (m.put(mi.name(), mi.value()) != null) {
                throw new IllegalArgumentException("metrics: '" + mi.name() + "' appears twice");
            }
        }
        return m;
    }

    /**
     * Builds the command (a validation failure becomes INVALID_INPUT), sends it, then waits for
     * the read model to show its effect so the caller reads its own write.
     */
    private RunPayload record(
            Supplier<Object> build,
            String principal,
            java.util.function.Function<Object, String> runIdOf,
            Predicate<RunView> visible) {
        Object command;
        try {
            command = build.get();
        } catch (IllegalArgumentException e) {
            return RunPayload.error(new UserError(ErrorCode.INVALID_INPUT, e.getMessage(), UserError.fieldOf(e)));
        }
        String runId = runIdOf.apply(command);
        RunId typedRunId = RunId.parse(runId);
        if (!(command instanceof StartRunCommand) && find(typedRunId).isEmpty()) {
            return RunPayload.error(new UserError(ErrorCode.NOT_FOUND, "Run '" + runId + "' not found.", "runId"));
        }
        CommandSender.Outcome<Object> outcome = commands.send(command, principal);
        if (outcome.failed()) {
            return RunPayload.error(outcome.error());
        }
        Optional<RunView> view =
                ReadModelWait.until(() -> find(typedRunId).filter(visible), ReadModelWait.DEFAULT_BOUND);
        // the command committed: acknowledged means recorded, even when the read model lags
        return view.map(v -> new RunPayload(v, List.of())).orElseGet(() -> RunPayload.behind(runId));
    }

    @QueryMapping
    public RunView run(@Argument String id) {
        return find(RunId.parse(id)).orElse(null);
    }

    @QueryMapping
    public Pages.Connection<RunView> runs(
            @Argument Integer first,
            @Argument String after,
            @Argument String name,
            @Argument String nameContains,
            @Argument RunStatus status,
            @Argument String pipelineRunId,
            @Argument String pipeline,
            @Argument String cacheKey,
            @Argument String parameter,
            @Argument String parameterValue,
            @Argument String metric,
            @Argument Double metricMin,
            @Argument Double metricMax,
            @Argument java.time.Instant startedAfter,
            @Argument java.time.Instant startedBefore,
            @Argument RunTableQuery.SortField sort,
            @Argument String sortKey,
            @Argument Boolean descending) {
        RunTableQuery.Filter filter = new RunTableQuery.Filter(
                name,
                nameContains,
                status,
                RunId.parseOrNull(pipelineRunId),
                Sha256Digest.parseOrNull(cacheKey, "cacheKey"),
                pipeline,
                parameter,
                parameterValue,
                metric,
                metricMin,
                metricMax,
                startedAfter,
                startedBefore);
        int limit = Pages.limit(first);
        if (sort == null) {
            if (sortKey != null) {
                throw new IllegalArgumentException("sortKey needs sort: METRIC or PARAMETER");
            }
            RunPage page = queries.query(new RunTableQuery(Cursors.position(after), limit, filter, null), RunPage.class)
                    .join();
            return Pages.of(page.items(), page.hasMore(), RunView::eventPosition, after, count(filter));
        }
        long offset = Cursors.offset(after);
        RunPage page = queries.query(
                        new RunTableQuery(
                                offset,
                                limit,
                                filter,
                                new RunTableQuery.Sort(sort, sortKey, Boolean.TRUE.equals(descending))),
                        RunPage.class)
                .join();
        return Pages.ofOffsets(page.items(), page.hasMore(), offset, count(filter));
    }

    /** totalCount of a runs connection: the same filter, counted only when asked for. */
    private java.util.function.LongSupplier count(RunTableQuery.Filter filter) {
        return () -> queries.query(new CountRunsQuery(filter), Long.class).join();
    }

    @SchemaMapping(typeName = "Run", field = "pipelineName")
    public String pipelineName(RunView run) {
        return run.pipelineRunId() == null
                ? null
                : find(run.pipelineRunId()).map(RunView::name).orElse(null);
    }

    @QueryMapping
    public RunDiff diffRuns(@Argument String a, @Argument String b) {
        return queries.query(
                        new DiffRunsQuery(RunId.parse(a), RunId.parse(b)),
                        ResponseTypes.optionalInstanceOf(RunDiff.class))
                .join()
                .orElse(null);
    }

    @SchemaMapping(typeName = "Run", field = "parameters")
    public List<KeyValue> parameters(RunView run) {
        return KeyValue.of(run.parameters());
    }

    @SchemaMapping(typeName = "Run", field = "metrics")
    public List<Metric> metrics(RunView run) {
        return new TreeMap<>(run.metrics())
                .entrySet().stream()
                        .map(e -> new Metric(e.getKey(), e.getValue()))
                        .toList();
    }

    /** Points of one metric series, by step (points without a step last), then as recorded. */
    @SchemaMapping(typeName = "Run", field = "metricSeries")
    public List<MetricPointView> metricSeries(RunView run, @Argument String name, @Argument Integer first) {
        int limit = first == null ? limits.maxMetricPointsPerRun() : first;
        if (limit < 1 || limit > limits.maxMetricPointsPerRun()) {
            throw new IllegalArgumentException(
                    "first must be between 1 and " + limits.maxMetricPointsPerRun() + ", not " + limit);
        }
        List<MetricPoint> points = queries.query(
                        new MetricSeriesQuery(run.id(), name, limit),
                        ResponseTypes.multipleInstancesOf(MetricPoint.class))
                .join();
        return points.stream()
                .map(p -> new MetricPointView(p.step(), p.value(), p.timestamp()))
                .toList();
    }

    /** Names of the metric series of a run. */
    @SchemaMapping(typeName = "Run", field = "metricNames")
    public List<String> metricNames(RunView run) {
        return queries.query(new MetricNamesQuery(run.id()), ResponseTypes.multipleInstancesOf(String.class))
                .join();
    }

    @SchemaMapping(typeName = "Environment", field = "properties")
    public List<KeyValue> environmentProperties(EnvironmentFingerprint env) {
        return KeyValue.of(env.properties());
    }

    private Optional<RunView> find(RunId runId) {
        return queries.query(new FindRunQuery(runId), ResponseTypes.optionalInstanceOf(RunView.class))
                .join();
    }
}
