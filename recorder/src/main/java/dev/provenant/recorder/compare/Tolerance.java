package dev.provenant.recorder.compare;

import java.util.Locale;
import java.util.Map;

/**
 * How far two numbers may be apart and still count as equivalent: a relative bound ({@code
 * |a-b| ≤ rel·max(|a|,|b|)}), an absolute bound ({@code |a-b| ≤ abs}), or both (either suffices).
 * Written {@code rel:1e-9}, {@code abs:1e-6} or {@code rel:1e-9,abs:1e-12}; in YAML/JSON {@code
 * {rel: 1e-9}}, {@code {abs: 1e-6}}.
 */
public record Tolerance(Double rel, Double abs) {

    public Tolerance {
        if (rel == null && abs == null) {
            throw new IllegalArgumentException("a tolerance needs rel, abs or both, e.g. rel:1e-9 or abs:1e-6");
        }
        for (Double v : new Double[] {rel, abs}) {
            if (v != null && (!Double.isFinite(v) || v < 0)) {
                throw new IllegalArgumentException("a tolerance must be a finite number ≥ 0, not " + v);
            }
        }
    }

    public static Tolerance rel(double rel) {
        return new Tolerance(rel, null);
    }

    public static Tolerance abs(double abs) {
        return new Tolerance(null, abs);
    }

    /** Parses {@code rel:1e-9}, {@code abs:1e-6} or {@code rel:1e-9,abs:1e-12}. */
    public static Tolerance parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(
                    "empty tolerance: write rel:<number>, abs:<number> or both (rel:1e-9,abs:1e-12)");
        }
        Double rel = null;
        Double abs = null;
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split(":", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException(
                        "tolerance '" + spec + "': write rel:<number>, abs:<number> or both (rel:1e-9,abs:1e-12)");
            }
            double v = number(kv[1].trim(), spec);
            switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "rel" -> rel = v;
                case "abs" -> abs = v;
                default ->
                    throw new IllegalArgumentException(
                            "tolerance '" + spec + "': '" + kv[0].trim() + "' is neither rel nor abs");
            }
        }
        return new Tolerance(rel, abs);
    }

    /** From a YAML/JSON map {@code {rel: 1e-9, abs: 1e-12}} (either key optional). */
    public static Tolerance fromMap(Object node, String where) {
        if (node instanceof String s) {
            return parse(s);
        }
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(
                    where + ": expected {rel: <number>} and/or {abs: <number>}, got " + node);
        }
        Double rel = null;
        Double abs = null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            double v = e.getValue() instanceof Number n ? n.doubleValue() : number(String.valueOf(e.getValue()), where);
            switch (k) {
                case "rel" -> rel = v;
                case "abs" -> abs = v;
                default -> throw new IllegalArgumentException(where + ": '" + k + "' is neither rel nor abs");
            }
        }
        try {
            return new Tolerance(rel, abs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static double number(String s, String where) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tolerance '" + where + "': '" + s + "' is not a number");
        }
    }

    /** Whether {@code a} and {@code b} are within this tolerance (equal numbers always are). */
    public boolean within(double a, double b) {
        if (Double.compare(a, b) == 0 || a == b) {
            return true;
        }
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return false;
        }
        double d = Math.abs(a - b);
        if (abs != null && d <= abs) {
            return true;
        }
        return rel != null && d <= rel * Math.max(Math.abs(a), Math.abs(b));
    }

    /** {@code |Δ| 1.0E-12 ≤ rel 1.0E-9} or {@code |Δ| 0.5 > abs 0.001}. */
    public String explain(double a, double b) {
        double d = Math.abs(a - b);
        return "|Δ| " + d + (within(a, b) ? " ≤ " : " > ") + this;
    }

    @Override
    public String toString() {
        if (rel != null && abs != null) {
            return "rel " + rel + " or abs " + abs;
        }
        return rel != null ? "rel " + rel : "abs " + abs;
    }
}
