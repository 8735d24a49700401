package dev.provenant.messages.run;

import dev.provenant.messages.common.TextRules;
import java.time.Instant;

/**
 * One point of a metric series, e.g. the training loss at step 12: {@code new MetricPoint("loss",
 * 0.31, 12L, null)}. {@code step} is optional (a client's counter; null when none was given);
 * {@code timestamp} is when the client measured it, or null to use the time the point was
 * recorded.
 */
public record MetricPoint(String name, double value, Long step, Instant timestamp) {

    /** Series names are indexed together with the run id, so they are shorter than other names. */
    public static final int NAME_MAX = 250;

    public MetricPoint {
        TextRules.requireName("metric name", name, NAME_MAX);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("metric '" + name + "' must be a finite number, not " + value);
        }
        if (step != null && step < 0) {
            throw new IllegalArgumentException("metric '" + name + "': step must be 0 or more, not " + step);
        }
    }
}
