package dev.provenant.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code ./bench/run <suite>}. A suite prints {@code BENCH <name> value=<v>
 * unit=<u> baseline=<b> ratio=<r>} lines, each baseline measured in the same run. Add a suite by
 * adding one line to {@link #SUITES}.
 */
public final class BenchMain {

    /** A benchmark suite. */
    @FunctionalInterface
    public interface Suite {
        /** Runs every benchmark of the suite, reporting through {@code out}. */
        void run(BenchReporter out) throws Exception;
    }

    private static final Map<String, Suite> SUITES = new LinkedHashMap<>();

    static {
        SUITES.put("artifacts", new ArtifactsBench()::run);
        SUITES.put("openlineage", new OpenLineageBench()::run);
        SUITES.put("replay", new ReplayBench()::run);
        SUITES.put("lineage", new LineageBench()::run);
        SUITES.put("ledger", new LedgerBench()::run);
        SUITES.put("faults", new FaultsBench()::run);
        SUITES.put("sdk", new SdkBench()::run);
        SUITES.put("trace", new TraceBench()::run);
        SUITES.put("scaleout", new ScaleoutBench()::run);
        SUITES.put("ui", new UiBench()::run);
        SUITES.put("rebuild", new RebuildBench()::run);
        SUITES.put("cli", new CliBench()::run);
        SUITES.put("graphql", new GraphQlBench()::run);
    }

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !SUITES.containsKey(args[0])) {
            System.err.println("usage: bench/run <suite>; suites: " + String.join(", ", SUITES.keySet()));
            System.exit(2);
        }
        SUITES.get(args[0]).run(new BenchReporter(System.out));
        System.exit(0);
    }
}
