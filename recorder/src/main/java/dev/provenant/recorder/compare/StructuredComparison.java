package dev.provenant.recorder.compare;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Compares two versions of a CSV/TSV, JSON or JSON Lines output by value: numbers within a
 * numeric {@link Tolerance} (exactly when there is none), everything else exactly, with ignored
 * JSON fields left out. Used only where tolerances were declared for the output; otherwise any
 * byte difference is a difference.
 */
public final class StructuredComparison {

    /** Notes kept per output; the rest are counted. */
    static final int MAX_NOTES = 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Pattern NUMBER = Pattern.compile(
            "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    private StructuredComparison() {}

    /** What the output's name says it is. */
    public enum Format {
        JSON,
        JSONL,
        CSV,
        TSV,
        OTHER;

        public static Format of(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".json")) {
                return JSON;
            }
            if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
                return JSONL;
            }
            if (n.endsWith(".csv")) {
                return CSV;
            }
            if (n.endsWith(".tsv") || n.endsWith(".tab")) {
                return TSV;
            }
            return OTHER;
        }
    }

    /**
     * The outcome: {@code withinTolerance} when every difference is a number within the tolerance
     * or an ignored field; {@code notes} name the differences (bounded), beyond-tolerance ones first.
     */
    public record Result(boolean withinTolerance, List<String> notes) {
        public String detail() {
            return notes.isEmpty() ? null : String.join("\n", notes);
        }
    }

    private static final class Notes {
        final List<String> beyond = new ArrayList<>();
        final List<String> within = new ArrayList<>();
        int beyondCount;
        int withinCount;

        void beyond(String s) {
            if (beyondCount++ < MAX_NOTES) {
                beyond.add(s);
            }
        }

        void within(String s) {
            if (withinCount++ < MAX_NOTES) {
                within.add(s);
            }
        }

        List<String> lines() {
            List<String> out = new ArrayList<>(beyond);
            if (beyondCount > beyond.size()) {
                out.add("… and " + (beyondCount - beyond.size()) + " more differences");
            }
            int room = Math.max(0, MAX_NOTES - out.size());
            List<String> w = within.subList(0, Math.min(room, within.size()));
            out.addAll(w);
            if (withinCount > w.size()) {
                out.add("… and " + (withinCount - w.size()) + " more numbers within tolerance");
            }
            return out;
        }
    }

    public static Result compare(
            Format format, byte[] original, byte[] replay, Tolerance numeric, List<String> ignoredPaths) {
        Notes notes = new Notes();
        switch (format) {
            case JSON -> {
                JsonNode a = parse(original, "original");
                JsonNode b = parse(replay, "replay");
                if (a == null || b == null) {
                    return new Result(
                            false,
                            List.of("not valid JSON on the " + (a == null ? "original" : "replay")
                                    + " side: compared as bytes"));
                }
                for (String p : ignoredPaths) {
                    JsonPaths.remove(a, p);
                    JsonPaths.remove(b, p);
                }
                json("$", a, b, numeric, notes);
            }
            case JSONL -> {
                List<String> la = lines(original);
                List<String> lb = lines(replay);
                if (la.size() != lb.size()) {
                    notes.beyond(la.size() + " lines → " + lb.size() + " lines");
                }
                for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                    JsonNode a = parse(la.get(i).getBytes(StandardCharsets.UTF_8), "original");
                    JsonNode b = parse(lb.get(i).getBytes(StandardCharsets.UTF_8), "replay");
                    if (a == null || b == null) {
                        if (!la.get(i).equals(lb.get(i))) {
                            notes.beyond("line " + (i + 1) + ": not JSON, and differs");
                        }
                        continue;
                    }
                    for (String p : ignoredPaths) {
                        JsonPaths.remove(a, p);
                        JsonPaths.remove(b, p);
                    }
                    json("line " + (i + 1) + " $", a, b, numeric, notes);
                }
            }
            case CSV, TSV -> csv(format == Format.TSV ? '\t' : ',', original, replay, numeric, notes);
            default -> {
                return new Result(false, List.of());
            }
        }
        List<String> lines = notes.lines();
        if (notes.beyondCount == 0 && notes.withinCount == 0) {
            lines = List.of(
                    ignoredPaths.isEmpty()
                            ? "same values, different bytes (formatting, key order or line endings)"
                            : "differs only in ignored fields (" + String.join(", ", ignoredPaths) + ") or formatting");
        }
        return new Result(notes.beyondCount == 0, lines);
    }

    private static JsonNode parse(byte[] bytes, String side) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> lines(byte[] bytes) {
        List<String> out = new ArrayList<>(List.of(new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1)));
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static void json(String path, JsonNode a, JsonNode b, Tolerance tol, Notes notes) {
        if (a.isNumber() && b.isNumber()) {
            numbers(path, a, b, tol, notes);
        } else if (a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                String p = path + (k.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + k : "['" + k + "']");
                JsonNode x = a.get(k);
                JsonNode y = b.get(k);
                if (x == null || y == null) {
                    notes.beyond(p + ": " + show(x) + " → " + show(y));
                } else {
                    json(p, x, y, tol, notes);
                }
            }
        } else if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                notes.beyond(path + ": " + a.size() + " elements → " + b.size() + " elements");
            }
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            int i = 0;
            while (ia.hasNext() && ib.hasNext()) {
                json(path + "[" + i++ + "]", ia.next(), ib.next(), tol, notes);
            }
        } else if (!a.equals(b)) {
            notes.beyond(path + ": " + show(a) + " → " + show(b));
        }
    }

    private static void numbers(String path, JsonNode a, JsonNode b, Tolerance tol, Notes notes) {
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            if (a.bigIntegerValue().equals(b.bigIntegerValue())) {
                return;
            }
        } else if (Double.compare(a.doubleValue(), b.doubleValue()) == 0) {
            return;
        }
        number(path, a.doubleValue(), b.doubleValue(), show(a), show(b), tol, notes);
    }

    private static void number(String where, double x, double y, String sx, String sy, Tolerance tol, Notes notes) {
        if (tol != null && tol.within(x, y)) {
            notes.within(where + ": " + sx + " → " + sy + " (within tolerance: " + tol.explain(x, y) + ")");
        } else {
            notes.beyond(where + ": " + sx + " → " + sy + (tol == null ? "" : " (" + tol.explain(x, y) + ")"));
        }
    }

    private static String show(JsonNode n) {
        if (n == null) {
            return "(absent)";
        }
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static void csv(char delimiter, byte[] original, byte[] replay, Tolerance tol, Notes notes) {
        List<List<String>> a = Csv.parse(new String(original, StandardCharsets.UTF_8), delimiter);
        List<List<String>> b = Csv.parse(new String(replay, StandardCharsets.UTF_8), delimiter);
        if (a.size() != b.size()) {
            notes.beyond(a.size() + " rows → " + b.size() + " rows");
        }
        List<String> header = !a.isEmpty()
                        && a.get(0).stream()
                                .noneMatch(c -> NUMBER.matcher(c.trim()).matches())
                ? a.get(0)
                : List.of();
        for (int r = 0; r < Math.min(a.size(), b.size()); r++) {
            List<String> x = a.get(r);
            List<String> y = b.get(r);
            if (x.size() != y.size()) {
                notes.beyond("row " + (r + 1) + ": " + x.size() + " columns → " + y.size() + " columns");
            }
            for (int c = 0; c < Math.min(x.size(), y.size()); c++) {
                String u = x.get(c);
                String v = y.get(c);
                if (u.equals(v)) {
                    continue;
                }
                String where = "row " + (r + 1) + ", column " + (c < header.size() ? header.get(c) : "#" + (c + 1));
                if (NUMBER.matcher(u.trim()).matches()
                        && NUMBER.matcher(v.trim()).matches()) {
                    double p = parseNumber(u);
                    double q = parseNumber(v);
                    if (Double.compare(p, q) != 0) {
                        number(where, p, q, u, v, tol, notes);
                    }
                } else {
                    notes.beyond(where + ": " + clip(u) + " → " + clip(v));
                }
            }
        }
    }

    private static double parseNumber(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        boolean neg = t.startsWith("-");
        String u = t.replaceFirst("^[+-]", "");
        if (u.equals("nan")) {
            return Double.NaN;
        }
        if (u.equals("inf") || u.equals("infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(t);
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** RFC 4180 records: quoted fields may hold the delimiter, quotes ("") and line breaks. */
    static final class Csv {
        private Csv() {}

        static List<List<String>> parse(String text, char delimiter) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (quoted) {
                    if (ch == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        cell.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                    any = true;
                } else if (ch == delimiter) {
                    row.add(cell.toString());
                    cell.setLength(0);
                    any = true;
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    if (any || cell.length() > 0) {
                        row.add(cell.toString());
                        rows.add(row);
                    }
                    row = new ArrayList<>();
                    cell.setLength(0);
                    any = false;
                } else {
                    cell.append(ch);
                    any = true;
                }
            }
            if (any || cell.length() > 0) {
                row.add(cell.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
