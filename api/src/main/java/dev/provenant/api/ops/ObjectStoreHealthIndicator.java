package dev.provenant.api.ops;

import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Digest;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code objectStore} in the health endpoint: UP when the artifact store answers a lookup within
 * {@link #TIMEOUT}, DOWN naming the store and the error otherwise (details for admins only). The
 * lookup asks for an object that may or may not exist; only the answer matters.
 */
@Component("objectStore")
public class ObjectStoreHealthIndicator implements HealthIndicator {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Digest PROBE = Digest.of(new byte[0]);

    private final ArtifactStore store;
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "object-store-health");
        t.setDaemon(true);
        return t;
    });

    public ObjectStoreHealthIndicator(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        String kind = store.getClass().getSimpleName();
        long t0 = System.nanoTime();
        Future<Boolean> probe = probes.submit(() -> store.exists(PROBE));
        try {
            probe.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up()
                    .withDetail("store", kind)
                    .withDetail("answeredInMillis", (System.nanoTime() - t0) / 1_000_000)
                    .build();
        } catch (TimeoutException e) {
            probe.cancel(true);
            return Health.down()
                    .withDetail("store", kind)
                    .withDetail("error", "no answer within " + TIMEOUT.toSeconds() + " s")
                    .build();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Health.down()
                    .withDetail("store", kind)
                    .withDetail("error", cause.getClass().getSimpleName() + ": " + cause.getMessage())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }
}
