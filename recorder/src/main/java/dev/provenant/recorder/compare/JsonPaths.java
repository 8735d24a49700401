package dev.provenant.recorder.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The small JSONPath subset used to ignore fields in JSON outputs: {@code $} then any of {@code
 * .name}, {@code ['name']}, {@code .*}, {@code [3]}, {@code [*]} and {@code ..name} (that field at
 * any depth). Ignored object fields are removed; ignored array elements become null, so the
 * positions of the others still line up.
 */
public final class JsonPaths {

    private JsonPaths() {}

    sealed interface Segment permits Field, AnyField, Index, AnyIndex, Deep {}

    record Field(String name) implements Segment {}

    record AnyField() implements Segment {}

    record Index(int index) implements Segment {}

    record AnyIndex() implements Segment {}

    record Deep(String name) implements Segment {}

    /** Parses a path, or says what is wrong with it. */
    public static List<Segment> parse(String path) {
        String p = path == null ? "" : path.trim();
        if (!p.startsWith("$")) {
            throw new IllegalArgumentException("JSON path '" + path + "' must start with $, e.g. $.timestamp");
        }
        List<Segment> segments = new ArrayList<>();
        int i = 1;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.' && i + 1 < p.length() && p.charAt(i + 1) == '.') {
                int end = nameEnd(p, i + 2);
                String name = p.substring(i + 2, end);
                if (name.isEmpty()) {
                    throw bad(path, "'..' needs a field name after it");
                }
                segments.add(new Deep(name));
                i = end;
            } else if (c == '.') {
                int end = nameEnd(p, i + 1);
                String name = p.substring(i + 1, end);
                if (name.isEmpty()) {
                    throw bad(path, "'.' needs a field name after it");
                }
                segments.add(name.equals("*") ? new AnyField() : new Field(name));
                i = end;
            } else if (c == '[') {
                int close = p.indexOf(']', i);
                if (close < 0) {
                    throw bad(path, "'[' is not closed");
                }
                String inner = p.substring(i + 1, close).trim();
                if (inner.equals("*")) {
                    segments.add(new AnyIndex());
                } else if (inner.length() >= 2
                        && (inner.startsWith("'") && inner.endsWith("'")
                                || inner.startsWith("\"") && inner.endsWith("\""))) {
                    segments.add(new Field(inner.substring(1, inner.length() - 1)));
                } else {
                    try {
                        int idx = Integer.parseInt(inner);
                        if (idx < 0) {
                            throw bad(path, "array indexes start at 0");
                        }
                        segments.add(new Index(idx));
                    } catch (NumberFormatException e) {
                        throw bad(path, "[" + inner + "] is neither an index, * nor a quoted name");
                    }
                }
                i = close + 1;
            } else {
                throw bad(path, "unexpected '" + c + "' at position " + i);
            }
        }
        if (segments.isEmpty()) {
            throw bad(path, "it names the whole document; name a field, e.g. $.timestamp");
        }
        return segments;
    }

    private static int nameEnd(String p, int from) {
        int i = from;
        while (i < p.length() && p.charAt(i) != '.' && p.charAt(i) != '[') {
            i++;
        }
        return i;
    }

    private static IllegalArgumentException bad(String path, String why) {
        return new IllegalArgumentException("JSON path '" + path + "': " + why);
    }

    /** Removes what {@code path} names from {@code root} (in place); returns how many nodes it removed. */
    public static int remove(JsonNode root, String path) {
        return remove(root, parse(path), 0);
    }

    private static int remove(JsonNode node, List<Segment> segments, int i) {
        Segment s = segments.get(i);
        boolean last = i == segments.size() - 1;
        int removed = 0;
        if (s instanceof Deep d) {
            List<Segment> rest = new ArrayList<>();
            rest.add(new Field(d.name()));
            rest.addAll(segments.subList(i + 1, segments.size()));
            List<JsonNode> all = new ArrayList<>();
            collect(node, all);
            for (JsonNode n : all) {
                removed += remove(n, rest, 0);
            }
        } else if (s instanceof Field f) {
            if (node instanceof ObjectNode o && o.has(f.name())) {
                if (last) {
                    o.remove(f.name());
                    removed++;
                } else {
                    removed += remove(o.get(f.name()), segments, i + 1);
                }
            }
        } else if (s instanceof AnyField || s instanceof AnyIndex) {
            if (node instanceof ObjectNode o && s instanceof AnyField) {
                if (last) {
                    removed += o.size();
                    o.removeAll();
                } else {
                    for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                        removed += remove(it.next(), segments, i + 1);
                    }
                }
            } else if (node instanceof ArrayNode a) {
                for (int k = 0; k < a.size(); k++) {
                    if (last) {
                        a.set(k, NullNode.instance);
                        removed++;
                    } else {
                        removed += remove(a.get(k), segments, i + 1);
                    }
                }
            }
        } else if (s instanceof Index x) {
            if (node instanceof ArrayNode a && x.index() < a.size()) {
                if (last) {
                    a.set(x.index(), NullNode.instance);
                    removed++;
                } else {
                    removed += remove(a.get(x.index()), segments, i + 1);
                }
            }
        }
        return removed;
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                collect(child, into);
            }
        }
    }
}
