package dev.provenant.recorder.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.MaterializeArgs;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.compare.Tolerance;
import dev.provenant.recorder.compare.Tolerances;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Replays a recorded run: materializes its code snapshot and inputs into a fresh working directory
 * (verifying every digest; paths escaping that directory are refused), restores the recorded
 * allow-listed environment variables, compares the environment with the recorded one (per Python
 * package for Python steps), re-executes the command with the same parameters as a new run linked
 * by replay-of, and compares every declared output and every metric with the original's.
 *
 * <p>Verdicts: IDENTICAL (every declared output and metric bit-for-bit), EQUIVALENT (differences
 * only within {@link ReplayOptions#tolerances()}), DIFFERENT, FAILED (the command failed, or
 * {@code strictEnv} refused on drift before running anything), UNVERIFIED (the run declared no
 * outputs and recorded no metrics: nothing could be compared).
 */
public final class Replayer {

    public static final int EXIT_IDENTICAL = 0;
    /** EQUIVALENT exits as IDENTICAL: the replay reproduces the run within what was declared acceptable. */
    public static final int EXIT_EQUIVALENT = 0;

    public static final int EXIT_DIFFERENT = 3;
    public static final int EXIT_FAILED = 4;
    public static final int EXIT_UNVERIFIED = 6;

    /** Drift lines printed (all are recorded): every package of a large environment, so that grep finds one. */
    static final int MAX_DRIFT_PRINTED = 1000;

    /** One output that differs; {@code withinTolerance} when only within the declared tolerances. */
    public record Difference(
            String name,
            String originalDigest,
            long originalSize,
            String replayDigest,
            long replaySize,
            String detail,
            boolean withinTolerance) {

        public Difference(
                String name,
                String originalDigest,
                long originalSize,
                String replayDigest,
                long replaySize,
                String detail) {
            this(name, originalDigest, originalSize, replayDigest, replaySize, detail, false);
        }
    }

    /** One metric that is not bit-for-bit the original's; a null value: missing on that side. */
    public record MetricDifference(
            String name, Double original, Double replay, boolean withinTolerance, String detail) {}

    /**
     * The verdict of one replay, with what it compared: {@code comparedOutputs} declared outputs
     * and {@code comparedMetrics} metrics (the names recorded by either run). {@code notes} are
     * for people: the restored variables, tolerances naming nothing, why a replay failed.
     */
    public record Outcome(
            String originalRunId,
            String replayRunId,
            String verdict,
            List<Difference> differences,
            List<String> drift,
            Path workdir,
            List<MetricDifference> metricDifferences,
            int comparedOutputs,
            int comparedMetrics,
            List<String> notes,
            List<RunApi.Cause> causes) {

        public Outcome {
            causes = causes == null ? List.of() : List.copyOf(causes);
            differences = List.copyOf(differences);
            drift = List.copyOf(drift);
            metricDifferences = metricDifferences == null ? List.of() : List.copyOf(metricDifferences);
            notes = notes == null ? List.of() : List.copyOf(notes);
        }

        public Outcome(
                String originalRunId,
                String replayRunId,
                String verdict,
                List<Difference> differences,
                List<String> drift,
                Path workdir) {
            this(
                    originalRunId,
                    replayRunId,
                    verdict,
                    differences,
                    drift,
                    workdir,
                    List.of(),
                    0,
                    0,
                    List.of(),
                    List.of());
        }

        public Outcome(
                String originalRunId,
                String replayRunId,
                String verdict,
                List<Difference> differences,
                List<String> drift,
                Path workdir,
                List<MetricDifference> metricDifferences,
                int comparedOutputs,
                int comparedMetrics,
                List<String> notes) {
            this(
                    originalRunId,
                    replayRunId,
                    verdict,
                    differences,
                    drift,
                    workdir,
                    metricDifferences,
                    comparedOutputs,
                    comparedMetrics,
                    notes,
                    List.of());
        }

        public int exitCode() {
            return Replayer.exitCode(verdict);
        }

        /** {@code compared 2 outputs, 3 metrics}. */
        public String comparedSummary() {
            return "compared " + plural(comparedOutputs, "output") + ", " + plural(comparedMetrics, "metric");
        }

        /** Prints the verdict the way scripts and people read it. */
        public void print(PrintStream out) {
            out.println("replay of " + originalRunId + " as " + replayRunId + " in " + workdir);
            if (!drift.isEmpty()) {
                long changed = drift.stream()
                        .filter(d -> d.startsWith("package ") && !d.contains("(absent)"))
                        .count();
                long missing = drift.stream()
                        .filter(d -> d.startsWith("package ") && d.endsWith("→ (absent)"))
                        .count();
                long added = drift.stream()
                        .filter(d -> d.startsWith("package ") && d.contains(": (absent) →"))
                        .count();
                out.println("environment drift:"
                        + (changed + missing + added == 0
                                ? ""
                                : " (Python packages: " + changed + " other versions, " + missing
                                        + " missing in the replay, " + added + " only in the replay)"));
                drift.stream().limit(MAX_DRIFT_PRINTED).forEach(d -> out.println("  " + d));
                if (drift.size() > MAX_DRIFT_PRINTED) {
                    out.println(
                            "  … and " + (drift.size() - MAX_DRIFT_PRINTED) + " more (all recorded with the verdict)");
                }
            }
            notes.forEach(n -> out.println(n));
            out.println("verdict: " + verdict);
            switch (verdict) {
                case "UNVERIFIED" ->
                    out.println("nothing was compared: the run declared no outputs and recorded no"
                            + " metrics (declare outputs with --output, or write metrics.json)");
                case "FAILED" -> {
                    // the reason is among the notes
                }
                default -> {
                    long within = differences.stream()
                                    .filter(Difference::withinTolerance)
                                    .count()
                            + metricDifferences.stream()
                                    .filter(MetricDifference::withinTolerance)
                                    .count();
                    long beyond = differences.size() + metricDifferences.size() - within;
                    out.println(comparedSummary()
                            + (beyond + within == 0
                                    ? ": all bit-for-bit identical"
                                    : ": " + (beyond > 0 ? beyond + " differ" : "")
                                            + (beyond > 0 && within > 0 ? ", " : "")
                                            + (within > 0 ? within + " within tolerance" : "")));
                }
            }
            for (Difference d : differences) {
                out.println("  " + d.name() + ": " + d.originalDigest() + " (" + d.originalSize() + " bytes) → "
                        + (d.replayDigest() == null ? "missing" : d.replayDigest() + " (" + d.replaySize() + " bytes)")
                        + (d.withinTolerance() ? " (within tolerance)" : ""));
                if (d.detail() != null) {
                    d.detail().lines().forEach(l -> out.println("      " + l));
                }
            }
            for (MetricDifference m : metricDifferences) {
                out.println("  metric " + m.name() + ": " + show(m.original()) + " → " + show(m.replay())
                        + (m.withinTolerance() ? " (within tolerance" : " (")
                        + (m.detail() == null ? "" : (m.withinTolerance() ? ": " : "") + m.detail())
                        + ")");
            }
            if (!causes.isEmpty()) {
                out.println("likely causes (likeliest first):");
                for (RunApi.Cause c : causes) {
                    out.println(
                            "  " + c.kind().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + c.subject()
                                    + (c.detail() == null ? "" : " — " + c.detail()));
                }
            }
        }
    }

    private static String show(Double v) {
        return v == null ? "(absent)" : v.toString();
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The exit code of a verdict: 0 IDENTICAL/EQUIVALENT, 3 DIFFERENT, 6 UNVERIFIED, 4 otherwise. */
    public static int exitCode(String verdict) {
        return switch (verdict) {
            case "IDENTICAL" -> EXIT_IDENTICAL;
            case "EQUIVALENT" -> EXIT_EQUIVALENT;
            case "DIFFERENT" -> EXIT_DIFFERENT;
            case "UNVERIFIED" -> EXIT_UNVERIFIED;
            default -> EXIT_FAILED;
        };
    }

    /**
     * The verdict of several replays together (a pipeline's steps): FAILED if any failed, else
     * DIFFERENT if any differed, else UNVERIFIED if none compared anything, else EQUIVALENT if any
     * was only equivalent, else IDENTICAL. A step that compared nothing does not make a pipeline
     * whose other steps were compared UNVERIFIED.
     */
    public static String combine(Collection<String> verdicts) {
        if (verdicts.contains("FAILED")) {
            return "FAILED";
        }
        if (verdicts.contains("DIFFERENT")) {
            return "DIFFERENT";
        }
        if (verdicts.isEmpty() || verdicts.stream().allMatch("UNVERIFIED"::equals)) {
            return "UNVERIFIED";
        }
        return verdicts.contains("EQUIVALENT") ? "EQUIVALENT" : "IDENTICAL";
    }

    private final RunRecorder recorder;
    private final Map<String, String> env;

    public Replayer(RunRecorder recorder, Map<String, String> env) {
        this.recorder = recorder;
        this.env = env;
    }

    public Outcome replay(String runId, boolean strictEnv, Path workRoot) {
        return replay(runId, ReplayOptions.in(workRoot).strictEnv(strictEnv));
    }

    public Outcome replay(String runId, boolean strictEnv, Path workRoot, boolean hermetic) {
        return replay(runId, ReplayOptions.in(workRoot).strictEnv(strictEnv).hermetic(hermetic));
    }

    /**
     * Replays {@code runId}; with {@code options.hermetic()} the command runs in a {@link Sandbox}
     * (no network, clean environment, read-only system, only its work directory writable; as nobody
     * when run as root).
     */
    public Outcome replay(String runId, ReplayOptions options) {
        JsonNode original = recorder.api().get(runId);
        Timings.mark("fetch run");
        return replay(runId, original, options);
    }

    /** As {@link #replay(String, ReplayOptions)}, with the run as the server just showed it. */
    public Outcome replay(String runId, JsonNode original, ReplayOptions options) {
        Tolerances tolerances = options.tolerances();
        if (options.hermetic()) {
            recorder.sandboxed(Sandbox.require());
        }
        RunApi api = recorder.api();
        List<String> command = replayableCommand(runId, original);
        Path workdir = workdir(options.workRoot());
        CodeCapture.Captured knownCode = materializeCode(original.path("code"), workdir);
        Timings.mark("materialize code");
        MaterializedInputs inputs = materializeInputs(original, workdir, options);
        Timings.mark("materialize inputs");
        JsonNode execution = original.path("execution");
        UndeclaredReads reads = materializeUndeclaredReads(execution, workdir);
        Timings.mark("materialize undeclared reads");
        boolean trace = execution.path("traced").asBoolean(false) && dev.provenant.recorder.trace.Tracer.available();
        Map<String, String> recordedEnv =
                RunRecorder.kvToMap(original.path("environment").path("properties"));
        Map<String, String> restored = restoredVariables(recordedEnv, env);
        Map<String, JsonNode> originalOutputs = recordedOutputs(original);
        Map<String, Double> originalMetrics = recordedMetrics(original);
        StepSpec spec =
                replaySpec(original, workdir, command, inputs.names(), originalOutputs.keySet(), options, trace);
        RunRecorder.Prepared prepared = recorder.prepare(spec, inputs.known(), restored, knownCode);
        List<String> drift = environmentDrift(recordedEnv, prepared.environment());
        List<String> notes = new ArrayList<>(restoredVariableNotes(restored));
        notes.addAll(unmatchedTolerances(tolerances, originalOutputs.keySet(), originalMetrics.keySet()));
        notes.addAll(reads.notes());
        String replayId = recorder.start(prepared);
        if (options.strictEnv() && !drift.isEmpty()) {
            return refuseForDrift(runId, replayId, drift, workdir, notes);
        }
        String[] inputProblem = {null};
        RunRecorder.Result result = recorder.execute(prepared, replayId, () -> inputProblem[0] = inputs.problem());
        List<RunApi.Cause> inputCauses = reads.causes();
        if (inputProblem[0] != null) {
            // the command may have seen other bytes than the recorded ones: nothing to compare
            api.verdict(replayId, "FAILED", List.of(), drift, List.of(), 0, 0, List.of());
            notes.add(inputProblem[0] + "; the replay is FAILED (nothing was compared)");
            return new Outcome(runId, replayId, "FAILED", List.of(), drift, workdir, List.of(), 0, 0, notes, List.of());
        }
        if (result.exitCode() != 0) {
            List<RunApi.Cause> causes = causes(original, drift, inputCauses, result, workdir, replayId, options);
            api.verdict(replayId, "FAILED", List.of(), drift, List.of(), 0, 0, causes);
            notes.add("the replayed command failed (exit " + result.exitCode() + ")"
                    + (result.failureReason() == null ? "" : ": " + result.failureReason())
                    + (drift.isEmpty() ? "" : "; the environment drift above may explain it"));
            return new Outcome(runId, replayId, "FAILED", List.of(), drift, workdir, List.of(), 0, 0, notes, causes);
        }
        List<Difference> differences = compareOutputs(originalOutputs, result, workdir, tolerances);
        List<MetricDifference> metricDifferences = compareMetrics(originalMetrics, result.metrics(), tolerances);
        int comparedMetrics =
                unionSize(originalMetrics.keySet(), result.metrics().keySet());
        String verdict = verdict(differences, metricDifferences, originalOutputs.size(), comparedMetrics);
        Timings.mark("compare");
        List<RunApi.Cause> causes = List.of();
        if (verdict.equals("DIFFERENT") || verdict.equals("EQUIVALENT")) {
            causes = new ArrayList<>(causes(original, drift, inputCauses, result, workdir, replayId, options));
            if (verdict.equals("DIFFERENT") && options.repeatOnDifference()) {
                causes.addAll(nondeterminism(runId, options, result, notes, differences, command));
            }
        }
        api.verdict(
                replayId,
                verdict,
                differenceRows(differences),
                drift,
                metricDifferenceRows(metricDifferences),
                originalOutputs.size(),
                comparedMetrics,
                causes);
        Timings.mark("record verdict (mutation)");
        return new Outcome(
                runId,
                replayId,
                verdict,
                differences,
                drift,
                workdir,
                metricDifferences,
                originalOutputs.size(),
                comparedMetrics,
                notes,
                causes);
    }

    /** With --strict-env and a drifted environment: the replay is recorded as FAILED, nothing runs. */
    private Outcome refuseForDrift(
            String runId, String replayId, List<String> drift, Path workdir, List<String> notes) {
        RunApi api = recorder.api();
        api.finish(replayId, 4, 0, "environment drift with --strict-env: " + String.join("; ", drift));
        api.verdict(replayId, "FAILED", List.of(), drift, List.of(), 0, 0);
        notes.add("refused: the environment differs from the recorded one (--strict-env); nothing was run");
        return new Outcome(runId, replayId, "FAILED", List.of(), drift, workdir, List.of(), 0, 0, notes);
    }

    /** The recorded outputs by name, without the log. */
    private static Map<String, JsonNode> recordedOutputs(JsonNode original) {
        Map<String, JsonNode> originalOutputs = new LinkedHashMap<>();
        original.path("outputs").forEach(o -> {
            if (!"LOG".equals(o.path("kind").asText())) {
                originalOutputs.put(o.path("name").asText(), o);
            }
        });
        return originalOutputs;
    }

    private static Map<String, Double> recordedMetrics(JsonNode original) {
        Map<String, Double> originalMetrics = new TreeMap<>();
        original.path("metrics")
                .forEach(m -> originalMetrics.put(
                        m.path("name").asText(), m.path("value").asDouble()));
        return originalMetrics;
    }

    /** The recorded command of a finished, not abandoned run. */
    private static List<String> replayableCommand(String runId, JsonNode original) {
        if (original.path("status").asText().equals("RUNNING")) {
            throw new CliException(1, "run '" + runId + "' has not finished; replay it once it has");
        }
        if (original.path("status").asText().equals("ABANDONED")) {
            throw new CliException(
                    1,
                    "run '" + runId + "' was abandoned (its recorder stopped before recording the end: "
                            + original.path("failureReason").asText() + "); there is nothing recorded to compare a"
                            + " replay with. Record the step again with 'provenant run'.");
        }
        List<String> command = new ArrayList<>();
        original.path("command").forEach(c -> command.add(c.asText()));
        if (command.isEmpty()) {
            throw new CliException(1, "run '" + runId + "' recorded no command to replay");
        }
        return command;
    }

    /** A fresh directory under {@code workRoot} (created) for the replay. */
    private static Path workdir(Path workRoot) {
        Path workdir =
                workRoot.resolve("replay-" + UUID.randomUUID()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(workRoot);
        } catch (IOException e) {
            throw new CliException(1, "cannot create " + workRoot + ": " + e.getMessage());
        }
        return workdir;
    }

    /**
     * The recorded code snapshot materialized into {@code workdir} (the replay executes exactly this
     * snapshot, outside any git checkout); null, and an empty {@code workdir}, when none was recorded.
     */
    private CodeCapture.Captured materializeCode(JsonNode code, Path workdir) {
        if (code.isObject()) {
            Digest snapshot = Digest.parse(code.path("snapshotDigest").asText());
            recorder.store()
                    .materializeTree(MaterializeArgs.builder()
                            .digest(snapshot)
                            .target(workdir)
                            .durable(false)
                            .build());
            // the replay executes exactly this snapshot, outside any git checkout
            int files = recorder.store()
                    .findManifest(snapshot)
                    .map(m -> m.entries().size())
                    .orElse(0);
            return new CodeCapture.Captured(null, null, null, false, snapshot.toString(), files);
        }
        try {
            Files.createDirectories(workdir);
        } catch (IOException e) {
            throw new CliException(1, "cannot create " + workdir + ": " + e.getMessage());
        }
        return null;
    }

    /** The recorded inputs' names, and each input as materialized (an override's bytes when given). */
    private record MaterializedInputs(List<String> names, List<StoredPath> known, List<InputCheck> checks) {

        /**
         * Null when every input's check passed, else why the inputs cannot be trusted (the
         * checks run while the command does: see {@link ArtifactStore#materializeCheckedLater}).
         */
        String problem() {
            List<String> problems = new ArrayList<>();
            for (InputCheck c : checks) {
                try {
                    c.check().await();
                } catch (dev.provenant.artifacts.ArtifactStoreException e) {
                    problems.add("recorded input '" + c.name() + "' could not be verified: " + e.getMessage());
                }
            }
            return problems.isEmpty() ? null : String.join("; ", problems);
        }
    }

    /** The pending check of one materialized input. */
    private record InputCheck(String name, dev.provenant.artifacts.PendingCheck check) {}

    private MaterializedInputs materializeInputs(JsonNode original, Path workdir, ReplayOptions options) {
        List<String> inputNames = new ArrayList<>();
        List<StoredPath> knownInputs = new ArrayList<>();
        List<InputCheck> checks = new ArrayList<>();
        for (JsonNode in : original.path("inputs")) {
            String name = in.path("name").asText();
            Path target = StoredPath.resolveInside(workdir, name, "recorded input");
            StoredPath override = options.inputOverrides().get(name);
            Digest digest = Digest.parse(
                    override != null ? override.digest() : in.path("digest").asText());
            long size = override != null
                    ? override.sizeBytes()
                    : in.path("sizeBytes").asLong();
            try {
                Files.createDirectories(target.getParent());
            } catch (IOException e) {
                throw new CliException(1, "cannot create " + target.getParent() + ": " + e.getMessage());
            }
            // a scratch copy: not fsynced (a crash loses the replay, which is simply run again)
            MaterializeArgs args = MaterializeArgs.builder()
                    .digest(digest)
                    .target(target)
                    .durable(false)
                    .build();
            if (recorder.store().findManifest(digest).isPresent()) {
                recorder.store().materializeTree(args);
            } else {
                // checked while the command runs; its verdict waits for the answer
                checks.add(new InputCheck(name, recorder.store().materializeCheckedLater(args)));
            }
            inputNames.add(name);
            knownInputs.add(new StoredPath(name, digest.toString(), size, "FILE"));
        }
        return new MaterializedInputs(inputNames, knownInputs, checks);
    }

    /**
     * Undeclared reads: the ones the replay cannot reproduce as recorded become causes; the stored
     * ones inside the work directory are materialized there.
     */
    private record UndeclaredReads(List<RunApi.Cause> causes, List<String> materialized) {

        /** A note naming the reads materialized, if any. */
        List<String> notes() {
            return materialized.isEmpty()
                    ? List.of()
                    : List.of("materialized undeclared reads captured when the run was recorded: "
                            + String.join(", ", materialized));
        }
    }

    private UndeclaredReads materializeUndeclaredReads(JsonNode execution, Path workdir) {
        List<RunApi.Cause> inputCauses = new ArrayList<>();
        List<String> materializedReads = new ArrayList<>();
        for (JsonNode r : execution.path("undeclaredReads")) {
            String path = r.path("path").asText();
            if (!r.path("digest").isTextual()) {
                // recorded (before digests were checked) with text that was not a digest: nothing to compare or restore
                inputCauses.add(new RunApi.Cause(
                        "UNDECLARED_INPUT_NOT_CAPTURED",
                        path,
                        "read without being declared; no SHA-256 digest was recorded for it; declare it as an input"));
                continue;
            }
            String digest = r.path("digest").asText();
            if (Path.of(path).isAbsolute()) {
                // outside the work directory: it is read from this machine, as it is now
                String now = ExecutionRecord.digestOf(Path.of(path));
                if (!digest.equals(now)) {
                    inputCauses.add(new RunApi.Cause(
                            "UNDECLARED_INPUT",
                            path,
                            "read outside the work directory when recorded; recorded " + digest + ", now "
                                    + (now == null ? "missing" : now)));
                }
                continue;
            }
            if (!r.path("stored").asBoolean() || !recorder.store().exists(Digest.parse(digest))) {
                inputCauses.add(new RunApi.Cause(
                        "UNDECLARED_INPUT_NOT_CAPTURED",
                        path,
                        "read without being declared; its bytes were not stored (over the capture cap), only " + digest
                                + "; declare it as an input"));
                continue;
            }
            Path target = StoredPath.resolveInside(workdir, path, "recorded undeclared read");
            if (Files.exists(target)) {
                continue; // part of the code snapshot or the inputs after all
            }
            try {
                Files.createDirectories(target.getParent());
            } catch (IOException e) {
                throw new CliException(1, "cannot create " + target.getParent() + ": " + e.getMessage());
            }
            recorder.store()
                    .materialize(MaterializeArgs.builder()
                            .digest(Digest.parse(digest))
                            .target(target)
                            .durable(false)
                            .build());
            materializedReads.add(path);
        }
        return new UndeclaredReads(inputCauses, materializedReads);
    }

    private static StepSpec replaySpec(
            JsonNode original,
            Path workdir,
            List<String> command,
            List<String> inputNames,
            java.util.Set<String> outputNames,
            ReplayOptions options,
            boolean trace) {
        return new StepSpec(
                original.path("name").asText(),
                workdir,
                command,
                inputNames,
                new ArrayList<>(outputNames),
                RunRecorder.kvToMap(original.path("parameters")),
                List.of(),
                options.pipelineRunId(),
                original.path("stepName").isNull()
                        ? null
                        : original.path("stepName").asText(null),
                original.path("id").asText(),
                null,
                List.of(),
                trace);
    }

    /** Notes on the recorded environment variables restored for the replay. */
    private List<String> restoredVariableNotes(Map<String, String> restored) {
        List<String> notes = new ArrayList<>();
        List<String> changedHere = new ArrayList<>();
        List<String> unsetHere = new ArrayList<>();
        restored.forEach((k, v) -> {
            String here = env.containsKey(k) ? env.get(k) : System.getenv(k);
            if (v == null) {
                unsetHere.add(k);
            } else if (!v.equals(here)) {
                changedHere.add(k);
            }
        });
        if (!changedHere.isEmpty()) {
            notes.add("restored recorded environment variables (different or unset here): "
                    + String.join(", ", changedHere));
        }
        if (!unsetHere.isEmpty()) {
            notes.add("unset allow-listed environment variables (not set when recorded): "
                    + String.join(", ", unsetHere));
        }
        return notes;
    }

    /** The recorded outputs that the replay did not produce, or produced with other bytes. */
    private List<Difference> compareOutputs(
            Map<String, JsonNode> originalOutputs, RunRecorder.Result result, Path workdir, Tolerances tolerances) {
        OutputComparator comparator = new OutputComparator(recorder.store(), tolerances);
        List<Difference> differences = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : originalOutputs.entrySet()) {
            String oldDigest = e.getValue().path("digest").asText();
            long oldSize = e.getValue().path("sizeBytes").asLong();
            StoredPath now = result.outputs().get(e.getKey());
            if (now == null) {
                differences.add(new Difference(e.getKey(), oldDigest, oldSize, null, 0, "missing in the replay"));
            } else if (!now.digest().equals(oldDigest)) {
                OutputComparator.Comparison c = comparator.compare(
                        e.getKey(), Digest.parse(oldDigest), workdir.resolve(e.getKey()), Digest.parse(now.digest()));
                differences.add(new Difference(
                        e.getKey(),
                        oldDigest,
                        oldSize,
                        now.digest(),
                        now.sizeBytes(),
                        c.detail(),
                        c.withinTolerance()));
            }
        }
        return differences;
    }

    private static List<Map<String, Object>> differenceRows(List<Difference> differences) {
        List<Map<String, Object>> diffs = new ArrayList<>();
        for (Difference d : differences) {
            Map<String, Object> m = new HashMap<>();
            m.put("name", d.name());
            m.put("originalDigest", d.originalDigest());
            m.put("originalSize", d.originalSize());
            m.put("replayDigest", d.replayDigest());
            m.put("replaySize", d.replaySize());
            m.put("detail", d.detail());
            m.put("withinTolerance", d.withinTolerance());
            diffs.add(m);
        }
        return diffs;
    }

    private static List<Map<String, Object>> metricDifferenceRows(List<MetricDifference> metricDifferences) {
        List<Map<String, Object>> metricDiffs = new ArrayList<>();
        for (MetricDifference d : metricDifferences) {
            Map<String, Object> m = new HashMap<>();
            m.put("name", d.name());
            m.put("original", d.original());
            m.put("replay", d.replay());
            m.put("withinTolerance", d.withinTolerance());
            m.put("detail", d.detail());
            metricDiffs.add(m);
        }
        return metricDiffs;
    }

    /** Environment variables whose values say nothing about a step's results (terminals, sessions). */
    static final java.util.regex.Pattern NOISE_VARIABLES = java.util.regex.Pattern.compile(
            "PROVENANT_.*|PARAM_.*|TERM|TERM_.*|COLORTERM|LS_COLORS|SSH_.*|DISPLAY|XDG_.*|DBUS_.*|MAIL|LOGNAME|USER"
                    + "|HOSTNAME|PS1|PS2|PROMPT_COMMAND|HISTFILE|HISTSIZE|MAVEN_.*|MVN_.*|JAVA_TOOL_OPTIONS|CLASSPATH"
                    + "|JDK_JAVA_OPTIONS|_JAVA_OPTIONS|OLDPWD|PWD|SHLVL|_|GPG_TTY|TMUX|TMUX_PANE|STY|WINDOW");

    /** Causes shown per kind at most; the rest are summed up in one more. */
    static final int MAX_CAUSES_PER_KIND = 25;

    /**
     * The likely causes of a verdict other than IDENTICAL, likeliest first: environment drift, then
     * environment variables that differ, then undeclared inputs that differ or were not captured,
     * then files the replay looked for and did not find, then network use in a sealed replay.
     */
    private List<RunApi.Cause> causes(
            JsonNode original,
            List<String> drift,
            List<RunApi.Cause> inputCauses,
            RunRecorder.Result result,
            Path workdir,
            String replayId,
            ReplayOptions options) {
        List<RunApi.Cause> causes = new ArrayList<>();
        addCapped(
                causes, environmentCauses(drift), "ENVIRONMENT", "more environment differences (listed in the drift)");
        addCapped(causes, variableCauses(original, result), "VARIABLE", "more environment variables differ");
        addCapped(
                causes,
                undeclaredInputCauses(original, inputCauses, result),
                "UNDECLARED_INPUT",
                "more undeclared inputs differ");
        String log = replayLog(replayId);
        addCapped(causes, missingFileCauses(result, log, workdir, options), "MISSING_FILE", "more missing files");
        if (options.hermetic() && NETWORK_IN_LOG.matcher(log).find()) {
            causes.add(new RunApi.Cause(
                    "NETWORK",
                    "network",
                    "the command tried to use the network, which a hermetic replay does not have"));
        }
        return causes;
    }

    /** One cause per line of environment drift ("what: detail"). */
    private static List<RunApi.Cause> environmentCauses(List<String> drift) {
        List<RunApi.Cause> env = new ArrayList<>();
        for (String d : drift) {
            int colon = d.indexOf(": ");
            env.add(
                    colon < 0
                            ? new RunApi.Cause("ENVIRONMENT", d, null)
                            : new RunApi.Cause("ENVIRONMENT", d.substring(0, colon), d.substring(colon + 2)));
        }
        return env;
    }

    /**
     * Environment variables (other than noise) whose values differ between the recording and the
     * replay: changed values first, then variables set in only one of them; none when either side's
     * variables are unknown.
     */
    private List<RunApi.Cause> variableCauses(JsonNode original, RunRecorder.Result result) {
        Map<String, String> before = ExecutionRecord.readVariables(
                recorder.store(),
                original.path("execution").path("variablesDigest").asText(null));
        Map<String, String> after =
                result.execution() == null ? null : result.execution().variables();
        if (before == null || after == null) {
            return List.of();
        }
        List<RunApi.Cause> changed = new ArrayList<>();
        List<RunApi.Cause> presence = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String n : names) {
            if (NOISE_VARIABLES.matcher(n).matches() || Objects.equals(before.get(n), after.get(n))) {
                continue;
            }
            String a = before.get(n);
            String b = after.get(n);
            String detail = (a == null ? "unset" : "'" + clip(a) + "'") + " when recorded, "
                    + (b == null ? "unset" : "'" + clip(b) + "'") + " in the replay";
            (a != null && b != null ? changed : presence).add(new RunApi.Cause("VARIABLE", n, detail));
        }
        changed.addAll(presence);
        return changed;
    }

    /**
     * {@code inputCauses}, then the undeclared (traced) reads whose content differs between the
     * recording and the replay, then the files only the replay read (when the recording was traced).
     */
    private static List<RunApi.Cause> undeclaredInputCauses(
            JsonNode original, List<RunApi.Cause> inputCauses, RunRecorder.Result result) {
        Map<String, String> replayReads = new HashMap<>();
        if (result.execution() != null) {
            result.execution().undeclaredReads().forEach(r -> replayReads.put(r.path(), r.digest()));
        }
        List<RunApi.Cause> undeclared = new ArrayList<>(inputCauses);
        for (JsonNode r : original.path("execution").path("undeclaredReads")) {
            String path = r.path("path").asText();
            if (Path.of(path).isAbsolute() || !r.path("stored").asBoolean()) {
                continue; // said before running
            }
            String was = r.path("digest").asText();
            String now = replayReads.get(path);
            if (now != null && !now.equals(was)) {
                undeclared.add(
                        new RunApi.Cause("UNDECLARED_INPUT", path, "recorded " + was + ", the replay read " + now));
            }
        }
        if (result.execution() != null) {
            Set<String> known = new HashSet<>();
            original.path("execution")
                    .path("undeclaredReads")
                    .forEach(r -> known.add(r.path("path").asText()));
            for (ExecutionRecord.Read r : result.execution().undeclaredReads()) {
                if (!known.contains(r.path())
                        && original.path("execution").path("traced").asBoolean(false)) {
                    undeclared.add(new RunApi.Cause(
                            "UNDECLARED_INPUT", r.path(), "read by the replay only (" + r.digest() + ")"));
                }
            }
        }
        return undeclared;
    }

    /**
     * Files the replay looked for and did not find: from its trace, then from "No such file or
     * directory" in its log (relative to {@code workdir} when inside it).
     */
    private static List<RunApi.Cause> missingFileCauses(
            RunRecorder.Result result, String log, Path workdir, ReplayOptions options) {
        Set<String> missing = new java.util.LinkedHashSet<>();
        if (result.execution() != null) {
            missing.addAll(result.execution().missingReads());
        }
        java.util.regex.Matcher m = MISSING_IN_LOG.matcher(log);
        while (m.find()) {
            String p = m.group(1) != null ? m.group(1) : m.group(2);
            Path abs = workdir.resolve(p).normalize();
            missing.add(abs.startsWith(workdir) ? workdir.relativize(abs).toString() : p);
        }
        List<RunApi.Cause> missingCauses = new ArrayList<>();
        for (String p : missing) {
            missingCauses.add(new RunApi.Cause(
                    "MISSING_FILE",
                    p,
                    "the replay tried to read it and it was not there"
                            + (options.hermetic() ? " (a hermetic replay sees only what was recorded)" : "")));
        }
        return missingCauses;
    }

    static final java.util.regex.Pattern MISSING_IN_LOG = java.util.regex.Pattern.compile(
            "No such file or directory: '([^'\\n]{1,1024})'|([^\\s:'\"]{1,1024}): No such file or directory");
    static final java.util.regex.Pattern NETWORK_IN_LOG = java.util.regex.Pattern.compile(
            "Network is unreachable|Temporary failure in name resolution|Name or service not known"
                    + "|UnknownHostException|ConnectException|Connection refused|nodename nor servname");

    /** The replay's log as text (its first MiB), or empty. */
    private String replayLog(String replayId) {
        try {
            for (JsonNode o : recorder.api().get(replayId).path("outputs")) {
                if ("LOG".equals(o.path("kind").asText())) {
                    try (java.io.InputStream in =
                            recorder.store().get(Digest.parse(o.path("digest").asText()))) {
                        return new String(in.readNBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the log is a help for naming causes, not a requirement
        }
        return "";
    }

    private static void addCapped(List<RunApi.Cause> into, List<RunApi.Cause> add, String kind, String more) {
        into.addAll(add.subList(0, Math.min(add.size(), MAX_CAUSES_PER_KIND)));
        if (add.size() > MAX_CAUSES_PER_KIND) {
            into.add(new RunApi.Cause(kind, "…", (add.size() - MAX_CAUSES_PER_KIND) + " " + more));
        }
    }

    private static String clip(String v) {
        return v.length() <= 200 ? v : v.substring(0, 200) + "…";
    }

    /**
     * Replays the run a second time in the same conditions; outputs and metrics that differ between
     * the two replays are nondeterministic. The second replay is a recorded replay of its own.
     */
    private List<RunApi.Cause> nondeterminism(
            String runId,
            ReplayOptions options,
            RunRecorder.Result first,
            List<String> notes,
            List<Difference> firstDifferences,
            List<String> command) {
        Outcome second;
        try {
            second = replay(runId, options.repeatOnDifference(false));
        } catch (RuntimeException e) {
            notes.add("could not replay a second time to look for nondeterminism: " + e.getMessage());
            return List.of();
        }
        notes.add("replayed a second time in the same conditions as " + second.replayRunId()
                + " to tell nondeterminism apart (verdict " + second.verdict() + ")");
        ReplayWorkdirs.settle(
                second.workdir(), "IDENTICAL", false, new PrintStream(java.io.OutputStream.nullOutputStream()));
        if (second.verdict().equals("FAILED")) {
            return List.of(new RunApi.Cause(
                    "NONDETERMINISM", "the command", "the second replay failed where the first did not"));
        }
        List<RunApi.Cause> causes = new ArrayList<>();
        Map<String, String> secondDigests = new HashMap<>();
        second.differences().forEach(d -> secondDigests.put(d.name(), d.replayDigest()));
        Map<String, Double> secondMetrics = new HashMap<>();
        second.metricDifferences().forEach(d -> secondMetrics.put(d.name(), d.replay()));
        // the first replay's outputs against the second's: an output identical to the original in
        // the second replay is not in its differences, so compare through the original where needed
        for (Map.Entry<String, StoredPath> e : first.outputs().entrySet()) {
            String a = e.getValue().digest();
            String b = secondDigests.containsKey(e.getKey())
                    ? secondDigests.get(e.getKey())
                    : originalDigest(runId, e.getKey());
            if (b != null && !a.equals(b)) {
                String detail = firstDifferences.stream()
                        .filter(d -> d.name().equals(e.getKey()))
                        .map(Difference::detail)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse("");
                causes.add(new RunApi.Cause(
                        "NONDETERMINISM",
                        e.getKey(),
                        "differs between two replays in the same conditions (" + a + " vs " + b + ")"
                                + likelySource(detail, command, first.execution())));
            }
        }
        for (Map.Entry<String, Double> e : first.metrics().entrySet()) {
            Double b = secondMetrics.containsKey(e.getKey())
                    ? secondMetrics.get(e.getKey())
                    : originalMetric(runId, e.getKey());
            if (b != null && Double.compare(e.getValue(), b) != 0) {
                causes.add(new RunApi.Cause(
                        "NONDETERMINISM",
                        "metric " + e.getKey(),
                        "differs between two replays in the same conditions (" + e.getValue() + " vs " + b + ")"));
            }
        }
        return causes;
    }

    static final java.util.regex.Pattern TIMESTAMP = java.util.regex.Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}|\\b1[6-9]\\d{8}(\\.\\d+)?\\b|\\d{2}:\\d{2}:\\d{2}");

    /**
     * A hint at the common source of a nondeterministic output, from the lines that differ and the
     * replay's environment: wall-clock time (timestamps in the differing lines), hash ordering (a
     * Python step without PYTHONHASHSEED), thread-count dependence (no OMP/MKL/OpenBLAS thread
     * count set), else unseeded randomness.
     */
    static String likelySource(String diffDetail, List<String> command, ExecutionRecord replay) {
        List<String> hints = new ArrayList<>();
        String changed = diffDetail
                .lines()
                .filter(l -> l.strip().startsWith("-") || l.strip().startsWith("+"))
                .reduce("", (x, y) -> x + "\n" + y);
        if (TIMESTAMP.matcher(changed).find()) {
            hints.add("the differing lines hold timestamps: wall-clock time");
        }
        Map<String, String> vars = replay == null ? Map.of() : replay.variables();
        boolean python = !command.isEmpty()
                && (command.get(0).contains("python") || command.stream().anyMatch(c -> c.endsWith(".py")));
        if (python && !vars.containsKey("PYTHONHASHSEED")) {
            hints.add("PYTHONHASHSEED is not set: set and dict order of strings varies between runs");
        }
        if (!vars.containsKey("OMP_NUM_THREADS")
                && !vars.containsKey("MKL_NUM_THREADS")
                && !vars.containsKey("OPENBLAS_NUM_THREADS")) {
            hints.add("no thread count pinned (OMP_NUM_THREADS): parallel reductions may sum in another order");
        }
        hints.add("otherwise unseeded randomness: seed every generator from a parameter");
        return "; likely sources: " + String.join("; ", hints);
    }

    private String originalDigest(String runId, String output) {
        for (JsonNode o : recorder.api().get(runId).path("outputs")) {
            if (o.path("name").asText().equals(output)) {
                return o.path("digest").asText();
            }
        }
        return null;
    }

    private Double originalMetric(String runId, String metric) {
        for (JsonNode m : recorder.api().get(runId).path("metrics")) {
            if (m.path("name").asText().equals(metric)) {
                return m.path("value").asDouble();
            }
        }
        return null;
    }

    /**
     * IDENTICAL when nothing differs and something was compared; EQUIVALENT when every difference
     * is within tolerance; DIFFERENT when one is not; UNVERIFIED when nothing was compared.
     */
    static String verdict(
            List<Difference> differences, List<MetricDifference> metrics, int comparedOutputs, int comparedMetrics) {
        boolean beyond = differences.stream().anyMatch(d -> !d.withinTolerance())
                || metrics.stream().anyMatch(m -> !m.withinTolerance());
        if (beyond) {
            return "DIFFERENT";
        }
        if (!differences.isEmpty() || !metrics.isEmpty()) {
            return "EQUIVALENT";
        }
        return comparedOutputs + comparedMetrics == 0 ? "UNVERIFIED" : "IDENTICAL";
    }

    /** Every metric recorded by either run that is not bit-for-bit the same, sorted by name. */
    static List<MetricDifference> compareMetrics(
            Map<String, Double> original, Map<String, Double> replay, Tolerances tolerances) {
        TreeSet<String> names = new TreeSet<>(original.keySet());
        names.addAll(replay.keySet());
        List<MetricDifference> out = new ArrayList<>();
        for (String n : names) {
            Double a = original.get(n);
            Double b = replay.get(n);
            if (a != null && b != null && Double.compare(a, b) == 0) {
                continue;
            }
            if (a == null || b == null) {
                out.add(new MetricDifference(
                        n, a, b, false, a == null ? "not in the original" : "missing in the replay"));
                continue;
            }
            Tolerance t = tolerances.metric(n);
            if (t == null) {
                out.add(new MetricDifference(n, a, b, false, "|Δ| " + Math.abs(a - b) + ", no tolerance declared"));
            } else {
                out.add(new MetricDifference(n, a, b, t.within(a, b), t.explain(a, b)));
            }
        }
        return out;
    }

    private static int unionSize(Collection<String> a, Collection<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all.size();
    }

    /** Tolerances naming no output or metric of the run: almost always a typo, so say so. */
    static List<String> unmatchedTolerances(Tolerances t, Collection<String> outputs, Collection<String> metrics) {
        List<String> notes = new ArrayList<>();
        for (String m : new TreeSet<>(t.metrics().keySet())) {
            if (!m.equals(Tolerances.ALL) && !metrics.contains(m)) {
                notes.add("note: a metric tolerance names '" + m + "', which the original run did not record");
            }
        }
        TreeSet<String> named = new TreeSet<>(t.outputs().keySet());
        named.addAll(t.ignoreJsonFields().keySet());
        for (String o : named) {
            if (!o.equals(Tolerances.ALL) && outputs.stream().noneMatch(d -> o.equals(d) || o.startsWith(d + "/"))) {
                notes.add("note: a tolerance names output '" + o + "', which the original run did not declare");
            }
        }
        return notes;
    }

    /**
     * The allow-listed variables a replay gives its command: the recorded values ({@code env.X}
     * properties), and the allow-listed ones that were not set then unset now (null value). Names
     * that look like secrets are never restored.
     */
    static Map<String, String> restoredVariables(Map<String, String> recorded, Map<String, String> env) {
        Map<String, String> restored = new TreeMap<>();
        for (String name : EnvironmentCapture.allowlist(env)) {
            restored.put(name, null);
        }
        recorded.forEach((k, v) -> {
            if (k.startsWith("env.")) {
                String name = k.substring(4);
                if (!name.isEmpty() && !EnvironmentCapture.isSecret(name) && name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    restored.put(name, v);
                }
            }
        });
        // unsetting what was not set only matters if it is set here
        restored.entrySet()
                .removeIf(
                        e -> e.getValue() == null && !env.containsKey(e.getKey()) && System.getenv(e.getKey()) == null);
        return restored;
    }

    /**
     * What differs between the recorded environment and this one, one line per property; for
     * Python steps the installed packages are compared one by one ({@code package numpy: 2.4.6 →
     * (absent)}) instead of by the digest of their list.
     */
    List<String> environmentDrift(Map<String, String> recorded, Map<String, String> current) {
        List<String> packages = new ArrayList<>();
        Map<String, String> a = new TreeMap<>(recorded);
        Map<String, String> b = new TreeMap<>(current);
        String ra = recorded.get("python.environment");
        String cb = current.get("python.environment");
        if (ra != null && cb != null && !ra.equals(cb)) {
            Map<String, String> pa = EnvironmentCapture.pythonPackages(recorder.store(), ra);
            Map<String, String> pb = EnvironmentCapture.pythonPackages(recorder.store(), cb);
            if (pa != null && pb != null) {
                TreeSet<String> names = new TreeSet<>(pa.keySet());
                names.addAll(pb.keySet());
                List<String> missing = new ArrayList<>();
                List<String> added = new ArrayList<>();
                for (String n : names) {
                    String line = "package " + n + ": " + showValue(pa.get(n)) + " → " + showValue(pb.get(n));
                    if (pa.get(n) == null) {
                        added.add(line);
                    } else if (pb.get(n) == null) {
                        missing.add(line);
                    } else if (!pa.get(n).equals(pb.get(n))) {
                        packages.add(line); // other versions first: the likeliest causes
                    }
                }
                packages.addAll(missing);
                packages.addAll(added);
                if (!packages.isEmpty()) {
                    // the per-package lines say it; the digest and count of the list add nothing
                    for (Map<String, String> m : List.of(a, b)) {
                        m.remove("python.environment");
                        m.remove("python.packages");
                    }
                }
            }
        }
        List<String> drift = drift(a, b);
        drift.addAll(packages);
        return drift;
    }

    static List<String> drift(Map<String, String> recorded, Map<String, String> current) {
        List<String> drift = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(current.keySet());
        for (String k : keys) {
            if (!Objects.equals(recorded.get(k), current.get(k))) {
                drift.add(k + ": " + showValue(recorded.get(k)) + " → " + showValue(current.get(k)));
            }
        }
        return drift;
    }

    private static String showValue(String v) {
        return v == null ? "(absent)" : v;
    }
}
