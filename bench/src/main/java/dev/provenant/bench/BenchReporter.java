package dev.provenant.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints benchmark results in the one format every suite uses. */
public final class BenchReporter {

    private final PrintStream out;

    BenchReporter(PrintStream out) {
        this.out = out;
    }

    /**
     * {@code BENCH <name> value=<v> unit=<u> baseline=<b> ratio=<value/baseline>}.
     *
     * @param name benchmark name
     * @param value measured value
     * @param unit its unit
     * @param baseline the baseline measured in the same run, same unit
     */
    public void report(String name, double value, String unit, double baseline) {
        double ratio = baseline == 0 ? (value == 0 ? 1.0 : Double.POSITIVE_INFINITY) : value / baseline;
        out.printf(
                Locale.ROOT,
                "BENCH %s value=%s unit=%s baseline=%s ratio=%.3f%n",
                name,
                fmt(value),
                unit,
                fmt(baseline),
                ratio);
        out.flush();
    }

    /** A free-form note on stderr (setup steps, sanity checks). */
    public void note(String text) {
        System.err.println("# " + text);
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
    }
}
