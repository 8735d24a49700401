package dev.provenant.api.ops;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code processors} in the health endpoint: DOWN while any projection has stopped on an event it
 * cannot apply, naming the processor, the event's global index and the reason (details are shown
 * to admins only).
 */
@Component("processors")
public class ProcessorsHealthIndicator implements HealthIndicator {

    private final EventProcessors processors;

    public ProcessorsHealthIndicator(EventProcessors processors) {
        this.processors = processors;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (EventProcessors.Processor p : processors.all()) {
            if (p.error()) {
                health = health.down();
            }
            health.withDetail(
                    p.name(),
                    p.error()
                            ? p.segments().stream()
                                    .filter(s -> s.error() != null)
                                    .map(s -> "segment " + s.segment() + ": " + s.error()
                                            + " (retrying with back-off; fix it, then an admin runs retryProcessor)")
                                    .toList()
                            : (p.running() ? "running" : "stopped"));
        }
        return health.build();
    }
}
