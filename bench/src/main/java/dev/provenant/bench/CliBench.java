package dev.provenant.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./bench/run cli}: what recording costs a user per step, through the CLI jar as a user runs
 * it (a local server started in the background once, before any timing).
 *
 * <ul>
 *   <li>{@code cli.run_python_step}: {@code provenant run -- python3 train.py} (a 1.0–1.5 s
 *       pure-Python step with one input, one output and a metrics file) vs the same script run
 *       directly, best of 3 each; goal ≤ direct + 0.5 s;
 *   <li>{@code cli.run_overhead_per_step}: the difference, s (baseline 0.5 s: the goal);
 *   <li>{@code cli.pipeline20_cached}: a 20-step pipeline run again, all cache hits, vs its first,
 *       executing run (steps of 0.3 s of Python each); goal ratio ≤ 0.3.
 * </ul>
 */
final class CliBench {

    private static final String TRAIN = """
            import json, sys, time
            t0 = time.time()
            data = open('data.csv').read().split(',')
            w = 0.0
            n = 0
            while time.time() - t0 < %s:
                for x in data:
                    w += 1e-9 * float(x)
                n += 1
            open('model.txt', 'w').write(str(w))
            json.dump({'loss': 1.0 / (n + 1), 'epochs': n}, open('metrics.json', 'w'))
            """;

    void run(BenchReporter out) throws Exception {
        Path root = Path.of(System.getProperty("java.io.tmpdir"));
        Path jar = CliJar.locate();
        Path home = Files.createDirectories(root.resolve("home"));
        Path work = Files.createDirectories(root.resolve("work"));
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            csv.append(i == 0 ? "" : ",").append(i);
        }
        Files.writeString(work.resolve("data.csv"), csv);
        Files.writeString(work.resolve("train.py"), TRAIN.formatted("1.2"));
        List<String> base = ReplayBench.launcher(jar);
        List<String> fat = List.of("java", "-jar", jar.toString());
        out.note("launcher: " + String.join(" ", base));
        // warm up: the background server starts once (not part of any figure), and one recorded run
        ReplayBench.cli(base, home, work, "runs", "--limit", "1");
        step(base, home, work, 0);
        step(fat, home, work, 0);

        // the JVM's start and the command line alone: no server, no recording
        double startLayout = ReplayBench.best(3, () -> ReplayBench.time(work, home, concat(base, "run", "--help")));
        double startFat = ReplayBench.best(3, () -> ReplayBench.time(work, home, concat(fat, "run", "--help")));
        out.report("cli.start_run_help", startLayout, "s", startFat);

        runStep(out, base, fat, home, work);
        cachedPipeline(out, base, home, Files.createDirectories(root.resolve("pipeline")));
    }

    /** {@code provenant run} of a Python step (launcher and fat jar, interleaved) against the step alone. */
    private static void runStep(BenchReporter out, List<String> base, List<String> fat, Path home, Path work)
            throws Exception {
        double direct = ReplayBench.best(3, () -> ReplayBench.time(work, home, List.of("python3", "train.py")));
        double[] run = {Double.MAX_VALUE};
        double[] runFat = {Double.MAX_VALUE};
        for (int i = 1; i <= 3; i++) { // interleaved, so that both see the same load
            long t0 = System.nanoTime();
            step(base, home, work, i);
            run[0] = Math.min(run[0], (System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            step(fat, home, work, 10 + i);
            runFat[0] = Math.min(runFat[0], (System.nanoTime() - t1) / 1e9);
        }
        out.note("step: python3 train.py (1.2 s loop), --input data.csv --output model.txt, metrics.json;"
                + " times include the CLI's JVM start; best of 3");
        out.report("cli.run_python_step", run[0], "s", direct);
        out.report("cli.run_overhead_per_step", run[0] - direct, "s", 0.5);
        out.report("cli.run_overhead_per_step_fat_jar", runFat[0] - direct, "s", 0.5);
    }

    /** A 20-step chained pipeline run twice: the second run reuses every step (cache hits). */
    private static void cachedPipeline(BenchReporter out, List<String> base, Path home, Path pipe) throws Exception {
        writeChain20(pipe);
        long p0 = System.nanoTime();
        ReplayBench.cli(base, home, pipe, "pipeline", "run", "pipeline.yaml");
        double first = (System.nanoTime() - p0) / 1e9;
        long p1 = System.nanoTime();
        String cached = ReplayBench.cli(base, home, pipe, "pipeline", "run", "pipeline.yaml");
        double hit = (System.nanoTime() - p1) / 1e9;
        long hits = cached.lines().filter(l -> l.contains("CACHED")).count();
        if (hits != 20) {
            throw new IllegalStateException("expected 20 cache hits, got " + hits + ":\n" + cached);
        }
        out.note("pipeline: 20 chained Python steps of 0.3 s; first run executes them, the second reuses all");
        out.report("cli.pipeline20_cached", hit, "s", first);
    }

    /** step{i} (0.3 s of Python) reads s{i-1}.txt and writes s{i}.txt, for i = 1..20. */
    private static void writeChain20(Path pipe) throws Exception {
        Files.writeString(pipe.resolve("s0.txt"), "seed\n");
        Files.writeString(pipe.resolve("step.py"), """
                import sys, time
                i = int(sys.argv[1])
                t0 = time.time()
                x = 0
                while time.time() - t0 < 0.3:
                    x += 1
                open('s%d.txt' % i, 'w').write(open('s%d.txt' % (i - 1)).read() + str(i) + '\\n')
                """);
        StringBuilder yaml = new StringBuilder("name: chain20\nsteps:\n");
        for (int i = 1; i <= 20; i++) {
            yaml.append("  - name: step")
                    .append(i)
                    .append('\n')
                    .append("    command: [python3, step.py, \"")
                    .append(i)
                    .append("\"]\n")
                    .append("    inputs: [step.py, s")
                    .append(i - 1)
                    .append(".txt]\n")
                    .append("    outputs: [s")
                    .append(i)
                    .append(".txt]\n");
        }
        Files.writeString(pipe.resolve("pipeline.yaml"), yaml.toString());
    }

    private static List<String> concat(List<String> base, String... args) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(args));
        return all;
    }

    private static void step(List<String> base, Path home, Path work, int i) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--name",
                "train" + i,
                "--input",
                "data.csv",
                "--output",
                "model.txt",
                "--",
                "python3",
                "train.py"));
        ReplayBench.cli(base, home, work, args.toArray(String[]::new));
    }
}
