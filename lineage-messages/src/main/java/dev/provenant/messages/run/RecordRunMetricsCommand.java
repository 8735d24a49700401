package dev.provenant.messages.run;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records metrics of a run (e.g. from its {@code metrics.json}). A metric may be recorded once. */
public record RecordRunMetricsCommand(
        @TargetAggregateIdentifier RunId runId, Map<String, Double> metrics) {
    public RecordRunMetricsCommand {
        Objects.requireNonNull(runId, "runId");
        metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
        if (metrics.size() > 10_000) {
            throw new IllegalArgumentException("more than 10000 metrics");
        }
        metrics.forEach((k, v) -> {
            Names.requireName(k, "metric name");
            if (v == null || v.isNaN() || v.isInfinite()) {
                throw new IllegalArgumentException("metric '" + k + "' must be a finite number");
            }
        });
    }
}
