package dev.provenant.messages.run;

import dev.provenant.messages.common.TextRules;
import java.util.List;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Appends points to metric series of a running run ({@code log_metric(name, value, step)}), in
 * the order given, as columns per series ({@link MetricSeriesColumns#of} turns point objects into
 * columns). A resent batch with the same {@code idempotencyKey} records nothing again (a client
 * retrying after a lost answer). {@code maxPointsPerRun} is the server's cap on the points one run
 * may hold; the run refuses a batch that would pass it.
 */
public record RecordRunMetricPointsCommand(
        @TargetAggregateIdentifier RunId runId,
        List<MetricSeriesColumns> series,
        String idempotencyKey,
        int maxPointsPerRun) {

    public RecordRunMetricPointsCommand {
        Objects.requireNonNull(runId, "runId");
        series = series == null ? List.of() : List.copyOf(series);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("points: at least one point is needed");
        }
        for (int i = 0; i < series.size(); i++) {
            try {
                series.get(i).requireTimesInRange();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("series[" + i + "]" + e.getMessage(), e);
            }
        }
        idempotencyKey = TextRules.optionalName("idempotencyKey", idempotencyKey, 200);
        if (maxPointsPerRun < 1) {
            throw new IllegalArgumentException("maxPointsPerRun must be positive");
        }
    }

    /** The number of points, all series together. */
    public int pointCount() {
        int n = 0;
        for (MetricSeriesColumns s : series) {
            n += s.size();
        }
        return n;
    }
}
