package dev.provenant.api.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code processors} in the health endpoint: DOWN while any projection has stopped on an event it
 * cannot apply, naming the processor, the event's global index and the reason; for each processor
 * its state and its lag (events its slowest segment has still to apply). Details are shown to
 * admins only.
 */
@Component("processors")
public class ProcessorsHealthIndicator implements HealthIndicator {

    private final EventProcessors processors;
    private final ProvenantMetrics metrics;

    public ProcessorsHealthIndicator(EventProcessors processors, ProvenantMetrics metrics) {
        this.processors = processors;
        this.metrics = metrics;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (EventProcessors.Processor p : processors.all()) {
            if (p.error()) {
                health = health.down();
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", p.error() ? "error" : (p.running() ? "running" : "stopped"));
            double lag = metrics.lag(p.name());
            detail.put("lag", Double.isNaN(lag) ? "unknown" : (Object) (long) lag);
            if (p.error()) {
                detail.put(
                        "errors",
                        p.segments().stream()
                                .filter(s -> s.error() != null)
                                .map(s -> "segment " + s.segment() + ": " + s.error()
                                        + " (retrying with back-off; fix it, then an admin runs retryProcessor)")
                                .toList());
            }
            health.withDetail(p.name(), detail);
        }
        return health.build();
    }
}
