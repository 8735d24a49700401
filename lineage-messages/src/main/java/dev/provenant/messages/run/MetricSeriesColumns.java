package dev.provenant.messages.run;

import dev.provenant.messages.common.TextRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Consecutive points of one metric series as columns: {@code values[i]} was measured at step
 * {@code steps[i]} (null entry: no step) and time {@code atMicros[i]} (microseconds since
 * 1970-01-01T00:00:00Z, the read model's precision; null entry: when it was recorded). {@code steps}
 * and {@code atMicros} are null when no point has one. Checked once per column, not per point
 * object: the name once, then every value finite, every step 0 or more (and, for new points, {@link
 * #requireTimesInRange} every time within the years 1–9999); a bad entry is named by its index ({@code [3]: ...}).
 */
public record MetricSeriesColumns(String name, List<Double> values, List<Long> steps, List<Long> atMicros) {

    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z in microseconds since the epoch. */
    public static final long MIN_MICROS = -62_135_596_800_000_000L;

    public static final long MAX_MICROS = 253_402_300_799_999_999L;

    public MetricSeriesColumns {
        TextRules.requireName("metric name", name, MetricPoint.NAME_MAX);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("metric '" + name + "': values: give at least one");
        }
        values = Collections.unmodifiableList(new ArrayList<>(values));
        int n = values.size();
        for (int i = 0; i < n; i++) {
            Double v = values.get(i);
            if (v == null || v.isNaN() || v.isInfinite()) {
                throw new IllegalArgumentException(
                        "[" + i + "]: metric '" + name + "' must be a finite number, not " + v);
            }
        }
        steps = column("steps", steps, n, name);
        if (steps != null) {
            for (int i = 0; i < n; i++) {
                Long s = steps.get(i);
                if (s != null && s < 0) {
                    throw new IllegalArgumentException(
                            "[" + i + "]: metric '" + name + "': step must be 0 or more, not " + s);
                }
            }
        }
        atMicros = column("atMicros", atMicros, n, name);
    }

    /**
     * Refuses a time outside the years 1–9999 (checked for new points only: an event already
     * stored is read as it is).
     */
    public void requireTimesInRange() {
        if (atMicros != null) {
            for (int i = 0; i < atMicros.size(); i++) {
                Long t = atMicros.get(i);
                if (t != null && (t < MIN_MICROS || t > MAX_MICROS)) {
                    throw new IllegalArgumentException("[" + i + "]: metric '" + name
                            + "': time must be within the years 1 to 9999, not " + t + " µs after 1970");
                }
            }
        }
    }

    /** A column of n entries, or null when absent or all null. */
    private static List<Long> column(String what, List<Long> col, int n, String name) {
        if (col == null) {
            return null;
        }
        if (col.size() != n) {
            throw new IllegalArgumentException("metric '" + name + "': " + what + ": " + col.size() + " entries for "
                    + n + " values; give one per value");
        }
        boolean any = false;
        for (Long v : col) {
            if (v != null) {
                any = true;
                break;
            }
        }
        return any ? Collections.unmodifiableList(new ArrayList<>(col)) : null;
    }

    /** The number of points. */
    public int size() {
        return values.size();
    }

    /** Microseconds since the epoch of an instant (rounded to the nearest microsecond, as PostgreSQL does); null stays null. */
    public static Long micros(Instant t) {
        if (t == null) {
            return null;
        }
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), (t.getNano() + 500) / 1000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("time " + t + " must be within the years 1 to 9999", e);
        }
    }

    /** Points as columns: one entry per run of consecutive points of the same name, in order. */
    public static List<MetricSeriesColumns> of(List<MetricPoint> points) {
        List<MetricSeriesColumns> out = new ArrayList<>();
        int i = 0;
        while (i < points.size()) {
            String name = points.get(i).name();
            List<Double> values = new ArrayList<>();
            List<Long> steps = new ArrayList<>();
            List<Long> at = new ArrayList<>();
            while (i < points.size() && points.get(i).name().equals(name)) {
                MetricPoint p = points.get(i);
                values.add(p.value());
                steps.add(p.step());
                at.add(micros(p.timestamp()));
                i++;
            }
            out.add(new MetricSeriesColumns(name, values, steps, at));
        }
        return out;
    }
}
