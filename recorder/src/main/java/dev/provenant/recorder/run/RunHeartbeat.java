package dev.provenant.recorder.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.recorder.client.CliException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews a run's lease while its command runs (the recorder's heartbeat), every third of the lease
 * the server grants and at most every {@link #MAX_INTERVAL}. A missed renewal is retried on the next
 * beat and reported once; if the server closed the run as ABANDONED meanwhile (it heard nothing for
 * a whole lease), that is said once: the run's end is still recorded when the command finishes.
 *
 * <p>{@code try (RunHeartbeat beat = RunHeartbeat.start(api, runId, err)) { … }}
 */
public final class RunHeartbeat implements AutoCloseable {

    static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

    private final RunApi api;
    private final String runId;
    private final PrintStream err;
    private final ScheduledExecutorService executor;
    private volatile long intervalMillis;
    private boolean failureReported;
    private boolean abandonedReported;

    private RunHeartbeat(RunApi api, String runId, PrintStream err, Duration first) {
        this.api = api;
        this.runId = runId;
        this.err = err;
        this.intervalMillis = first.toMillis();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "provenant-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The first beat's delay after the start: the start takes the lease, and a lease is at least a
     * second long ({@code provenant.runs.lease}), so this renews it in time whatever its length,
     * while a command that ends sooner costs no request (the first beat learns the lease's length).
     */
    static final Duration FIRST_BEAT = Duration.ofMillis(300);

    /** Starts beating for {@code runId}; the first beat goes out after {@link #FIRST_BEAT}. */
    public static RunHeartbeat start(RunApi api, String runId, PrintStream err) {
        RunHeartbeat beat = new RunHeartbeat(api, runId, err, MAX_INTERVAL);
        beat.executor.schedule(beat::beat, FIRST_BEAT.toMillis(), TimeUnit.MILLISECONDS);
        return beat;
    }

    private void beat() {
        try {
            JsonNode lease = api.renewLease(runId);
            long seconds = lease.path("leaseSeconds").asLong(0);
            if (seconds > 0) {
                intervalMillis = intervalFor(Duration.ofSeconds(seconds)).toMillis();
            }
            if ("ABANDONED".equals(lease.path("status").asText()) && !abandonedReported) {
                abandonedReported = true;
                err.println("provenant: note: the server closed " + runId + " as ABANDONED (it heard nothing from"
                        + " this recorder for a whole lease); its end will still be recorded");
            }
            failureReported = false;
        } catch (CliException | IllegalStateException e) {
            if (!failureReported) {
                failureReported = true;
                err.println(
                        "provenant: note: cannot renew the lease of " + runId + " (" + e.getMessage() + "); retrying");
            }
        } finally {
            if (!executor.isShutdown()) {
                try {
                    executor.schedule(this::beat, intervalMillis, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // closed meanwhile
                }
            }
        }
    }

    /** A third of the lease, at least 200 ms and at most {@link #MAX_INTERVAL}. */
    static Duration intervalFor(Duration lease) {
        long third = lease.toMillis() / 3;
        return Duration.ofMillis(Math.max(200, Math.min(third, MAX_INTERVAL.toMillis())));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
