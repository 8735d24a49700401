package dev.provenant.recorder.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.MaterializeArgs;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.run.RunRecorder;
import dev.provenant.recorder.run.StepSpec;
import dev.provenant.recorder.run.StoredPath;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a pipeline: a parent run groups the step runs; independent steps run in parallel; a failed
 * step is retried with backoff (1 s, 2 s, 4 s, ...) up to its {@code retries}; a step that still
 * fails stops only its dependents. Skip-unchanged: a step whose cache key (its own code snapshot,
 * input digests, parameters, environment, command) matches an earlier successful run is not
 * executed; its outputs are materialized from the store, the reused run's metrics are recorded on
 * it, and a cache-hit links it to that run. Editing one step's code changes only that step's key;
 * its dependents re-run only if its outputs change.
 */
public final class PipelineRunner {

    /** How one step ended. */
    public enum Status {
        SUCCEEDED,
        CACHED,
        FAILED,
        SKIPPED
    }

    /** One step's outcome. */
    public record StepOutcome(String step, Status status, String runId, int attempts, String detail) {}

    /** The pipeline's outcome. */
    public record Outcome(String pipelineRunId, List<StepOutcome> steps) {
        public boolean succeeded() {
            return steps.stream().allMatch(s -> s.status() == Status.SUCCEEDED || s.status() == Status.CACHED);
        }
    }

    private final RunRecorder recorder;
    private final PrintStream out;
    private final long backoffBaseMillis;
    private final int parallelism;

    public PipelineRunner(RunRecorder recorder, PrintStream out, long backoffBaseMillis, int parallelism) {
        this.recorder = recorder;
        this.out = out;
        this.backoffBaseMillis = backoffBaseMillis;
        this.parallelism = parallelism;
    }

    private List<String> allPaths = List.of();
    private boolean traceAll;

    /** Traces every step, as if each had {@code trace: true} ({@code pipeline run --trace}). */
    public PipelineRunner traceAll(boolean trace) {
        this.traceAll = trace;
        return this;
    }

    /** The input name under which a pipeline run records its pipeline file. */
    public static final String PIPELINE_FILE_INPUT = "pipeline-definition.yaml";

    public Outcome run(PipelineSpec spec, Path workdir, Path file, boolean useCache) {
        this.allPaths = pathsOf(spec);
        String pipelineRunId = startPipelineRun(spec, file);
        out.println("pipeline " + spec.name() + " as " + pipelineRunId);
        long t0 = System.nanoTime();
        Map<String, Future<StepOutcome>> futures = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism));
        try {
            for (PipelineSpec.Step step : spec.order()) {
                List<Future<StepOutcome>> deps = new ArrayList<>();
                step.dependsOn().forEach(d -> deps.add(futures.get(d)));
                futures.put(step.name(), pool.submit(() -> runAfter(deps, step, workdir, pipelineRunId, useCache)));
            }
            Outcome outcome = new Outcome(pipelineRunId, awaitSteps(futures));
            finishPipelineRun(outcome, t0);
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(130, "interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every path the pipeline's steps read or write (their inputs, outputs and metrics files). */
    private static List<String> pathsOf(PipelineSpec spec) {
        List<String> paths = new ArrayList<>();
        spec.steps().forEach(s -> {
            paths.addAll(s.inputs());
            paths.addAll(s.outputs());
            paths.add(s.metrics());
        });
        return List.copyOf(paths);
    }

    /** Starts the run that groups the step runs, with the pipeline file as its input; returns its id. */
    private String startPipelineRun(PipelineSpec spec, Path file) {
        Map<String, Object> parent = new HashMap<>();
        parent.put("name", "pipeline:" + spec.name());
        parent.put("command", List.of("provenant", "pipeline", "run", file.toString()));
        // the pipeline's definition is part of its record: a replay reads each step's tolerances from it
        dev.provenant.artifacts.PutResult definition = recorder.store().put(file);
        parent.put(
                "inputs",
                List.of(Map.of(
                        "name",
                        PIPELINE_FILE_INPUT,
                        "digest",
                        definition.digest().toString(),
                        "sizeBytes",
                        definition.size())));
        return recorder.api().start(parent).path("id").asText();
    }

    /** Runs {@code step} once its dependencies are done; skips it when one of them failed or was skipped. */
    private StepOutcome runAfter(
            List<Future<StepOutcome>> deps,
            PipelineSpec.Step step,
            Path workdir,
            String pipelineRunId,
            boolean useCache)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        for (Future<StepOutcome> d : deps) {
            StepOutcome o = d.get();
            if (o.status() == Status.FAILED || o.status() == Status.SKIPPED) {
                StepOutcome skipped = new StepOutcome(
                        step.name(),
                        Status.SKIPPED,
                        null,
                        0,
                        "not run: dependency '" + o.step() + "' "
                                + o.status().name().toLowerCase());
                report(skipped);
                return skipped;
            }
        }
        StepOutcome o = runStep(step, workdir, pipelineRunId, useCache);
        report(o);
        return o;
    }

    /** Each step's outcome in the pipeline's order; a step that threw is FAILED with the reason. */
    private static List<StepOutcome> awaitSteps(Map<String, Future<StepOutcome>> futures) throws InterruptedException {
        List<StepOutcome> results = new ArrayList<>();
        for (Map.Entry<String, Future<StepOutcome>> f : futures.entrySet()) {
            try {
                results.add(f.getValue().get());
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                results.add(new StepOutcome(
                        f.getKey(),
                        Status.FAILED,
                        null,
                        1,
                        cause instanceof CliException c ? c.getMessage() : String.valueOf(cause)));
            }
        }
        return results;
    }

    private void finishPipelineRun(Outcome outcome, long t0) {
        recorder.api()
                .finish(
                        outcome.pipelineRunId(),
                        outcome.succeeded() ? 0 : 1,
                        (System.nanoTime() - t0) / 1_000_000,
                        outcome.succeeded()
                                ? null
                                : "failed steps: "
                                        + outcome.steps().stream()
                                                .filter(r -> r.status() == Status.FAILED)
                                                .map(StepOutcome::step)
                                                .toList());
    }

    private synchronized void report(StepOutcome o) {
        out.printf(
                "  %-14s %-9s %s%s%n",
                o.step(),
                o.status(),
                o.runId() == null ? "-" : o.runId(),
                (o.attempts() > 1 ? "  (attempts: " + o.attempts() + ")" : "")
                        + (o.detail() == null ? "" : "  " + o.detail()));
        out.flush();
    }

    private StepOutcome runStep(PipelineSpec.Step step, Path workdir, String pipelineRunId, boolean useCache)
            throws InterruptedException {
        StepSpec spec = new StepSpec(
                step.name(),
                workdir,
                step.command(),
                step.inputs(),
                step.outputs(),
                step.params(),
                step.code(),
                pipelineRunId,
                step.name(),
                null,
                step.metrics(),
                allPaths,
                step.trace() || traceAll);
        int attempt = 0;
        String rerunReason = null;
        while (true) {
            attempt++;
            RunRecorder.Prepared prepared = recorder.prepare(spec);
            if (useCache) {
                Reuse reuse = reusable(prepared, workdir);
                JsonNode earlier = reuse.run();
                if (earlier == null && reuse.whyNot() != null) {
                    rerunReason = reuse.whyNot();
                    out.println("  " + step.name() + ": not reused: " + rerunReason);
                }
                if (earlier != null) {
                    List<StoredPath> outs = materializeOutputs(earlier, workdir);
                    // the reused run's metrics are this step's metrics too
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    earlier.path("metrics")
                            .forEach(m -> metrics.put(
                                    m.path("name").asText(), m.path("value").asDouble()));
                    // start, reuse and end with the outputs and metrics: one request
                    String runId =
                            recorder.recordCached(prepared, earlier.path("id").asText(), outs, metrics);
                    return new StepOutcome(
                            step.name(),
                            Status.CACHED,
                            runId,
                            attempt,
                            "reused " + earlier.path("id").asText());
                }
            }
            String runId = recorder.start(prepared);
            RunRecorder.Result r = recorder.execute(prepared, runId);
            if (r.exitCode() == 0) {
                return new StepOutcome(
                        step.name(),
                        Status.SUCCEEDED,
                        runId,
                        attempt,
                        rerunReason == null ? null : "re-run: " + rerunReason);
            }
            if (attempt > step.retries()) {
                return new StepOutcome(
                        step.name(),
                        Status.FAILED,
                        runId,
                        attempt,
                        r.failureReason() != null ? r.failureReason() : "exit code " + r.exitCode());
            }
            long wait = backoffBaseMillis * (1L << (attempt - 1));
            out.println("  " + step.name() + ": attempt " + attempt + " failed (exit " + r.exitCode()
                    + "), retrying in " + wait + " ms");
            Thread.sleep(wait);
        }
    }

    /** The run to reuse, or null and (when a run with the same key was passed over) why not. */
    record Reuse(JsonNode run, String whyNot) {}

    /**
     * An earlier successful run with the same cache key whose outputs are all in the store and
     * whose undeclared reads (recorded when it ran traced) still have the digests they had: the
     * read set is only known after running, so that part of the key is checked here, by hashing
     * those files again.
     */
    private Reuse reusable(RunRecorder.Prepared prepared, Path workdir) {
        String whyNot = null;
        for (JsonNode run : recorder.api().byCacheKey(prepared.cacheKey())) {
            if (!run.path("cacheHitOf").isNull() && !run.path("cacheHitOf").isMissingNode()) {
                continue; // reuse originals, not other cache hits
            }
            if (prepared.spec().trace() && !run.path("execution").path("traced").asBoolean(false)) {
                // what it read is unknown: a traced step would inherit an unchecked result
                if (whyNot == null) {
                    whyNot = run.path("id").asText() + " was not traced, so what it read is unknown";
                }
                continue;
            }
            String changed = changedUndeclaredRead(run, workdir);
            if (changed != null) {
                if (whyNot == null) {
                    whyNot = changed;
                }
                continue;
            }
            boolean complete = prepared.spec().outputs().stream().allMatch(name -> {
                for (JsonNode o : run.path("outputs")) {
                    if (o.path("name").asText().equals(name)
                            && recorder.store()
                                    .exists(Digest.parse(o.path("digest").asText()))) {
                        return true;
                    }
                }
                return false;
            });
            if (complete) {
                return new Reuse(run, null);
            }
        }
        return new Reuse(null, whyNot);
    }

    /** The first undeclared read of {@code run} whose file now has other bytes (or is gone), said for people; null if none. */
    static String changedUndeclaredRead(JsonNode run, Path workdir) {
        for (JsonNode r : run.path("execution").path("undeclaredReads")) {
            String path = r.path("path").asText();
            Path p = workdir.toAbsolutePath().normalize().resolve(path).normalize();
            String was = r.path("digest").asText();
            String now = dev.provenant.recorder.run.ExecutionRecord.digestOf(p);
            if (!was.equals(now)) {
                return "undeclared read " + path + " changed since "
                        + run.path("id").asText() + " (" + was + " → " + (now == null ? "missing" : now) + ")";
            }
        }
        return null;
    }

    private List<StoredPath> materializeOutputs(JsonNode earlier, Path workdir) {
        List<StoredPath> outs = new ArrayList<>();
        for (JsonNode o : earlier.path("outputs")) {
            if ("LOG".equals(o.path("kind").asText())) {
                outs.add(new StoredPath(
                        o.path("name").asText(),
                        o.path("digest").asText(),
                        o.path("sizeBytes").asLong(),
                        "LOG"));
                continue;
            }
            String name = o.path("name").asText();
            Path target = StoredPath.resolveInside(workdir.toAbsolutePath().normalize(), name, "output");
            Digest digest = Digest.parse(o.path("digest").asText());
            try {
                Files.createDirectories(target.getParent());
            } catch (java.io.IOException e) {
                throw new CliException(1, "cannot create " + target.getParent() + ": " + e.getMessage());
            }
            MaterializeArgs args = MaterializeArgs.builder()
                    .digest(digest)
                    .target(target)
                    .overwrite(true)
                    .build();
            if (recorder.store().findManifest(digest).isPresent()) {
                recorder.store().materializeTree(args);
            } else {
                recorder.store().materialize(args);
            }
            outs.add(new StoredPath(
                    name,
                    o.path("digest").asText(),
                    o.path("sizeBytes").asLong(),
                    o.path("kind").asText()));
        }
        return outs;
    }
}
