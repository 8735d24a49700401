package dev.provenant.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.cli.client.ServerLocator;
import dev.provenant.cli.run.ReplayRunCommand;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.recorder.pipeline.PipelineRunner;
import dev.provenant.recorder.pipeline.PipelineSpec;
import dev.provenant.recorder.run.Replayer;
import dev.provenant.recorder.run.RunRecorder;
import dev.provenant.recorder.run.StepSpec;
import dev.provenant.recorder.run.StoredPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code provenant demo}: the example ML pipeline end to end on the embedded default, told as a
 * story. Ingest → prepare → train → evaluate (Java single-file programs, no network), recorded as
 * a pipeline; the dataset and the model are registered; the pipeline is run again and every step
 * is reused (skip-unchanged); the training run is replayed (IDENTICAL); an unseeded variant is
 * trained and replayed (DIFFERENT); then the model's lineage, a run diff and its history. Exit 0
 * when every verdict is the expected one.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the example ML pipeline end to end and show what Provenant records.")
public class DemoCommand implements Callable<Integer> {

    static final List<String> FILES = List.of(
            "pipeline.yaml", "steps/Ingest.java", "steps/Prepare.java", "steps/Train.java", "steps/Evaluate.java");

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "where the demo project is written (default PROVENANT_HOME/demo)")
    Path dir;

    private PrintStream out = System.out;
    private int chapter;

    @Override
    public Integer call() {
        try {
            ServerLocator locator = ServerLocator.fromEnvironment();
            Path project = (dir == null ? locator.home().resolve("demo") : dir)
                    .toAbsolutePath()
                    .normalize();
            writeProject(project);
            ProvenantClient client = locator.connect();
            try (ArtifactStore store = ArtifactStores.fromEnvironment(locator.home(), locator.env())) {
                return story(locator, client, store, project);
            }
        } catch (CliException e) {
            System.err.println("provenant: demo failed: " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException e) {
            System.err.println("provenant: demo failed: " + e);
            return 1;
        }
    }

    /** The demo, chapter by chapter; 0 when every verdict was as expected. */
    private int story(ServerLocator locator, ProvenantClient client, ArtifactStore store, Path project) {
        RunRecorder recorder = new RunRecorder(store, client, locator.env(), new IndentingStream(out), System.err);
        introduce(client, store, project);
        PipelineSpec pipeline = PipelineSpec.load(project.resolve("pipeline.yaml"));
        PipelineRunner runner = new PipelineRunner(recorder, out, 500, 2);
        PipelineRunner.Outcome first = runPipeline(runner, pipeline, project);
        String trainRun = runOf(first, "train");
        String modelId = register(client, store, project, trainRun, runOf(first, "evaluate"));
        boolean ok = rerunFromCache(runner, pipeline, project);
        Replayer replayer = new Replayer(recorder, locator.env());
        Path replays = locator.home().resolve("replays");
        ok &= replayTraining(replayer, trainRun, replays);
        String variantRun = recordUnseededVariant(recorder, project);
        ok &= replayUnseededVariant(replayer, variantRun, replays);
        restoreModel(store, project, trainRun, recorder);
        showLineage(client, modelId);
        showDiff(client, trainRun, variantRun);
        showHistory(client, modelId);
        conclude(ok, locator, client, modelId, trainRun, variantRun);
        return ok ? 0 : 1;
    }

    private void introduce(ProvenantClient client, ArtifactStore store, Path project) {
        say("Provenant demo: a churn model, from raw data to a registered model, and proof of where it came from");
        out.println("   project   " + project);
        out.println("   server    " + client.baseUrl() + "   (GraphiQL: " + client.baseUrl() + "/graphiql)");
        out.println("   artifacts " + store.location());
    }

    private PipelineRunner.Outcome runPipeline(PipelineRunner runner, PipelineSpec pipeline, Path project) {
        say("Run the pipeline (ingest → prepare → train → evaluate). Every input and output is hashed and stored");
        out.println("   once, and every step becomes an immutable run with its code, environment and parameters.");
        PipelineRunner.Outcome first = runner.run(pipeline, project, project.resolve("pipeline.yaml"), true);
        if (!first.succeeded()) {
            throw new CliException(1, "the demo pipeline failed; see the step output above");
        }
        boolean reused = first.steps().stream().allMatch(s -> s.status() == PipelineRunner.Status.CACHED);
        if (reused) {
            out.println("   (every step was reused from an earlier demo on this PROVENANT_HOME)");
        }
        return first;
    }

    /**
     * Registers the raw data as a dataset version and the trained model as a model version, and
     * moves it to STAGING with the evaluation's accuracy; returns the model version's id.
     */
    private String register(
            ProvenantClient client, ArtifactStore store, Path project, String trainRun, String evaluateRun) {
        say("Register what we made: the raw data as a dataset version, the model as a model version.");
        StoredPath data = StoredPath.store(store, project, "data/customers.csv", "FILE");
        JsonNode ds = mutation(
                client,
                "demo-register-dataset",
                "registerDatasetVersion",
                Map.of(
                        "name",
                        "customers",
                        "version",
                        "v1",
                        "contentDigest",
                        data.digest(),
                        "sizeBytes",
                        data.sizeBytes(),
                        "sourceUri",
                        "demo://steps/Ingest.java",
                        "description",
                        "synthetic churn table, seed 7"));
        out.println("   " + ds.path("datasetVersion").path("id").asText() + " = " + data.digest());
        String modelVersion = Integer.toString(nextModelVersion(client));
        JsonNode mv = mutation(
                client,
                "demo-register-model",
                "registerModelVersion",
                Map.of(
                        "name",
                        "churn",
                        "version",
                        modelVersion,
                        "runId",
                        trainRun,
                        "outputName",
                        "model/model.txt",
                        "description",
                        "logistic regression"));
        String modelId = mv.path("modelVersion").path("id").asText();
        out.println(
                "   " + modelId + " = " + mv.path("modelVersion").path("digest").asText() + " (from " + trainRun + ")");
        double accuracy = metric(client, evaluateRun, "accuracy");
        mutation(
                client,
                "demo-transition-stage",
                "transitionModelStage",
                Map.of(
                        "id",
                        modelId,
                        "to",
                        "STAGING",
                        "reason",
                        String.format(java.util.Locale.ROOT, "held-out accuracy %.3f", accuracy)));
        out.printf(java.util.Locale.ROOT, "   %s moved to STAGING (held-out accuracy %.3f)%n", modelId, accuracy);

        return modelId;
    }

    /** Runs the pipeline again: every step must be a cache hit. */
    private boolean rerunFromCache(PipelineRunner runner, PipelineSpec pipeline, Path project) {
        say(
                "Run the pipeline again. Nothing changed, so no step executes: each is a cache hit linked to its original.");
        PipelineRunner.Outcome second = runner.run(pipeline, project, project.resolve("pipeline.yaml"), true);
        boolean allCached = second.steps().stream().allMatch(s -> s.status() == PipelineRunner.Status.CACHED);
        return expect(allCached, "every step reused");
    }

    private boolean replayTraining(Replayer replayer, String trainRun, Path replays) {
        say("Replay the training run: fresh directory, code and inputs rematerialized from the store (every");
        out.println("   digest verified), same command and parameters, outputs and metrics compared bit for bit.");
        Replayer.Outcome same = replayer.replay(trainRun, false, replays);
        ReplayRunCommand.print(same, new IndentingStream(out));
        return expect(same.verdict().equals("IDENTICAL"), "verdict IDENTICAL");
    }

    /** Records the training step with its shuffle seeded from the clock; returns its run id. */
    private String recordUnseededVariant(RunRecorder recorder, Path project) {
        say("Now a careless variant: the same training step with its shuffle seeded from the clock. Record it,");
        out.println("   then replay it: Provenant shows that it cannot be reproduced, and where it differs.");
        StepSpec unseeded = new StepSpec(
                "train-unseeded",
                project,
                List.of("java", "steps/Train.java"),
                List.of("data/train.csv"),
                List.of("model/model.txt"),
                Map.of("seed", "clock", "epochs", "30", "learning-rate", "0.1"),
                List.of(),
                null,
                null,
                null,
                null,
                List.of("data", "reports", "metrics.json"));
        return recorder.record(unseeded).runId();
    }

    private boolean replayUnseededVariant(Replayer replayer, String variantRun, Path replays) {
        Replayer.Outcome different = replayer.replay(variantRun, false, replays);
        ReplayRunCommand.print(different, new IndentingStream(out));
        return expect(different.verdict().equals("DIFFERENT"), "verdict DIFFERENT");
    }

    private void showLineage(ProvenantClient client, String modelId) {
        say("Where did " + modelId + " come from? (provenant lineage " + modelId + " --depth 6)");
        JsonNode g = client.query(GraphQlDocuments.load("demo-lineage"), Map.of("n", modelId))
                .path("lineage");
        for (JsonNode n : g.path("nodes")) {
            out.printf(
                    "   %s%-14s %s%s%n",
                    "  ".repeat(n.path("distance").asInt()),
                    n.path("kind").asText(),
                    shortId(n.path("id").asText()),
                    n.path("label").isNull() ? "" : "  " + n.path("label").asText());
        }
    }

    private void showDiff(ProvenantClient client, String trainRun, String variantRun) {
        say("What differs between the seeded and the unseeded training runs? (provenant diff)");
        JsonNode d = client.query(GraphQlDocuments.load("demo-diff"), Map.of("a", trainRun, "b", variantRun))
                .path("diffRuns");
        for (String section : List.of("parameters", "outputs", "metrics")) {
            for (JsonNode c : d.path(section)) {
                out.printf(
                        "   %-10s %-16s %s → %s%n",
                        section,
                        c.path("key").asText(),
                        shortId(c.path("a").asText()),
                        shortId(c.path("b").asText()));
            }
        }
    }

    private void showHistory(ProvenantClient client, String modelId) {
        say("Who did what, and when? (provenant history " + modelId + ")");
        JsonNode h = client.query(GraphQlDocuments.load("demo-history"), Map.of("n", modelId))
                .path("history");
        for (JsonNode e : h.path("events")) {
            out.printf(
                    "   #%-5d %s  %-6s %s%n",
                    e.path("position").asLong(),
                    e.path("timestamp").asText(),
                    e.path("principal").asText(),
                    e.path("eventType").asText().replaceAll(".*\\.", ""));
        }
    }

    private void conclude(
            boolean ok,
            ServerLocator locator,
            ProvenantClient client,
            String modelId,
            String trainRun,
            String variantRun) {
        say(ok ? "Done: every verdict as expected." : "Something did not go as expected (see above).");
        out.println("   Explore: ./provenant lineage " + modelId + " --depth 6");
        out.println("            ./provenant replay-run " + trainRun);
        out.println("            ./provenant diff " + trainRun + " " + variantRun);
        out.println("            " + client.baseUrl() + "/?node=" + modelId + "&depth=6   (the lineage as a graph)");
        out.println("            " + client.baseUrl() + "/graphiql (token in "
                + locator.home().resolve("admin.token") + ")");
    }

    /** Puts the seeded model back in the project, so the project matches the registered model. */
    private static void restoreModel(ArtifactStore store, Path project, String trainRun, RunRecorder recorder) {
        JsonNode run = recorder.api().get(trainRun);
        for (JsonNode o : run.path("outputs")) {
            if (o.path("name").asText().equals("model/model.txt")) {
                store.materialize(dev.provenant.artifacts.MaterializeArgs.builder()
                        .digest(dev.provenant.artifacts.Digest.parse(
                                o.path("digest").asText()))
                        .target(project.resolve("model/model.txt"))
                        .overwrite(true)
                        .build());
            }
        }
    }

    private boolean expect(boolean condition, String what) {
        out.println(condition ? "   ✓ " + what : "   ✗ expected: " + what);
        return condition;
    }

    private void say(String text) {
        out.println();
        out.println(++chapter + ". " + text);
    }

    private static String runOf(PipelineRunner.Outcome o, String step) {
        return o.steps().stream()
                .filter(s -> s.step().equals(step))
                .findFirst()
                .map(PipelineRunner.StepOutcome::runId)
                .orElseThrow(() -> new CliException(1, "no run for step " + step));
    }

    private static String shortId(String id) {
        return id.startsWith("sha256:") && id.length() > 19 ? id.substring(0, 19) + "…" : id;
    }

    private static JsonNode mutation(ProvenantClient client, String document, String field, Map<String, Object> input) {
        JsonNode p = client.query(GraphQlDocuments.load(document), Map.of("input", input))
                .path(field);
        if (p.path("errors").size() > 0) {
            throw new CliException(
                    1, field + ": " + p.path("errors").get(0).path("message").asText());
        }
        return p;
    }

    private static int nextModelVersion(ProvenantClient client) {
        JsonNode edges = client.query(GraphQlDocuments.load("demo-model-versions"), Map.of("name", "churn"))
                .path("modelVersions")
                .path("edges");
        int max = 0;
        for (JsonNode e : edges) {
            try {
                max = Math.max(
                        max, Integer.parseInt(e.path("node").path("version").asText()));
            } catch (NumberFormatException ignored) {
                // a non-numeric version someone else registered
            }
        }
        return max + 1;
    }

    private static double metric(ProvenantClient client, String runId, String name) {
        for (JsonNode m : client.query(GraphQlDocuments.load("demo-run-metrics"), Map.of("id", runId))
                .path("run")
                .path("metrics")) {
            if (m.path("name").asText().equals(name)) {
                return m.path("value").asDouble();
            }
        }
        // a cache hit carries no metrics of its own: ask the run it reused
        String original = client.query(GraphQlDocuments.load("demo-run-metrics"), Map.of("id", runId))
                .path("run")
                .path("cacheHitOf")
                .asText(null);
        return original == null ? Double.NaN : metric(client, original, name);
    }

    static void writeProject(Path project) {
        try {
            for (String f : FILES) {
                Path target = project.resolve(f);
                Files.createDirectories(target.getParent());
                try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + f)) {
                    if (in == null) {
                        throw new CliException(1, "demo resource " + f + " missing from the CLI jar");
                    }
                    Files.write(target, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new CliException(1, "cannot write the demo project to " + project + ": " + e.getMessage());
        }
    }

    /** Indents a step's live output under the story. */
    static final class IndentingStream extends PrintStream {
        private boolean lineStart = true;
        private final PrintStream target;

        IndentingStream(PrintStream target) {
            super(target, true);
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            if (lineStart) {
                target.print("      ");
            }
            target.write(b);
            lineStart = b == '\n';
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(buf[i]);
            }
        }
    }
}
