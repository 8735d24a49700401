package dev.provenant.api.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauges of the event flow, read when scraped: {@code provenant.events.head} (global index of the
 * newest event), and per processor {@code provenant.processor.lag} (events between the head and the
 * processor's slowest segment) and {@code provenant.processor.error} (1 while it is stopped on an
 * event it cannot apply). Counters and timers elsewhere: {@code provenant.commands} (per command
 * and outcome), {@code provenant.graphql.operations}, {@code provenant.replay.jobs}, {@code
 * provenant.artifacts.bytes}.
 */
@Component
public class ProvenantMetrics {

    private final MeterRegistry registry;
    private final EventProcessors processors;
    private final JdbcTemplate jdbc;
    private volatile long headReadAt;
    private volatile long head = -1;

    public ProvenantMetrics(MeterRegistry registry, EventProcessors processors, JdbcTemplate jdbc) {
        this.registry = registry;
        this.processors = processors;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        Gauge.builder("provenant.events.head", this, ProvenantMetrics::head)
                .description("Global index of the newest event in the event store")
                .register(registry);
        for (EventProcessors.Processor p : processors.all()) {
            String name = p.name();
            Gauge.builder("provenant.processor.lag", this, m -> m.lag(name))
                    .description("Events the processor's slowest segment has still to apply")
                    .tag("processor", name)
                    .register(registry);
            Gauge.builder("provenant.processor.error", this, m -> m.error(name))
                    .description("1 while the processor is stopped on an event it cannot apply")
                    .tag("processor", name)
                    .register(registry);
        }
    }

    /** The newest global index, read at most once a second (every scrape reads several gauges). */
    double head() {
        long now = System.nanoTime();
        if (now - headReadAt > 1_000_000_000L) {
            try {
                Long h = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
                head = h == null ? -1 : h;
            } catch (RuntimeException e) {
                return Double.NaN; // the database is away: no figure rather than a wrong one
            }
            headReadAt = now;
        }
        return head;
    }

    double lag(String processor) {
        double h = head();
        return processors
                .find(processor)
                .map(p -> p.segments().stream()
                        .map(EventProcessors.Segment::position)
                        .filter(Objects::nonNull)
                        .mapToLong(Long::longValue)
                        .min()
                        .stream()
                        .mapToDouble(pos -> Math.max(0, h - pos))
                        .findFirst()
                        .orElse(p.segments().isEmpty() ? Double.NaN : h + 1))
                .orElse(Double.NaN);
    }

    double error(String processor) {
        return processors.find(processor).map(p -> p.error() ? 1.0 : 0.0).orElse(Double.NaN);
    }
}
