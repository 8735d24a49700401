package dev.provenant.api.graphql;

import dev.provenant.lineage.config.ProjectionCommits;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Read-your-writes for a mutation: projections are updated asynchronously by streaming event
 * processors, so after a command returns the mutation checks the read model for the row it caused,
 * waking on each projection commit ({@link ProjectionCommits}) rather than on a timer (bounded).
 */
final class ReadModelWait {

    static final Duration DEFAULT_BOUND = Duration.ofSeconds(10);

    private ReadModelWait() {}

    /**
     * Checks, and after each miss waits for the next projection commit in this JVM (at most
     * {@link #MAX_SLEEP_MS}: a processor on another instance may apply the event), until found or
     * {@code bound}.
     */
    static <T> Optional<T> until(Supplier<Optional<T>> probe, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            long seen = ProjectionCommits.current();
            Optional<T> v = probe.get();
            if (v.isPresent() || System.nanoTime() > deadline) {
                return v;
            }
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
            if (!ProjectionCommits.awaitAfter(seen, Math.min(MAX_SLEEP_MS, left))) {
                return Optional.empty(); // interrupted
            }
        }
    }

    /** Longest wait between two checks when no projection of this JVM commits. */
    static final long MAX_SLEEP_MS = 50;
}
