package dev.provenant.cli.pipeline;

import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.cli.client.ServerLocator;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.pipeline.PipelineRunner;
import dev.provenant.recorder.pipeline.PipelineSpec;
import dev.provenant.recorder.run.RunRecorder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant pipeline run <file.yaml> [--no-cache] [--parallel N]}: runs a DAG of steps,
 * recording each as a run grouped under a pipeline run; prints one line per step with its run id.
 * Exit 0 if every step succeeded or was reused, 1 otherwise. See {@link PipelineSpec} for the file.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = "Run pipelines (DAGs of recorded steps).",
        subcommands = {PipelineCommand.Run.class, CommandLine.HelpCommand.class})
public class PipelineCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code pipeline run}. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = "Run a pipeline file: parallel independent steps, retries with backoff, skip-unchanged.")
    public static class Run implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "<file.yaml>")
        Path file;

        @Option(names = "--no-cache", description = "execute every step even if an identical earlier run exists")
        boolean noCache;

        @Option(
                names = "--trace",
                description = "trace every step (as trace: true): record every file it reads; undeclared reads are"
                        + " named, stored and checked before a step is reused (needs strace)")
        boolean trace;

        @Option(names = "--parallel", defaultValue = "4", description = "steps at once (default ${DEFAULT-VALUE})")
        int parallel;

        @Option(names = "-C", paramLabel = "DIR", description = "working directory (default: the file's directory)")
        Path workdir;

        @Option(
                names = "--json",
                description = "print one JSON document on stdout (pipeline run id, each step's status, run id,"
                        + " attempts); progress and the steps' output go to stderr")
        boolean json;

        @Override
        public Integer call() {
            try {
                PipelineSpec pipeline = PipelineSpec.load(file);
                ServerLocator locator = ServerLocator.fromEnvironment();
                Path dir = (workdir != null ? workdir : file.toAbsolutePath().getParent())
                        .toAbsolutePath()
                        .normalize();
                try (ArtifactStore store = ArtifactStores.fromEnvironment(locator.home(), locator.env())) {
                    java.io.PrintStream human = json ? System.err : System.out;
                    RunRecorder recorder = new RunRecorder(store, locator.connect(), locator.env(), human, System.err);
                    PipelineRunner.Outcome o = new PipelineRunner(recorder, human, 1000, parallel)
                            .traceAll(trace)
                            .run(pipeline, dir, file, !noCache);
                    if (json) {
                        com.fasterxml.jackson.databind.node.ObjectNode doc =
                                dev.provenant.recorder.client.ProvenantClient.JSON.valueToTree(o);
                        doc.put("succeeded", o.succeeded());
                        dev.provenant.cli.client.Output.json(System.out, doc);
                    } else {
                        System.out.println(o.pipelineRunId());
                    }
                    return o.succeeded() ? 0 : 1;
                }
            } catch (CliException e) {
                System.err.println("provenant: " + e.getMessage());
                return e.exitCode();
            } catch (RuntimeException e) {
                System.err.println("provenant: " + e.getMessage());
                return 1;
            }
        }
    }
}
