package dev.provenant.recorder.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.compare.Tolerances;
import dev.provenant.recorder.run.ReplayOptions;
import dev.provenant.recorder.run.Replayer;
import dev.provenant.recorder.run.RunApi;
import dev.provenant.recorder.run.RunRecorder;
import dev.provenant.recorder.run.StoredPath;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays a whole pipeline run from what was recorded: its steps in data-flow order, each from its
 * own recorded code, parameters and environment, and each fed the outputs that the replayed
 * upstream steps produced (not the originals), so the pipeline is reproduced end to end. A step
 * that was a cache hit is replayed from the run it reused (the one that executed). The replay of
 * the pipeline is itself a run ({@code replayOf} the pipeline run) that groups the step replays and
 * carries the overall verdict; nothing depends on the directory it is started from.
 *
 * <p>Overall verdict ({@link Replayer#combine}): FAILED if a step failed or could not run because an
 * upstream step failed; else DIFFERENT if a step differed; else UNVERIFIED if no step compared
 * anything; else EQUIVALENT if a step was only equivalent; else IDENTICAL.
 */
public final class PipelineReplayer {

    /** One step's replay: its outcome, or why it was not replayed. */
    public record StepReplay(String step, String originalRunId, Replayer.Outcome outcome, String notReplayed) {
        public String verdict() {
            return outcome == null ? "FAILED" : outcome.verdict();
        }
    }

    /** The pipeline's replay. */
    public record Outcome(String pipelineRunId, String replayRunId, String verdict, List<StepReplay> steps) {
        public int exitCode() {
            return Replayer.exitCode(verdict);
        }
    }

    private final RunRecorder recorder;
    private final Replayer replayer;
    private final PrintStream out;

    public PipelineReplayer(RunRecorder recorder, Replayer replayer, PrintStream out) {
        this.recorder = recorder;
        this.replayer = replayer;
        this.out = out;
    }

    /**
     * Whether {@code run} is replayed step by step: it groups step runs and has no command of its
     * own to re-execute (a {@code provenant pipeline run}). A run that executed a command which
     * started steps itself (a Python script under {@code provenant run} whose client recorded
     * {@code @provenant.step}s, a Prefect- or Mage-shaped flow) is replayed by re-executing that
     * command: its steps come again by themselves, and its declared outputs and metrics are compared.
     */
    public static boolean isPipeline(RunApi api, JsonNode run) {
        JsonNode command = run.path("command");
        boolean noCommandOfItsOwn = !command.isArray()
                || command.isEmpty()
                || (command.size() >= 2
                        && command.get(0).asText().equals("provenant")
                        && command.get(1).asText().equals("pipeline"));
        // the command first: a run with one of its own is never a pipeline, and asking is a request
        return noCommandOfItsOwn && !api.steps(run.path("id").asText()).isEmpty();
    }

    public Outcome replay(String pipelineRunId, ReplayOptions options) {
        RunApi api = recorder.api();
        JsonNode pipeline = api.get(pipelineRunId);
        if (pipeline.path("status").asText().equals("RUNNING")) {
            throw new CliException(1, "pipeline run '" + pipelineRunId + "' has not finished; replay it once it has");
        }
        List<JsonNode> ordered = dataFlowOrder(recordedSteps(api, pipelineRunId));
        Map<String, Tolerances> stepTolerances = stepTolerances(pipeline);

        long t0 = System.nanoTime();
        String replayRunId = startReplayRun(api, pipeline, pipelineRunId);
        out.println("replay of pipeline " + pipelineRunId + " as " + replayRunId + " (" + ordered.size() + " steps)");

        Replayed replayed = new Replayed();
        List<StepReplay> results = new ArrayList<>();
        for (JsonNode step : ordered) {
            StepReplay r = replayStep(api, step, replayed, replayRunId, options, stepTolerances);
            replayed.record(step, r);
            results.add(r);
        }
        String verdict = overall(results);
        finishReplayRun(api, replayRunId, results, t0);
        recordVerdict(api, replayRunId, verdict, results);
        out.println("pipeline verdict: " + verdict + " (" + results.size() + " steps: "
                + String.join(
                        ", ",
                        results.stream().map(s -> s.step() + " " + s.verdict()).toList()) + ")");
        return new Outcome(pipelineRunId, replayRunId, verdict, results);
    }

    /** The pipeline run's steps as recorded (in the order they started). */
    private static List<JsonNode> recordedSteps(RunApi api, String pipelineRunId) {
        List<JsonNode> steps = new ArrayList<>();
        for (JsonNode s : api.steps(pipelineRunId)) {
            steps.add(api.get(s.path("id").asText()));
        }
        if (steps.isEmpty()) {
            throw new CliException(1, "run '" + pipelineRunId + "' is not a pipeline run: it has no steps");
        }
        return steps;
    }

    /** Starts the run that groups the step replays; returns its id. */
    private static String startReplayRun(RunApi api, JsonNode pipeline, String pipelineRunId) {
        Map<String, Object> start = new HashMap<>();
        start.put("name", pipeline.path("name").asText());
        List<String> command = new ArrayList<>();
        pipeline.path("command").forEach(c -> command.add(c.asText()));
        start.put("command", command);
        start.put("replayOf", pipelineRunId);
        return api.start(start).path("id").asText();
    }

    /**
     * What the replayed steps have produced so far, by output name (the pipeline's paths are shared by
     * its steps), and which steps failed, so that a later step reads the replayed outputs and is not
     * replayed when a step it reads from failed.
     */
    private static final class Replayed {
        private final Map<String, StoredPath> produced = new HashMap<>();
        private final Map<String, String> producerStep = new HashMap<>();
        private final Set<String> failedSteps = new LinkedHashSet<>();

        /** The failed upstream step that {@code step} reads from (the last such input's), or null. */
        String failedUpstream(JsonNode step) {
            String blockedBy = null;
            for (JsonNode in : step.path("inputs")) {
                String upstream = producerStep.get(in.path("name").asText());
                if (upstream != null && failedSteps.contains(upstream)) {
                    blockedBy = upstream;
                }
            }
            return blockedBy;
        }

        /** The replayed outputs that {@code step} reads instead of the recorded ones. */
        Map<String, StoredPath> overridesFor(JsonNode step) {
            Map<String, StoredPath> overrides = new LinkedHashMap<>();
            for (JsonNode in : step.path("inputs")) {
                String input = in.path("name").asText();
                StoredPath replayed = produced.get(input);
                if (replayed != null) {
                    overrides.put(input, replayed);
                }
            }
            return overrides;
        }

        /** Takes the (non-log) outputs of a step's replay run as what the pipeline's paths now hold. */
        void produced(JsonNode replay) {
            for (JsonNode output : replay.path("outputs")) {
                if (!"LOG".equals(output.path("kind").asText())) {
                    produced.put(
                            output.path("name").asText(),
                            new StoredPath(
                                    output.path("name").asText(),
                                    output.path("digest").asText(),
                                    output.path("sizeBytes").asLong(),
                                    output.path("kind").asText()));
                }
            }
        }

        /** Notes which paths the recorded {@code step} writes and whether its replay failed. */
        void record(JsonNode step, StepReplay r) {
            for (JsonNode output : step.path("outputs")) {
                producerStep.put(output.path("name").asText(), r.step());
            }
            if (r.verdict().equals("FAILED")) {
                failedSteps.add(r.step());
            }
        }
    }

    /**
     * Replays one step from the run that executed it (the run a cache hit reused), fed what the
     * replayed upstream steps produced; not at all when one of those failed.
     */
    private StepReplay replayStep(
            RunApi api,
            JsonNode step,
            Replayed replayed,
            String replayRunId,
            ReplayOptions options,
            Map<String, Tolerances> stepTolerances) {
        String name = stepName(step);
        String executed = step.path("cacheHitOf").asText(null);
        String original =
                executed == null || executed.isEmpty() ? step.path("id").asText() : executed;
        Map<String, StoredPath> overrides = replayed.overridesFor(step);
        String blockedBy = replayed.failedUpstream(step);
        if (blockedBy != null) {
            StepReplay r =
                    new StepReplay(name, original, null, "not replayed: upstream step '" + blockedBy + "' failed");
            out.println("step " + name + ": " + r.notReplayed());
            return r;
        }
        out.println("step " + name + " (" + original
                + (original.equals(step.path("id").asText())
                        ? ""
                        : ", executed for cache hit " + step.path("id").asText())
                + "):");
        Replayer.Outcome o;
        try {
            ReplayOptions stepOptions = options.inPipeline(replayRunId, overrides);
            Tolerances declared = stepTolerances.get(name);
            if (declared != null) {
                // the pipeline file's tolerances for this step, then the command line's on top
                stepOptions = stepOptions.tolerances(declared.with(options.tolerances()));
            }
            o = replayer.replay(original, stepOptions);
        } catch (CliException e) {
            out.println("  could not replay: " + e.getMessage());
            return new StepReplay(name, original, null, "could not replay");
        }
        o.print(out);
        replayed.produced(api.get(o.replayRunId()));
        return new StepReplay(name, original, o, null);
    }

    private static void finishReplayRun(RunApi api, String replayRunId, List<StepReplay> results, long t0) {
        List<String> failed = results.stream()
                .filter(s -> s.verdict().equals("FAILED"))
                .map(StepReplay::step)
                .toList();
        api.finish(
                replayRunId,
                failed.isEmpty() ? 0 : 1,
                (System.nanoTime() - t0) / 1_000_000,
                failed.isEmpty() ? null : "steps failed to replay: " + failed);
    }

    /**
     * Records the pipeline's verdict: one difference per step that did not replay identically; in an
     * EQUIVALENT pipeline only the equivalent steps (within tolerance); a step that compared nothing
     * did not differ.
     */
    private static void recordVerdict(RunApi api, String replayRunId, String verdict, List<StepReplay> results) {
        List<Map<String, Object>> differences = new ArrayList<>();
        int comparedOutputs = 0;
        int comparedMetrics = 0;
        for (StepReplay s : results) {
            if (s.outcome() != null) {
                comparedOutputs += s.outcome().comparedOutputs();
                comparedMetrics += s.outcome().comparedMetrics();
            }
            boolean listed = switch (verdict) {
                case "EQUIVALENT" -> s.verdict().equals("EQUIVALENT");
                case "IDENTICAL", "UNVERIFIED" -> false;
                default -> !s.verdict().equals("IDENTICAL") && !s.verdict().equals("UNVERIFIED");
            };
            if (listed) {
                differences.add(stepDifference(s));
            }
        }
        api.verdict(replayRunId, verdict, differences, List.of(), List.of(), comparedOutputs, comparedMetrics);
    }

    private static Map<String, Object> stepDifference(StepReplay s) {
        Map<String, Object> d = new HashMap<>();
        d.put("name", "step:" + s.step());
        d.put("originalDigest", null);
        d.put("originalSize", 0);
        d.put("replayDigest", null);
        d.put("replaySize", 0);
        d.put(
                "detail",
                s.verdict()
                        + (s.notReplayed() == null ? "" : ": " + s.notReplayed())
                        + (s.outcome() == null ? "" : " (replay " + s.outcome().replayRunId() + ")"));
        d.put("withinTolerance", s.verdict().equals("EQUIVALENT"));
        return d;
    }

    /**
     * Each step's {@code tolerances:} from the pipeline file the pipeline run recorded (empty for a
     * run recorded before pipelines recorded their file, or one whose file no longer parses).
     */
    private Map<String, Tolerances> stepTolerances(JsonNode pipeline) {
        Map<String, Tolerances> byStep = new HashMap<>();
        for (JsonNode in : pipeline.path("inputs")) {
            if (!PipelineRunner.PIPELINE_FILE_INPUT.equals(in.path("name").asText())) {
                continue;
            }
            try {
                java.nio.file.Path tmp = java.nio.file.Files.createTempFile("provenant-pipeline-", ".yaml");
                try {
                    try (java.io.InputStream s = recorder.store()
                            .get(dev.provenant.artifacts.Digest.parse(
                                    in.path("digest").asText()))) {
                        java.nio.file.Files.copy(s, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    PipelineSpec.load(tmp).steps().forEach(s -> byStep.put(s.name(), s.tolerances()));
                } finally {
                    java.nio.file.Files.deleteIfExists(tmp);
                }
            } catch (java.io.IOException | RuntimeException e) {
                out.println("note: the recorded pipeline file could not be read (" + e.getMessage()
                        + "); steps are compared without its tolerances");
            }
        }
        return byStep;
    }

    static String overall(List<StepReplay> steps) {
        return Replayer.combine(steps.stream().map(StepReplay::verdict).toList());
    }

    private static String stepName(JsonNode step) {
        String s = step.path("stepName").asText(null);
        return s == null || s.isEmpty() ? step.path("name").asText() : s;
    }

    /**
     * Steps so that every step comes after the steps whose outputs it reads (by the paths the
     * pipeline shares among its steps), otherwise in the order they started.
     */
    static List<JsonNode> dataFlowOrder(List<JsonNode> steps) {
        Map<String, JsonNode> producerOf = new HashMap<>();
        for (JsonNode s : steps) {
            s.path("outputs").forEach(o -> {
                if (!"LOG".equals(o.path("kind").asText())) {
                    producerOf.put(o.path("name").asText(), s);
                }
            });
        }
        List<JsonNode> ordered = new ArrayList<>();
        Set<JsonNode> done = new LinkedHashSet<>();
        List<JsonNode> pending = new ArrayList<>(steps);
        while (!pending.isEmpty()) {
            JsonNode next = null;
            for (JsonNode s : pending) {
                boolean ready = true;
                for (JsonNode in : s.path("inputs")) {
                    JsonNode p = producerOf.get(in.path("name").asText());
                    if (p != null && p != s && !done.contains(p)) {
                        ready = false;
                        break;
                    }
                }
                if (ready) {
                    next = s;
                    break;
                }
            }
            if (next == null) {
                throw new CliException(
                        1, "the recorded steps read each other's outputs in a cycle; cannot order them for a replay");
            }
            ordered.add(next);
            done.add(next);
            pending.remove(next);
        }
        return ordered;
    }
}
