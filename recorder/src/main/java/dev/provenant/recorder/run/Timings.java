package dev.provenant.recorder.run;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a CLI command's time goes, phase by phase, when asked for: {@code PROVENANT_TIMINGS=1} in
 * the environment (or {@code -Dprovenant.timings=true}) prints one line per phase on stderr,
 * {@code provenant: timing <phase> <ms> ms}, the first being the JVM's start up to {@code main}.
 * Off by default, and then nothing is measured or printed. A diagnostic for people and benchmarks,
 * never parsed by the product itself.
 */
public final class Timings {

    private static final boolean ON = "1".equals(System.getenv("PROVENANT_TIMINGS"))
            || "true".equalsIgnoreCase(System.getenv("PROVENANT_TIMINGS"))
            || Boolean.getBoolean("provenant.timings");

    private static final PrintStream ERR = System.err;
    private static long last = System.nanoTime();

    private Timings() {}

    /** Whether phases are printed. */
    public static boolean on() {
        return ON;
    }

    /** The JVM's start up to now (call first thing in {@code main}) as the phase "jvm start". */
    public static void jvmStarted() {
        if (!ON) {
            return;
        }
        ProcessHandle.current().info().startInstant().ifPresent(start -> {
            long ms = Duration.between(start, Instant.now()).toMillis();
            print("jvm start", ms);
        });
        synchronized (Timings.class) {
            last = System.nanoTime();
        }
    }

    /** The time since the previous mark (or {@link #jvmStarted}) as the phase {@code phase}. */
    public static void mark(String phase) {
        if (!ON) {
            return;
        }
        long now = System.nanoTime();
        long ms;
        synchronized (Timings.class) {
            ms = (now - last) / 1_000_000;
            last = now;
        }
        print(phase, ms);
    }

    private static void print(String phase, long ms) {
        ERR.println("provenant: timing " + phase + " " + ms + " ms");
    }
}
