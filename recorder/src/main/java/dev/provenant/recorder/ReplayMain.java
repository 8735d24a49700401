package dev.provenant.recorder;

import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.recorder.pipeline.PipelineReplayer;
import dev.provenant.recorder.run.ReplayOptions;
import dev.provenant.recorder.run.ReplayWorkdirs;
import dev.provenant.recorder.run.Replayer;
import dev.provenant.recorder.run.RunRecorder;
import dev.provenant.recorder.run.Sandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server's replay worker process: {@code ReplayMain <run-id> --result-file F [--strict-env]}
 * replays one run hermetically (always sandboxed) against {@code PROVENANT_URL} with {@code
 * PROVENANT_TOKEN}, using the artifact store that {@code PROVENANT_HOME} and {@code PROVENANT_S3_*}
 * name, and writes the replay run's id to {@code F}. The server then reads the verdict from the
 * recorded events of that run; what this prints is only for people.
 *
 * <p>Exit codes as {@code replay-run}: 0 IDENTICAL or EQUIVALENT, 3 DIFFERENT, 4 FAILED, 6 UNVERIFIED, 1
 * error, 2 usage. Server-side replays compare bit-for-bit (no tolerances).
 */
public final class ReplayMain {

    private ReplayMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String runId = null;
        Path resultFile = null;
        boolean strictEnv = false;
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            switch (a) {
                case "--strict-env" -> strictEnv = true;
                case "--result-file" -> {
                    if (i + 1 >= rest.size()) {
                        err.println("provenant: --result-file needs a path");
                        return 2;
                    }
                    resultFile = Path.of(rest.get(++i));
                }
                default -> {
                    if (a.startsWith("-") || runId != null) {
                        err.println("provenant: usage: ReplayMain <run-id> --result-file F [--strict-env]");
                        return 2;
                    }
                    runId = a;
                }
            }
        }
        String url = env.get("PROVENANT_URL");
        String token = env.get("PROVENANT_TOKEN");
        String home = env.get("PROVENANT_HOME");
        if (runId == null || resultFile == null || url == null || token == null || home == null) {
            err.println("provenant: usage: ReplayMain <run-id> --result-file F [--strict-env], with PROVENANT_URL,"
                    + " PROVENANT_TOKEN and PROVENANT_HOME set");
            return 2;
        }
        try (ArtifactStore store = ArtifactStores.fromEnvironment(Path.of(home), env)) {
            RunRecorder recorder = new RunRecorder(store, new ProvenantClient(url, token), env, out, err);
            Path workRoot =
                    Sandbox.isRoot() ? traversableTempRoot() : Path.of(home).resolve("replays");
            Replayer replayer = new Replayer(recorder, env);
            ReplayOptions options =
                    ReplayOptions.in(workRoot).strictEnv(strictEnv).hermetic(true);
            com.fasterxml.jackson.databind.JsonNode original = recorder.api().get(runId);
            if (PipelineReplayer.isPipeline(recorder.api(), original)) {
                PipelineReplayer.Outcome o = new PipelineReplayer(recorder, replayer, out).replay(runId, options);
                writeResult(resultFile, o.replayRunId());
                for (PipelineReplayer.StepReplay s : o.steps()) {
                    if (s.outcome() != null) {
                        ReplayWorkdirs.settle(s.outcome().workdir(), s.verdict(), false, out);
                    }
                }
                return o.exitCode();
            }
            Replayer.Outcome o = replayer.replay(runId, original, options);
            writeResult(resultFile, o.replayRunId());
            o.print(out);
            ReplayWorkdirs.settle(o.workdir(), o.verdict(), false, out);
            return o.exitCode();
        } catch (CliException e) {
            err.println("provenant: " + e.getMessage());
            return e.exitCode();
        } catch (IOException | RuntimeException e) {
            err.println("provenant: replay failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * A fresh directory under the system temp directory that others may traverse but not list: a
     * sandbox that drops to nobody cannot enter the (private) home.
     */
    public static Path traversableTempRoot() throws IOException {
        Path root = Files.createTempDirectory("provenant-replays-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        return root;
    }

    private static void writeResult(Path file, String replayRunId) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, replayRunId + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
