package dev.provenant.lineage.readmodel;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The same text {@link Json#MAPPER} writes for the flat values projections write most (maps of
 * strings to strings, numbers or booleans, with keys sorted as the mapper sorts them; lists of
 * strings), without the mapper's per-call lookups. Anything else, including non-finite numbers
 * and null keys, returns {@code null} and goes to the mapper. {@code FlatJsonTest} compares both.
 */
final class FlatJson {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FlatJson() {}

    /** The JSON text of {@code value}, or null when it is not a flat map or string list. */
    static String write(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map(map);
        }
        if (value instanceof List<?> list) {
            return strings(list);
        }
        return null;
    }

    private static String map(Map<?, ?> map) {
        int n = map.size();
        String[] keys = new String[n];
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String k) || !flat(e.getValue())) {
                return null;
            }
            keys[i++] = k;
        }
        Arrays.sort(keys);
        StringBuilder sb = new StringBuilder(16 + 24 * n);
        sb.append('{');
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                sb.append(',');
            }
            string(sb, keys[k]);
            sb.append(':');
            Object v = map.get(keys[k]);
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String s) {
                string(sb, s);
            } else {
                sb.append(v); // Double, Long, Integer, Boolean: as Jackson writes them
            }
        }
        return sb.append('}').toString();
    }

    private static boolean flat(Object v) {
        return v == null
                || v instanceof String
                || v instanceof Long
                || v instanceof Integer
                || v instanceof Boolean
                || (v instanceof Double d && Double.isFinite(d));
    }

    private static String strings(List<?> list) {
        StringBuilder sb = new StringBuilder(16 + 24 * list.size());
        sb.append('[');
        boolean first = true;
        for (Object o : list) {
            if (!(o instanceof String s)) {
                return null;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, s);
        }
        return sb.append(']').toString();
    }

    /** A JSON string, escaped as Jackson escapes by default (control characters, quote, backslash). */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        sb.append('"');
    }
}
