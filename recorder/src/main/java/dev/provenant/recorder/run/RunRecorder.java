package dev.provenant.recorder.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.recorder.trace.ReadSet;
import dev.provenant.recorder.trace.StraceParser;
import dev.provenant.recorder.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Records one step: stores inputs and the code snapshot before running (so the record is what the
 * command saw), starts the run, executes the command with its output streamed live and kept as a
 * log artifact, stores outputs and metrics, and finishes the run. A command that fails, cannot
 * start, or is killed is recorded as failed, never lost.
 */
public final class RunRecorder {

    /**
     * Outcome of a recorded step; {@code metrics} are those the step recorded: its {@code metrics.json}
     * and the last value of each metric series it logged through the Python client (empty if none).
     */
    public record Result(
            String runId,
            int exitCode,
            Map<String, StoredPath> outputs,
            String failureReason,
            Map<String, Double> metrics,
            ExecutionRecord execution) {

        public Result {
            metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        }

        public Result(String runId, int exitCode, Map<String, StoredPath> outputs, String failureReason) {
            this(runId, exitCode, outputs, failureReason, Map.of(), null);
        }

        public Result(
                String runId,
                int exitCode,
                Map<String, StoredPath> outputs,
                String failureReason,
                Map<String, Double> metrics) {
            this(runId, exitCode, outputs, failureReason, metrics, null);
        }
    }

    private final ArtifactStore store;
    private final RunApi api;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private Sandbox sandbox;

    public RunRecorder(
            ArtifactStore store, ProvenantClient client, Map<String, String> env, PrintStream out, PrintStream err) {
        this.store = store;
        this.api = new RunApi(client);
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs every command this recorder executes from now on in {@code sandbox} (a hermetic replay):
     * with only {@code PROVENANT_RUN_ID} and the run's parameters in its environment.
     */
    public RunRecorder sandboxed(Sandbox sandbox) {
        this.sandbox = sandbox;
        return this;
    }

    public RunApi api() {
        return api;
    }

    public ArtifactStore store() {
        return store;
    }

    /**
     * Everything known before execution: stored inputs, code, environment, and the cache key;
     * {@code restoredEnvironment} are variables the command gets whatever this process has (a
     * replay restores the recorded allow-listed ones; a null value unsets the variable).
     */
    public record Prepared(
            StepSpec spec,
            List<StoredPath> inputs,
            CodeCapture.Captured code,
            Map<String, String> environment,
            String cacheKey,
            Map<String, String> restoredEnvironment) {

        public Prepared {
            restoredEnvironment = restoredEnvironment == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new TreeMap<>(restoredEnvironment));
        }

        public Prepared(
                StepSpec spec,
                List<StoredPath> inputs,
                CodeCapture.Captured code,
                Map<String, String> environment,
                String cacheKey) {
            this(spec, inputs, code, environment, cacheKey, Map.of());
        }
    }

    public Prepared prepare(StepSpec spec) {
        return prepare(spec, null);
    }

    /**
     * As {@link #prepare(StepSpec)}; {@code knownInputs}, when given, are inputs just materialized
     * from the store with their digests verified (a replay), so they are not hashed again.
     */
    public Prepared prepare(StepSpec spec, List<StoredPath> knownInputs) {
        return prepare(spec, knownInputs, Map.of(), null);
    }

    /** As {@link #prepare(StepSpec, List)} with the code snapshot a replay materialized (see below). */
    public Prepared prepare(StepSpec spec, List<StoredPath> knownInputs, CodeCapture.Captured knownCode) {
        return prepare(spec, knownInputs, Map.of(), knownCode);
    }

    /**
     * As {@link #prepare(StepSpec, List)}, for a replay: {@code restoredEnvironment} are variables
     * to give the command instead of this process's (null value: unset), and {@code knownCode},
     * when given, is the code snapshot the working directory was materialized from (digests
     * verified), recorded as the code this run executes instead of capturing the directory again.
     */
    public Prepared prepare(
            StepSpec spec,
            List<StoredPath> knownInputs,
            Map<String, String> restoredEnvironment,
            CodeCapture.Captured knownCode) {
        Map<String, String> restored = restoredEnvironment == null ? Map.of() : restoredEnvironment;
        if (spec.command().isEmpty()) {
            throw new CliException(2, "no command given: put it after '--', e.g. provenant run -- python train.py");
        }
        Path workdir = spec.workdir().toAbsolutePath().normalize();
        for (String o : spec.outputs()) {
            StoredPath.resolveInside(workdir, o, "output");
        }
        if (spec.trace()) {
            Tracer.require(); // before anything is recorded: says what to install
        }
        // the interpreter probe runs while inputs and code are hashed
        Map<String, String> factsEnv = new HashMap<>(env);
        restored.forEach((k, v) -> {
            if (v == null) {
                factsEnv.remove(k);
            } else {
                factsEnv.put(k, v);
            }
        });
        EnvironmentCapture.Pending pendingEnvironment =
                EnvironmentCapture.start(workdir, factsEnv, spec.command(), childEnvironment(restored), sandbox);
        List<StoredPath> inputs = new ArrayList<>();
        for (String in : spec.inputs()) {
            StoredPath.resolveInside(workdir, in, "input");
            StoredPath known = knownInputs == null
                    ? null
                    : knownInputs.stream()
                            .filter(k -> k.name().equals(in))
                            .findFirst()
                            .orElse(null);
            inputs.add(known != null ? known : StoredPath.store(store, workdir, in, "FILE"));
        }
        Timings.mark("inputs (hash and store, or digests known)");
        Set<String> exclude = new HashSet<>(spec.inputs());
        exclude.addAll(spec.outputs());
        exclude.addAll(spec.codeExclude());
        // a pipeline step's snapshot (and so its cache key) covers its own code only
        CodeCapture.Captured code = knownCode != null
                ? knownCode
                : CodeCapture.capture(
                        store, workdir, spec.command(), spec.codePaths(), exclude, spec.pipelineRunId() != null);
        Timings.mark("code snapshot");
        Map<String, String> environment = pendingEnvironment.finish(store);
        Timings.mark("environment probe (wait)");
        String cacheKey = CacheKey.of(code.snapshotDigest(), inputs, spec.params(), environment, spec.command());
        return new Prepared(spec, inputs, code, environment, cacheKey, restored);
    }

    /**
     * The environment a command gets, before its run id and parameters: outside a sandbox this
     * process's, with {@code restored} applied and the JDK running Provenant last on PATH (so that
     * 'java' resolves even where only JAVA_HOME is set); in a sandbox only {@code restored}.
     */
    Map<String, String> childEnvironment(Map<String, String> restored) {
        Map<String, String> m = sandbox == null ? new HashMap<>(System.getenv()) : new TreeMap<>();
        restored.forEach((k, v) -> {
            if (v == null) {
                m.remove(k);
            } else {
                m.put(k, v);
            }
        });
        if (sandbox == null) {
            String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
            m.merge("PATH", javaBin, (old, add) -> old + java.io.File.pathSeparator + add);
        }
        return m;
    }

    /**
     * The command with its program resolved on the child's PATH when that finds another file than
     * this process's PATH would (a restored PATH, or the JDK fallback): what the environment probe
     * examined is what runs.
     */
    static List<String> resolveProgram(List<String> command, Map<String, String> childEnv) {
        String program = command.get(0);
        if (program.contains("/")) {
            return command;
        }
        java.util.Optional<Path> child = EnvironmentCapture.which(program, childEnv.get("PATH"));
        java.util.Optional<Path> ours = EnvironmentCapture.which(program, System.getenv("PATH"));
        if (child.isEmpty() || child.equals(ours)) {
            return command;
        }
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, child.get().toString());
        return resolved;
    }

    public String start(Prepared p) {
        Map<String, Object> input = startInput(p);
        String runId = (String) input.get("runId");
        String[] started = {null};
        retryWhileUnavailable(
                runId,
                "the start of",
                () -> started[0] = api.start(input).path("id").asText());
        Timings.mark("record start (mutation)");
        return started[0];
    }

    /**
     * Records a step reused from {@code reusedRunId} (whose outputs are already in the working
     * directory): its start, the reuse and its end with those outputs and metrics, in one request.
     * Returns the new run's id.
     */
    public String recordCached(Prepared p, String reusedRunId, List<StoredPath> outputs, Map<String, Double> metrics) {
        Map<String, Object> input = startInput(p);
        String runId = (String) input.get("runId");
        retryWhileUnavailable(runId, "the start of", () -> api.cachedRun(input, reusedRunId, outputs, metrics));
        return runId;
    }

    /** The start of a run as the server takes it, with a fresh run id chosen here. */
    private Map<String, Object> startInput(Prepared p) {
        StepSpec spec = p.spec();
        Map<String, Object> input = new HashMap<>();
        input.put("name", spec.name());
        input.put("command", spec.command());
        input.put("parameters", kv(spec.params()));
        input.put("environment", kv(p.environment()));
        input.put("pipelineRunId", spec.pipelineRunId());
        input.put("stepName", spec.stepName());
        input.put("replayOf", spec.replayOf());
        input.put("cacheKey", p.cacheKey());
        Map<String, Object> code = new HashMap<>();
        code.put("repository", p.code().repository());
        code.put("commit", p.code().commit());
        code.put("branch", p.code().branch());
        code.put("dirty", p.code().dirty());
        code.put("snapshotDigest", p.code().snapshotDigest());
        input.put("code", code);
        List<Map<String, Object>> ins = new ArrayList<>();
        for (StoredPath i : p.inputs()) {
            ins.add(Map.of("name", i.name(), "digest", i.digest(), "sizeBytes", i.sizeBytes()));
        }
        input.put("inputs", ins);
        // chosen here, so that resending the start after a lost answer records the same run once
        input.put("runId", "run:" + java.util.UUID.randomUUID());
        return input;
    }

    /** Prepares, starts, executes and finishes one step. */
    public Result record(StepSpec spec) {
        Prepared p = prepare(spec);
        String runId = start(p);
        return execute(p, runId);
    }

    /**
     * Executes a started run and finishes it, renewing the run's lease all along (so the server
     * closes the run as ABANDONED only if this process dies or loses the server for a whole lease).
     */
    public Result execute(Prepared p, String runId) {
        return execute(p, runId, () -> null);
    }

    /**
     * As {@link #execute(Prepared, String)}; {@code inputCheck} is asked once the command has ended,
     * before its end is recorded: an answer (why the inputs the command was given cannot be
     * trusted) records the run as failed with that reason, whatever the command's exit code.
     */
    public Result execute(Prepared p, String runId, java.util.function.Supplier<String> inputCheck) {
        try (RunHeartbeat beat = RunHeartbeat.start(api, runId, err)) {
            return executeLeased(p, runId, inputCheck);
        }
    }

    private Result executeLeased(Prepared p, String runId, java.util.function.Supplier<String> inputCheck) {
        StepSpec spec = p.spec();
        Path workdir = spec.workdir().toAbsolutePath().normalize();
        err.println("provenant: recording " + runId + " (" + spec.name() + ")");
        Path log = tempFile("provenant-run-", "a log file");
        long t0 = System.nanoTime();
        long startedWallMs = System.currentTimeMillis();
        int exit;
        String failure = null;
        Process process = null;
        Thread hook = null;
        final String[] killed = {null};
        Path traceDir = null;
        Path traceFile = null;
        Path paramsDir = null;
        Map<String, String> commandEnv = Map.of();
        try {
            paramsDir = writeParamsFile(spec.params());
            Tracer tracer = spec.trace() ? Tracer.require() : null;
            if (tracer != null) {
                traceDir = tempDirectory("provenant-trace-", "a directory for the trace");
                traceFile = traceDir.resolve("trace.txt");
            }
            Launch launch = launch(p, runId, workdir, paramsDir, tracer, traceDir, traceFile);
            commandEnv = launch.environment();
            try {
                process = launch.builder().start();
            } catch (IOException e) {
                exit = 127;
                failure = "command could not start: " + e.getMessage();
                finishQuietly(runId, exit, t0, failure, List.of());
                deleteTrace(traceDir);
                deleteTrace(paramsDir);
                return new Result(runId, exit, Map.of(), failure);
            }
            hook = interruptHook(process, runId, t0, killed);
            Runtime.getRuntime().addShutdownHook(hook);
            copyOutput(process, log);
            exit = process.waitFor();
            Timings.mark("execute");
        } catch (IOException e) {
            exit = -1;
            failure = "lost the command's output: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            exit = 130;
            failure = "interrupted";
        } finally {
            // gone before the trace is classified: reading it is not an undeclared read
            deleteTrace(paramsDir);
            removeHook(hook);
        }
        if (killed[0] != null) {
            deleteTrace(traceDir);
            return new Result(runId, 130, Map.of(), killed[0], Map.of());
        }
        if (exit > 128 && failure == null) {
            failure = "killed by signal " + (exit - 128);
        }
        String inputProblem = inputCheck.get();
        Timings.mark("wait for the input checks");
        if (inputProblem != null) {
            err.println("provenant: " + inputProblem);
            failure = inputProblem + (failure == null ? "" : "; " + failure);
        }
        StoredOutputs stored = storeOutputs(spec, workdir, log);
        Timings.mark("hash and store outputs");
        if (stored.missing() != null && exit == 0 && failure == null) {
            failure = "declared output '" + stored.missing() + "' was not produced";
        }
        Map<String, Double> metrics = Metrics.readIfWrittenSince(
                workdir.resolve(spec.metricsFile() == null ? "metrics.json" : spec.metricsFile()), startedWallMs);
        // recorded with the end (one request): outputs, metrics and the end in one transaction
        ExecutionRecord execution = observeQuietly(p, runId, workdir, commandEnv, traceFile, traceDir);
        Timings.mark("observe (variables, trace)");
        int recordedExit = failure != null && exit == 0 ? 1 : exit;
        JsonNode finished = execution == null
                ? finish(runId, recordedExit, t0, failure, stored.all(), metrics)
                : finishWithExecution(runId, execution, recordedExit, t0, failure, stored.all(), metrics);
        Timings.mark("record end (mutation)");
        return new Result(runId, recordedExit, stored.byName(), failure, recordedMetrics(metrics, finished), execution);
    }

    private static void removeHook(Thread hook) {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and finishes the run itself
            }
        }
    }

    /**
     * {@link #observe}, then the trace is deleted; null when observing failed: what was observed is
     * an addition to the record, losing it must not lose the run.
     */
    private ExecutionRecord observeQuietly(
            Prepared p, String runId, Path workdir, Map<String, String> commandEnv, Path traceFile, Path traceDir) {
        try {
            return observe(p, runId, workdir, commandEnv, traceFile);
        } catch (RuntimeException e) {
            err.println("provenant: could not record what " + runId + " read and wrote: " + e.getMessage());
            return null;
        } finally {
            deleteTrace(traceDir);
        }
    }

    private static Path tempFile(String prefix, String what) {
        try {
            return Files.createTempFile(prefix, ".log");
        } catch (IOException e) {
            throw new CliException(1, "cannot create " + what + ": " + e.getMessage());
        }
    }

    private static Path tempDirectory(String prefix, String what) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new CliException(1, "cannot create " + what + ": " + e.getMessage());
        }
    }

    /** The process to start, and the environment the command sees (recorded as the run's variables). */
    private record Launch(ProcessBuilder builder, Map<String, String> environment) {}

    /**
     * The command with its variables (the child environment, the run id, the server, the parameters
     * and their file), traced when {@code tracer} is given, in the sandbox when there is one; its
     * output merged into one stream, its input empty.
     */
    private Launch launch(
            Prepared p, String runId, Path workdir, Path paramsDir, Tracer tracer, Path traceDir, Path traceFile) {
        StepSpec spec = p.spec();
        String paramsFile = paramsDir.resolve(PARAMS_FILE_NAME).toString();
        Map<String, String> childEnv = childEnvironment(p.restoredEnvironment());
        ProcessBuilder pb;
        Map<String, String> commandEnv;
        if (sandbox == null) {
            // under a tracer both die with their parent: strace when Provenant dies, the command when strace does
            List<String> command = dieWithParent(resolveProgram(spec.command(), childEnv), childEnv, workdir);
            pb = new ProcessBuilder(
                    tracer == null ? command : dieWithParent(tracer.wrap(command, traceFile), childEnv, workdir));
            pb.environment().clear();
            pb.environment().putAll(childEnv);
            pb.environment().put("PROVENANT_RUN_ID", runId);
            pb.environment().putAll(serverVariables());
            if (spec.replayOf() != null) {
                // the Python client records the replay's curve but does not publish models again
                pb.environment().put("PROVENANT_REPLAY_OF", spec.replayOf());
            }
            spec.params().forEach((k, v) -> pb.environment().put(paramVariable(k), v));
            pb.environment().put(PARAMS_FILE_VARIABLE, paramsFile);
            commandEnv = new TreeMap<>(pb.environment());
        } else {
            Map<String, String> sealed = new TreeMap<>(childEnv);
            sealed.put("PROVENANT_RUN_ID", runId);
            spec.params().forEach((k, v) -> sealed.put(paramVariable(k), v));
            sealed.put(PARAMS_FILE_VARIABLE, paramsFile);
            sandbox.prepare(workdir);
            sandbox.prepare(paramsDir);
            if (tracer == null) {
                pb = new ProcessBuilder(sandbox.wrap(workdir, spec.command(), sealed, List.of(paramsDir)));
            } else {
                sandbox.prepare(traceDir);
                pb = new ProcessBuilder(sandbox.wrap(
                        workdir, tracer.wrap(spec.command(), traceFile), sealed, List.of(traceDir, paramsDir)));
            }
            pb.environment().clear();
            pb.environment().put("PATH", Sandbox.PATH);
            commandEnv = sandbox.environment(sealed);
        }
        pb.directory(workdir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new Launch(pb, commandEnv);
    }

    /**
     * A shutdown hook for when the CLI is being stopped (Ctrl-C, SIGTERM): it stops the command and
     * records the run as failed, and leaves the reason in {@code killed[0]}.
     */
    private Thread interruptHook(Process running, String runId, long t0, String[] killed) {
        return new Thread(() -> {
            killed[0] = "killed: provenant was interrupted";
            // the command and whatever it started (workers, subprocesses), first: a tracer in
            // between (strace, which blocks SIGTERM when it started the command) would only wait
            running.descendants().forEach(ProcessHandle::destroy);
            running.destroy();
            try {
                running.waitFor();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            finishQuietly(runId, 130, t0, killed[0], List.of());
        });
    }

    /** Copies the command's output to the console and to {@code log} as it comes. */
    private void copyOutput(Process process, Path log) throws IOException {
        try (InputStream in = process.getInputStream();
                OutputStream logOut = Files.newOutputStream(log)) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
                logOut.write(buf, 0, n);
            }
        }
    }

    /**
     * The declared outputs that exist, stored, then the log (stored and deleted); {@code missing}
     * names the first declared output that was not produced (null if none).
     */
    private record StoredOutputs(List<StoredPath> all, Map<String, StoredPath> byName, String missing) {}

    private StoredOutputs storeOutputs(StepSpec spec, Path workdir, Path log) {
        List<StoredPath> outputs = new ArrayList<>();
        Map<String, StoredPath> byName = new LinkedHashMap<>();
        String missing = null;
        for (String o : spec.outputs()) {
            try {
                StoredPath s = StoredPath.store(store, workdir, o, "FILE");
                outputs.add(s);
                byName.put(o, s);
            } catch (CliException notProduced) {
                if (missing == null) {
                    missing = o;
                }
            }
        }
        StoredPath logArtifact =
                StoredPath.store(store, log.getParent(), log.getFileName().toString(), "LOG");
        outputs.add(new StoredPath("log", logArtifact.digest(), logArtifact.sizeBytes(), "LOG"));
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
        return new StoredOutputs(outputs, byName, missing);
    }

    /**
     * What the execution was observed to do: the digest of its variables document and, when
     * traced, its read set (undeclared reads stored up to the capture cap, each named on the
     * console). Sent with the run's end ({@link #finishWithExecution}).
     */
    private ExecutionRecord observe(
            Prepared p, String runId, Path workdir, Map<String, String> commandEnv, Path traceFile) {
        Map<String, String> variables = ExecutionRecord.variables(commandEnv);
        String variablesDigest =
                store.put(ExecutionRecord.variablesDocument(variables)).digest().toString();
        ExecutionRecord record;
        if (traceFile == null) {
            record = ExecutionRecord.untraced(variablesDigest, variables);
        } else if (!Files.isRegularFile(traceFile)) {
            err.println("provenant: the tracer wrote no trace for " + runId + "; nothing is known of what it read");
            record = ExecutionRecord.untraced(variablesDigest, variables);
        } else {
            List<String> codeFiles = new ArrayList<>();
            store.findManifest(dev.provenant.artifacts.Digest.parse(p.code().snapshotDigest()))
                    .ifPresent(m -> m.entries().forEach(e -> codeFiles.add(e.path())));
            List<String> outs = new ArrayList<>(p.spec().outputs());
            outs.add(p.spec().metricsFile() == null ? "metrics.json" : p.spec().metricsFile());
            ReadSet readSet = ReadSet.classify(
                    StraceParser.parse(traceFile, workdir),
                    workdir,
                    p.spec().inputs(),
                    outs,
                    codeFiles,
                    environmentRoots(p.environment(), workdir));
            record = ExecutionRecord.capture(store, readSet, variablesDigest, variables, captureLimit());
            for (ExecutionRecord.Read r : record.undeclaredReads()) {
                err.println("provenant: undeclared read: " + r.path() + " (" + r.digest() + ", " + r.sizeBytes()
                        + " bytes"
                        + (r.stored()
                                ? ""
                                : r.sizeBytes() > captureLimit()
                                        ? ", over the capture cap: digest only"
                                        : ", looks like a credential: digest only")
                        + ")");
            }
            if (readSet.undeclaredReads().size() > record.undeclaredReads().size()) {
                err.println("provenant: … and "
                        + (readSet.undeclaredReads().size()
                                - record.undeclaredReads().size())
                        + " more undeclared reads, not recorded (at most " + ExecutionRecord.MAX_RECORDED
                        + " per run): declare the directory they are in as an input");
            }
            for (String w : record.undeclaredWrites()) {
                err.println("provenant: undeclared write: " + w);
            }
            for (String m : record.missingReads()) {
                err.println("provenant: tried to read a missing file: " + m);
            }
        }
        return record;
    }

    /**
     * The execution record and the end with outputs and metrics, in one request. If the server
     * refuses the execution record, that is said on the console and the end is sent alone (a
     * resend of an end already recorded records nothing twice): losing what was observed must not
     * lose the run.
     */
    private JsonNode finishWithExecution(
            String runId,
            ExecutionRecord execution,
            int exit,
            long t0,
            String failure,
            List<StoredPath> outputs,
            Map<String, Double> metrics) {
        long duration = (System.nanoTime() - t0) / 1_000_000;
        JsonNode[] finished = {null};
        try {
            retryWhileUnavailable(
                    runId,
                    "the end of",
                    () -> finished[0] =
                            api.executionAndFinish(runId, execution, exit, duration, failure, outputs, metrics));
            return finished[0];
        } catch (CliException e) {
            if (e.exitCode() == 130
                    || e.getCause() instanceof dev.provenant.recorder.client.ServerUnavailableException) {
                throw e; // gave up waiting for the server: sending the end alone would wait again
            }
            err.println("provenant: could not record what " + runId + " read and wrote: " + e.getMessage());
            return finish(runId, exit, t0, failure, outputs, metrics);
        }
    }

    /** Undeclared reads at most this size are stored; larger ones are recorded by digest only. */
    long captureLimit() {
        String v = env.get("PROVENANT_TRACE_CAPTURE_MAX_BYTES");
        if (v == null || v.isBlank()) {
            return ExecutionRecord.DEFAULT_CAPTURE_LIMIT;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new CliException(2, "PROVENANT_TRACE_CAPTURE_MAX_BYTES must be a number of bytes, got '" + v + "'");
        }
    }

    /** The JDK running Provenant and the interpreter's installation: environment, not data. */
    static List<Path> environmentRoots(Map<String, String> environment, Path workdir) {
        List<Path> roots = new ArrayList<>();
        roots.add(Path.of(System.getProperty("java.home")));
        for (String key : List.of("python.prefix", "python.base_prefix")) {
            String v = environment.get(key);
            if (v != null && v.startsWith("/")) {
                roots.add(Path.of(v));
            }
        }
        // an installation that contains the work directory would swallow its data
        roots.removeIf(r -> workdir.startsWith(r.toAbsolutePath().normalize()));
        return roots;
    }

    private static void deleteTrace(Path traceDir) {
        if (traceDir == null) {
            return;
        }
        try (var files = Files.list(traceDir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(traceDir);
        } catch (IOException ignored) {
            // a temp directory
        }
    }

    /**
     * The run's metrics as recorded: those of {@code metrics.json} and the last value of every
     * metric series the command logged itself (the Python client attached to the run), as the
     * server shows the finished run. A replay compares these with the original's, which the server
     * shows the same way. When the read model was behind, only {@code metrics.json}'s are known.
     */
    static Map<String, Double> recordedMetrics(Map<String, Double> fromFile, JsonNode finishedRun) {
        Map<String, Double> all = new TreeMap<>();
        JsonNode shown = finishedRun == null ? null : finishedRun.get("metrics");
        if (shown != null && shown.isArray()) {
            shown.forEach(m -> all.put(m.path("name").asText(), m.path("value").asDouble()));
        }
        all.putAll(fromFile);
        return all;
    }

    private JsonNode finish(String runId, int exit, long t0, String failure, List<StoredPath> outputs) {
        return finish(runId, exit, t0, failure, outputs, Map.of());
    }

    /** The end with the outputs and metrics: one request, recorded in one transaction. */
    private JsonNode finish(
            String runId, int exit, long t0, String failure, List<StoredPath> outputs, Map<String, Double> metrics) {
        long duration = (System.nanoTime() - t0) / 1_000_000;
        JsonNode[] finished = {null};
        retryWhileUnavailable(
                runId, "the end of", () -> finished[0] = api.finish(runId, exit, duration, failure, outputs, metrics));
        return finished[0];
    }

    /**
     * Sends one recording of a finished command, again and again while the server is unreachable
     * or says it cannot record now (restarting, database away), for up to {@code
     * PROVENANT_RECORD_RETRY} (default 120 s): the command's result is kept in this process until
     * the server has it. Every recording mutation is idempotent, so a resend records nothing twice.
     */
    void retryWhileUnavailable(String runId, String what, Runnable send) {
        java.time.Duration patience = recordRetry(env);
        long deadline = System.nanoTime() + patience.toNanos();
        long backoffMillis = 250;
        boolean told = false;
        while (true) {
            try {
                send.run();
                if (told) {
                    err.println("provenant: the server is back; recorded " + what + " " + runId);
                }
                return;
            } catch (dev.provenant.recorder.client.ServerUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(
                            1,
                            e.getMessage() + "; gave up recording " + what + " " + runId + " after "
                                    + patience.toSeconds() + " s (PROVENANT_RECORD_RETRY). "
                                    + (what.equals("the start of")
                                            ? "The command was not run."
                                            : "Its outputs are in the artifact store; the server will close the run"
                                                    + " as ABANDONED when its lease runs out."),
                            e);
                }
                if (!told) {
                    told = true;
                    err.println("provenant: " + e.getMessage() + "; sending " + what + " " + runId
                            + " again until the server takes it (up to " + patience.toSeconds() + " s)");
                }
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new CliException(130, "interrupted while waiting for the server to record " + runId);
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    static java.time.Duration recordRetry(Map<String, String> env) {
        String v = env.get("PROVENANT_RECORD_RETRY");
        if (v == null || v.isBlank()) {
            return java.time.Duration.ofSeconds(120);
        }
        try {
            return v.strip().matches("\\d+")
                    ? java.time.Duration.ofSeconds(Long.parseLong(v.strip()))
                    : java.time.Duration.parse(
                            v.strip().toUpperCase(Locale.ROOT).startsWith("P") ? v.strip() : "PT" + v.strip());
        } catch (RuntimeException e) {
            throw new CliException(2, "PROVENANT_RECORD_RETRY: '" + v + "' is not a duration (e.g. 120, 90s, 5m)");
        }
    }

    /**
     * Outside a sandbox, the command runs under {@code setpriv --pdeathsig KILL} (util-linux) when
     * that is installed and the program resolves: if this process is killed outright (kill -9) the
     * command dies with it instead of running on unrecorded. (A sandboxed command has bubblewrap's
     * --die-with-parent.) A program that does not resolve is left alone, so it fails to start as
     * before, with that message.
     */
    static List<String> dieWithParent(List<String> command, Map<String, String> childEnv, Path workdir) {
        java.util.Optional<Path> setpriv = EnvironmentCapture.which("setpriv", System.getenv("PATH"));
        String program = command.get(0);
        boolean resolves = program.contains("/")
                ? Files.isExecutable(workdir.resolve(program))
                : EnvironmentCapture.which(program, childEnv.get("PATH")).isPresent();
        if (setpriv.isEmpty() || !resolves) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(setpriv.get().toString(), "--pdeathsig", "KILL", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void finishQuietly(String runId, int exit, long t0, String failure, List<StoredPath> outputs) {
        try {
            finish(runId, exit, t0, failure, outputs);
        } catch (RuntimeException e) {
            err.println("provenant: could not record the end of " + runId + ": " + e.getMessage());
        }
    }

    /**
     * Where the command's own client (the Python package) finds the server this run is recorded on:
     * {@code PROVENANT_URL} and {@code PROVENANT_TOKEN} of the server the CLI talks to, so that it
     * attaches to the run ({@code PROVENANT_RUN_ID}) there and not on some other server. Not for a
     * sandboxed command: it has no network. The token never reaches the environment fingerprint:
     * names containing TOKEN are never recorded ({@link EnvironmentCapture#isSecret}), and the
     * fingerprint is taken from this process's variables before these are added.
     */
    Map<String, String> serverVariables() {
        Map<String, String> m = new TreeMap<>();
        ProvenantClient client = api.client();
        if (client != null) {
            m.put("PROVENANT_URL", client.baseUrl());
            m.put("PROVENANT_TOKEN", client.token());
        }
        return m;
    }

    /** The variable naming the JSON file of the run's parameters ({@code {"key": "value", ...}}). */
    public static final String PARAMS_FILE_VARIABLE = "PROVENANT_PARAMS_FILE";

    static final String PARAMS_FILE_NAME = "params.json";

    /**
     * The run's parameters as one JSON object of strings, keys as given (not upper-cased), in a
     * fresh temp directory readable only by this user (and the sandbox's user); deleted when the
     * command ends. The keys and values are what {@code --param} gave, so any character survives.
     */
    static Path writeParamsFile(Map<String, String> params) {
        try {
            Path dir = Files.createTempDirectory("provenant-params-");
            Files.write(
                    dir.resolve(PARAMS_FILE_NAME),
                    dev.provenant.recorder.client.ProvenantClient.JSON.writeValueAsBytes(new TreeMap<>(params)));
            return dir;
        } catch (IOException e) {
            throw new CliException(1, "cannot write the parameters file: " + e.getMessage());
        }
    }

    /** {@code learning-rate} becomes {@code PARAM_LEARNING_RATE}. */
    public static String paramVariable(String key) {
        return "PARAM_" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    static List<Map<String, Object>> kv(Map<String, String> map) {
        List<Map<String, Object>> list = new ArrayList<>();
        new TreeMap<>(map).forEach((k, v) -> list.add(Map.of("key", k, "value", v)));
        return list;
    }

    static Map<String, String> kvToMap(JsonNode list) {
        Map<String, String> m = new TreeMap<>();
        list.forEach(e -> m.put(e.path("key").asText(), e.path("value").asText()));
        return m;
    }
}
