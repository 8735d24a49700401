package dev.provenant.cli.artifact;

import dev.provenant.artifacts.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn at most five times a second, for transfers that last
 * long enough to need one (nothing is drawn during the first half second).
 */
final class ProgressBar implements ProgressListener {

    private static final long FIRST_DRAW_NANOS = 500_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;
    private Phase lastPhase;
    private long phaseStart = start;

    private ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Enabled with --progress, or when the process has a terminal. */
    static ProgressBar create(PrintWriter err, boolean forced) {
        return new ProgressBar(err, forced || System.console() != null);
    }

    @Override
    public synchronized void update(Phase phase, long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (phase != lastPhase) {
            lastPhase = phase;
            phaseStart = now;
        }
        boolean complete = total >= 0 && done >= total;
        if (now - start < FIRST_DRAW_NANOS || (!complete && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double seconds = Math.max(1e-3, (now - phaseStart) / 1e9);
        String rate = human(done / seconds) + "/s";
        String label = switch (phase) {
            case HASH -> "hashing    ";
            case UPLOAD -> "storing    ";
            case DOWNLOAD -> "verifying  ";
        };
        String line;
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            line = String.format(
                    Locale.ROOT,
                    "%s[%s%s] %3d%% %s / %s  %s",
                    label,
                    "#".repeat(filled),
                    " ".repeat(WIDTH - filled),
                    (int) (100 * done / total),
                    human(done),
                    human(total),
                    rate);
        } else {
            line = label + human(done) + "  " + rate;
        }
        err.print("\r" + line + "   ");
        err.flush();
    }

    /** Ends the line if anything was drawn. */
    synchronized void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    static String human(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (bytes >= 1024 && u < units.length - 1) {
            bytes /= 1024;
            u++;
        }
        return u == 0
                ? String.format(Locale.ROOT, "%.0f %s", bytes, units[u])
                : String.format(Locale.ROOT, "%.1f %s", bytes, units[u]);
    }
}
