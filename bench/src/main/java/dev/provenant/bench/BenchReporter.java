package dev.provenant.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints benchmark results in the one format every suite uses. */
public final class BenchReporter {

    private final PrintStream out;
    private List<String> transcript;

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
        String line = String.format(
                Locale.ROOT,
                "BENCH %s value=%s unit=%s baseline=%s ratio=%.3f",
                name,
                fmt(value),
                unit,
                fmt(baseline),
                ratio);
        out.println(line);
        out.flush();
        if (transcript != null) {
            transcript.add(line);
        }
    }

    /** From now on, keeps a copy of every line reported or noted (for a paste-ready block at the end). */
    void startTranscript() {
        transcript = new ArrayList<>();
    }

    /**
     * Prints the lines kept since {@link #startTranscript()} together on stdout, between two marks,
     * without the log lines the service printed meanwhile, and stops keeping them.
     */
    void printTranscript(String title) {
        List<String> lines = transcript == null ? List.of() : transcript;
        transcript = null;
        StringBuilder b = new StringBuilder("==== " + title + " ====\n");
        lines.forEach(l -> b.append(l).append('\n'));
        b.append("==== end of ").append(title).append(" ====");
        out.println(b);
        out.flush();
    }

    /** A free-form note on stderr (setup steps, sanity checks). */
    public void note(String text) {
        System.err.println("# " + text);
        if (transcript != null) {
            transcript.add("# " + text);
        }
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
    }
}
