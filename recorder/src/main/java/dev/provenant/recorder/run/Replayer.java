package dev.provenant.recorder.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.MaterializeArgs;
import dev.provenant.recorder.client.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Replays a recorded run: materializes its code snapshot and inputs into a fresh working directory
 * (verifying every digest; paths escaping that directory are refused), compares the environment
 * with the recorded one, re-executes the command with the same parameters as a new run linked by
 * replay-of, and compares every output with the original's.
 */
public final class Replayer {

    public static final int EXIT_IDENTICAL = 0;
    public static final int EXIT_DIFFERENT = 3;
    public static final int EXIT_FAILED = 4;
    public static final int EXIT_UNVERIFIED = 6;

    /** The exit code scripts rely on: 0 IDENTICAL or EQUIVALENT, 3 DIFFERENT, 4 FAILED, 6 UNVERIFIED. */
    public static int exitCodeOf(String verdict) {
        return switch (verdict) {
            case "IDENTICAL", "EQUIVALENT" -> EXIT_IDENTICAL;
            case "DIFFERENT" -> EXIT_DIFFERENT;
            case "UNVERIFIED" -> EXIT_UNVERIFIED;
            default -> EXIT_FAILED;
        };
    }

    /** One output that differs. */
    public record Difference(
            String name,
            String originalDigest,
            long originalSize,
            String replayDigest,
            long replaySize,
            String detail) {}

    /** The verdict of one replay. */
    public record Outcome(
            String originalRunId,
            String replayRunId,
            String verdict,
            List<Difference> differences,
            List<String> drift,
            Path workdir) {
        public int exitCode() {
            return exitCodeOf(verdict);
        }

        /** Prints the verdict the way scripts and people read it. */
        public void print(java.io.PrintStream out) {
            out.println("replay of " + originalRunId + " as " + replayRunId + " in " + workdir);
            if (!drift.isEmpty()) {
                out.println("environment drift:");
                drift.forEach(d -> out.println("  " + d));
            }
            out.println("verdict: " + verdict);
            for (Difference d : differences) {
                out.println("  " + d.name() + ": " + d.originalDigest() + " (" + d.originalSize() + " bytes) → "
                        + (d.replayDigest() == null
                                ? "missing"
                                : d.replayDigest() + " (" + d.replaySize() + " bytes)"));
                if (d.detail() != null) {
                    d.detail().lines().forEach(l -> out.println("      " + l));
                }
            }
        }
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
        boolean strictEnv = options.strictEnv();
        Path workRoot = options.workRoot();
        if (options.hermetic()) {
            recorder.sandboxed(Sandbox.require());
        }
        RunApi api = recorder.api();
        JsonNode original = api.get(runId);
        if (original.path("status").asText().equals("RUNNING")) {
            throw new CliException(1, "run '" + runId + "' has not finished; replay it once it has");
        }
        List<String> command = new ArrayList<>();
        original.path("command").forEach(c -> command.add(c.asText()));
        if (command.isEmpty()) {
            throw new CliException(1, "run '" + runId + "' recorded no command to replay");
        }
        Path workdir =
                workRoot.resolve("replay-" + UUID.randomUUID()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(workRoot);
        } catch (IOException e) {
            throw new CliException(1, "cannot create " + workRoot + ": " + e.getMessage());
        }
        JsonNode code = original.path("code");
        if (code.isObject()) {
            recorder.store()
                    .materializeTree(MaterializeArgs.builder()
                            .digest(Digest.parse(code.path("snapshotDigest").asText()))
                            .target(workdir)
                            .build());
        } else {
            try {
                Files.createDirectories(workdir);
            } catch (IOException e) {
                throw new CliException(1, "cannot create " + workdir + ": " + e.getMessage());
            }
        }
        List<String> inputNames = new ArrayList<>();
        List<StoredPath> knownInputs = new ArrayList<>();
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
            MaterializeArgs args =
                    MaterializeArgs.builder().digest(digest).target(target).build();
            if (recorder.store().findManifest(digest).isPresent()) {
                recorder.store().materializeTree(args);
            } else {
                recorder.store().materialize(args);
            }
            inputNames.add(name);
            knownInputs.add(new StoredPath(name, digest.toString(), size, "FILE"));
        }
        Map<String, String> recordedEnv =
                RunRecorder.kvToMap(original.path("environment").path("properties"));
        Map<String, String> currentEnv = EnvironmentCapture.capture(workdir, env);
        List<String> drift = drift(recordedEnv, currentEnv);
        Map<String, String> params = RunRecorder.kvToMap(original.path("parameters"));
        Map<String, JsonNode> originalOutputs = new LinkedHashMap<>();
        original.path("outputs").forEach(o -> {
            if (!"LOG".equals(o.path("kind").asText())) {
                originalOutputs.put(o.path("name").asText(), o);
            }
        });
        StepSpec spec = new StepSpec(
                original.path("name").asText(),
                workdir,
                command,
                inputNames,
                new ArrayList<>(originalOutputs.keySet()),
                params,
                List.of(),
                options.pipelineRunId(),
                original.path("stepName").isNull()
                        ? null
                        : original.path("stepName").asText(null),
                original.path("id").asText(),
                null,
                List.of());
        CodeCapture.Captured knownCode = code.isObject()
                ? new CodeCapture.Captured(
                        code.path("repository").asText(null),
                        code.path("commit").asText(null),
                        code.path("branch").asText(null),
                        code.path("dirty").asBoolean(false),
                        code.path("snapshotDigest").asText(),
                        -1)
                : null;
        RunRecorder.Prepared prepared = recorder.prepare(spec, knownInputs, knownCode);
        String replayId = recorder.start(prepared);
        if (strictEnv && !drift.isEmpty()) {
            api.finish(replayId, 4, 0, "environment drift with --strict-env: " + String.join("; ", drift));
            api.verdict(replayId, "FAILED", List.of(), drift);
            return new Outcome(runId, replayId, "FAILED", List.of(), drift, workdir);
        }
        RunRecorder.Result result = recorder.execute(prepared, replayId);
        if (result.exitCode() != 0) {
            api.verdict(replayId, "FAILED", List.of(), drift);
            return new Outcome(runId, replayId, "FAILED", List.of(), drift, workdir);
        }
        List<Difference> differences = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : originalOutputs.entrySet()) {
            String oldDigest = e.getValue().path("digest").asText();
            long oldSize = e.getValue().path("sizeBytes").asLong();
            StoredPath now = result.outputs().get(e.getKey());
            if (now == null) {
                differences.add(new Difference(e.getKey(), oldDigest, oldSize, null, 0, "missing in the replay"));
            } else if (!now.digest().equals(oldDigest)) {
                differences.add(new Difference(
                        e.getKey(),
                        oldDigest,
                        oldSize,
                        now.digest(),
                        now.sizeBytes(),
                        textDiff(Digest.parse(oldDigest), workdir.resolve(e.getKey()))));
            }
        }
        String verdict = differences.isEmpty() ? "IDENTICAL" : "DIFFERENT";
        List<Map<String, Object>> diffs = new ArrayList<>();
        for (Difference d : differences) {
            Map<String, Object> m = new HashMap<>();
            m.put("name", d.name());
            m.put("originalDigest", d.originalDigest());
            m.put("originalSize", d.originalSize());
            m.put("replayDigest", d.replayDigest());
            m.put("replaySize", d.replaySize());
            m.put("detail", d.detail());
            diffs.add(m);
        }
        api.verdict(replayId, verdict, diffs, drift);
        return new Outcome(runId, replayId, verdict, differences, drift, workdir);
    }

    static List<String> drift(Map<String, String> recorded, Map<String, String> current) {
        List<String> drift = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(current.keySet());
        for (String k : keys) {
            if (!Objects.equals(recorded.get(k), current.get(k))) {
                drift.add(k + ": " + show(recorded.get(k)) + " → " + show(current.get(k)));
            }
        }
        return drift;
    }

    private static String show(String v) {
        return v == null ? "(absent)" : v;
    }

    /** For small text files, the first differing lines; null for binary or large files. */
    String textDiff(Digest original, Path replayed) {
        try {
            if (!Files.isRegularFile(replayed) || Files.size(replayed) > 1 << 20) {
                return null;
            }
            byte[] now = Files.readAllBytes(replayed);
            byte[] then;
            try (InputStream in = recorder.store().get(original)) {
                then = in.readNBytes((1 << 20) + 1);
            }
            if (then.length > 1 << 20 || binary(now) || binary(then)) {
                return null;
            }
            String[] a = new String(then, StandardCharsets.UTF_8).split("\n", -1);
            String[] b = new String(now, StandardCharsets.UTF_8).split("\n", -1);
            StringBuilder sb = new StringBuilder();
            int shown = 0;
            for (int i = 0; i < Math.max(a.length, b.length) && shown < 5; i++) {
                String x = i < a.length ? a[i] : null;
                String y = i < b.length ? b[i] : null;
                if (!Objects.equals(x, y)) {
                    sb.append("line ").append(i + 1).append(":\n");
                    if (x != null) {
                        sb.append("  - ").append(truncate(x)).append('\n');
                    }
                    if (y != null) {
                        sb.append("  + ").append(truncate(y)).append('\n');
                    }
                    shown++;
                }
            }
            return sb.length() == 0 ? null : sb.toString().stripTrailing();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static boolean binary(byte[] b) {
        for (int i = 0; i < Math.min(b.length, 8192); i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
