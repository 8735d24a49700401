package dev.provenant.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./bench/run trace}: what tracing costs, through the CLI jar as a user runs it. Two steps,
 * each run directly (the baseline), under {@code provenant run} and under {@code provenant run
 * --trace}: a CPU-bound Python training loop, and a step that reads 10,000 small files (the worst
 * case for a system-call tracer: one traced open per file). Also the tracer alone ({@code strace}
 * around the direct command, no Provenant) and a hermetic replay against a plain one. Every time is
 * the best of several runs; Provenant's include its JVM start.
 */
final class TraceBench {

    private static final String PYTHON = "/usr/bin/python3";

    static final String TRAIN = """
            import random
            random.seed(int(open("seed.txt").read()))
            xs = [random.random() for _ in range(2000)]
            ys = [3.0 * x + 0.5 + random.gauss(0, 0.01) for x in xs]
            w, b = 0.0, 0.0
            for epoch in range(%d):
                gw = gb = 0.0
                for x, y in zip(xs, ys):
                    e = w * x + b - y
                    gw += e * x
                    gb += e
                w -= 0.5 * gw / len(xs)
                b -= 0.5 * gb / len(xs)
            open("model.txt", "w").write("%%.6f %%.6f\\n" %% (w, b))
            """;

    static final String READ_MANY = """
            import os
            total = 0
            for name in sorted(os.listdir("files")):
                with open(os.path.join("files", name), "rb") as f:
                    total += len(f.read())
            open("count.txt", "w").write(str(total) + "\\n")
            """;

    /** A step of the suite: the run's name, its script, what it writes and what it reads. */
    private record Step(String name, String script, String output, String input) {}

    private static final List<Step> STEPS = List.of(
            new Step("cpu_step", "train.py", "model.txt", "seed.txt"),
            new Step("files10k", "read_many.py", "count.txt", "files"));

    /** The system calls {@code provenant run --trace} traces (as its tracer is started). */
    private static final String TRACED_CALLS =
            "trace=open,openat,openat2,creat,execve,execveat,chdir,fchdir,rename,renameat,renameat2";

    void run(BenchReporter out) throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new IllegalStateException(PYTHON + " is needed (Debian's python3)");
        }
        Path root = Path.of(System.getProperty("java.io.tmpdir"));
        Path jar = CliJar.locate();
        Path home = Files.createDirectories(root.resolve("home"));
        Path work = Files.createDirectories(root.resolve("work"));
        int epochs = Integer.getInteger("bench.trace.epochs", 12_000);
        writeWorkload(work, epochs);
        List<String> base = List.of("java", "-jar", jar.toString());
        exec(work, home, concat(base, "runs", "--limit", "1")); // starts the background server
        int n = Integer.getInteger("bench.trace.repeat", 3);

        out.note("steps: " + PYTHON + " train.py (" + epochs + " epochs, pure Python), " + PYTHON
                + " read_many.py (10,000 files); best of " + n + "; provenant times include the CLI's JVM start");
        String runId = null;
        for (Step step : STEPS) {
            List<String> cmd = List.of(PYTHON, step.script());
            double direct = best(n, () -> time(work, home, cmd));
            double strace = best(n, () -> time(work, home, straced(root.resolve("strace.txt"), cmd)));
            String[] ids = new String[1];
            double run = best(n, () -> {
                long t0 = System.nanoTime();
                ids[0] = last(exec(work, home, provenantRun(base, step, false, cmd)));
                return (System.nanoTime() - t0) / 1e9;
            });
            if (step.name().equals("cpu_step")) {
                runId = ids[0];
            }
            double traced = best(n, () -> time(work, home, provenantRun(base, step, true, cmd)));
            out.report("trace." + step.name() + ".strace_only", strace, "s", direct);
            out.report("trace." + step.name() + ".run", run, "s", direct);
            out.report("trace." + step.name() + ".run_trace", traced, "s", direct);
            out.report("trace." + step.name() + ".run_trace_vs_run", traced, "s", run);
        }
        if (runId != null && Files.isExecutable(Path.of("/usr/bin/bwrap"))) {
            String id = runId;
            double plain = best(2, () -> time(work, home, concat(base, "replay-run", id)));
            double sealed = best(2, () -> time(work, home, concat(base, "replay-run", "--hermetic", id)));
            out.report("trace.cpu_step.replay_hermetic", sealed, "s", plain);
            out.note("hermetic sandbox cost per step: " + String.format("%.2f", sealed - plain) + " s (goal <= 0.2 s)");
        }
    }

    /** The two scripts, the training seed and the 10,000 small files the second script reads. */
    private static void writeWorkload(Path work, int epochs) throws Exception {
        Files.writeString(work.resolve("train.py"), TRAIN.formatted(epochs));
        Files.writeString(work.resolve("read_many.py"), READ_MANY);
        Files.writeString(work.resolve("seed.txt"), "7\n");
        Path files = Files.createDirectories(work.resolve("files"));
        for (int i = 0; i < 10_000; i++) {
            Files.writeString(files.resolve(String.format("f%05d.txt", i)), Integer.toString(i));
        }
    }

    /** {@code cmd} under strace alone, tracing what {@code provenant run --trace} traces, into {@code log}. */
    private static List<String> straced(Path log, List<String> cmd) {
        return concat(
                List.of("strace", "-f", "--seccomp-bpf", "-qq", "-y", "-e", TRACED_CALLS, "-o", log.toString(), "--"),
                cmd.toArray(String[]::new));
    }

    /** {@code provenant run [--trace] --name .. --input .. --output .. -- cmd} through the CLI jar. */
    private static List<String> provenantRun(List<String> base, Step step, boolean trace, List<String> cmd) {
        List<String> args = new ArrayList<>(List.of("run"));
        if (trace) {
            args.add("--trace");
        }
        args.addAll(List.of("--name", step.name(), "--input", step.input(), "--output", step.output(), "--"));
        args.addAll(cmd);
        return concat(base, args.toArray(String[]::new));
    }

    interface Timed {
        double get() throws Exception;
    }

    private static double best(int n, Timed t) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            best = Math.min(best, t.get());
        }
        return best;
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }

    private static double time(Path dir, Path home, List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        exec(dir, home, cmd);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String exec(Path dir, Path home, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PROVENANT_HOME", home.toString());
        pb.environment().put("PROVENANT_IDLE_TIMEOUT", "60s");
        pb.environment().remove("PROVENANT_URL");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + exit + ":\n" + output);
        }
        return output;
    }

    private static String last(String output) {
        List<String> lines = output.lines().filter(l -> l.startsWith("run:")).toList();
        return lines.get(lines.size() - 1).trim();
    }
}
