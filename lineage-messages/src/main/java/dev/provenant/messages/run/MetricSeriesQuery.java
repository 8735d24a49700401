package dev.provenant.messages.run;

/**
 * The points of one metric series of a run, ordered by step (points without a step last), then in
 * the order they were recorded; at most {@code limit}. Answered with a {@code List<MetricPoint>}
 * whose timestamps are never null.
 */
public record MetricSeriesQuery(RunId runId, String name, int limit) {
    public MetricSeriesQuery {
        java.util.Objects.requireNonNull(runId, "runId");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
