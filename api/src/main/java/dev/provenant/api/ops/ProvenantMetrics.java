package dev.provenant.api.ops;

import dev.provenant.lineage.ledger.Ledger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauges of the event flow, read when scraped: {@code provenant.events.head} (global index of the
 * newest event), per processor {@code provenant.processor.lag} (events between the head and the
 * processor's slowest segment) and {@code provenant.processor.error} (1 while it is stopped on an
 * event it cannot apply), per segment {@code provenant.processor.segment.lag}, and for the ledger
 * {@code provenant.ledger.unchained} (events after the chain head) and {@code
 * provenant.ledger.verification.ok} (1 or 0 by the latest verification, NaN before the first).
 * Counters and timers elsewhere: {@code provenant.commands} (per command and outcome), {@code
 * provenant.graphql.operations}, {@code provenant.replay.jobs}, {@code provenant.artifacts.bytes}.
 */
@Component
public class ProvenantMetrics {

    private final MeterRegistry registry;
    private final EventProcessors processors;
    private final JdbcTemplate jdbc;
    private volatile long headReadAt;
    private volatile long head = -1;
    private final Ledger ledger;
    private MultiGauge segmentLag;
    private final Set<String> segmentsShown = ConcurrentHashMap.newKeySet();

    public ProvenantMetrics(MeterRegistry registry, EventProcessors processors, JdbcTemplate jdbc, Ledger ledger) {
        this.registry = registry;
        this.processors = processors;
        this.jdbc = jdbc;
        this.ledger = ledger;
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
        segmentLag = MultiGauge.builder("provenant.processor.segment.lag")
                .description("Events a processor's segment has still to apply")
                .register(registry);
        refreshSegments();
        Gauge.builder("provenant.ledger.unchained", this, ProvenantMetrics::unchained)
                .description("Events after the ledger's chain head, not yet hash-chained")
                .register(registry);
        Gauge.builder("provenant.ledger.verification.ok", this, ProvenantMetrics::verificationOk)
                .description("1 when the latest ledger verification found the chain intact, 0 when it"
                        + " found a problem; NaN before the first")
                .register(registry);
    }

    /** Registers a segment-lag row for every segment now claimed (segments split and merge rarely). */
    private void refreshSegments() {
        if (segmentLag == null) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        Set<String> now = new HashSet<>();
        for (EventProcessors.Processor p : processors.all()) {
            for (EventProcessors.Segment s : p.segments()) {
                String name = p.name();
                int segment = s.segment();
                now.add(name + "/" + segment);
                rows.add(MultiGauge.Row.of(
                        Tags.of("processor", name, "segment", Integer.toString(segment)),
                        this,
                        m -> m.segmentLag(name, segment)));
            }
        }
        if (!now.equals(segmentsShown)) {
            segmentLag.register(rows, true);
            segmentsShown.clear();
            segmentsShown.addAll(now);
        }
    }

    double segmentLag(String processor, int segment) {
        double h = head();
        return processors
                .find(processor)
                .flatMap(p -> p.segments().stream()
                        .filter(s -> s.segment() == segment)
                        .findFirst())
                .map(s -> s.position() == null ? h + 1 : Math.max(0, h - s.position()))
                .orElse(Double.NaN);
    }

    double unchained() {
        try {
            return Math.max(0, head() - ledger.head().position());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    double verificationOk() {
        try {
            return ledger.lastVerification().map(v -> v.ok() ? 1.0 : 0.0).orElse(Double.NaN);
        } catch (RuntimeException e) {
            return Double.NaN;
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
            refreshSegments();
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
