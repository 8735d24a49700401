package dev.provenant.api.graphql;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Read-your-writes for a mutation: projections are updated asynchronously by streaming event
 * processors, so after a command returns the mutation polls the read model briefly (bounded) for
 * the row it caused.
 */
final class ReadModelWait {

    static final Duration DEFAULT_BOUND = Duration.ofSeconds(10);

    private ReadModelWait() {}

    static <T> Optional<T> until(Supplier<Optional<T>> probe, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        long sleepMs = 1;
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent() || System.nanoTime() > deadline) {
                return v;
            }
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            sleepMs = Math.min(50, sleepMs * 2);
        }
    }
}
