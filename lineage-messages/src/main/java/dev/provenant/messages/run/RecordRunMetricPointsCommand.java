package dev.provenant.messages.run;

import dev.provenant.messages.common.TextRules;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Appends points to metric series of a running run ({@code log_metric(name, value, step)}), in
 * the order given. A resent batch with the same {@code idempotencyKey} records nothing again (a
 * client retrying after a lost answer). {@code maxPointsPerRun} is the server's cap on the points
 * one run may hold; the run refuses a batch that would pass it.
 */
public record RecordRunMetricPointsCommand(
        @TargetAggregateIdentifier String runId, List<MetricPoint> points, String idempotencyKey, int maxPointsPerRun) {

    public RecordRunMetricPointsCommand {
        runId = RunId.parse(runId).toString();
        points = points == null ? List.of() : List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("points: at least one point is needed");
        }
        idempotencyKey = TextRules.optionalName("idempotencyKey", idempotencyKey, 200);
        if (maxPointsPerRun < 1) {
            throw new IllegalArgumentException("maxPointsPerRun must be positive");
        }
    }
}
