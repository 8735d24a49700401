package dev.provenant.messages.run;

/**
 * A metric whose value in a replay is not bit-for-bit the original's: {@code original} or {@code
 * replay} is null when the metric is missing on that side. {@code withinTolerance} is true when
 * the difference is within the metric tolerance declared for the replay; {@code detail} says by
 * how much and against which tolerance, e.g. {@code |Δ| 1.0E-12 ≤ rel 1.0E-9}.
 */
public record MetricDifference(String name, Double original, Double replay, boolean withinTolerance, String detail) {}
