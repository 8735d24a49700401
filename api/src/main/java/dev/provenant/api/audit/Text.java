package dev.provenant.api.audit;

import java.time.Instant;
import java.util.Locale;

/** Formatting shared by the renderers: sizes, durations, times, escaping. */
final class Text {

    private Text() {}

    static String size(Long bytes) {
        if (bytes == null) {
            return "";
        }
        String exact = String.format(Locale.ROOT, "%,d B", bytes);
        if (bytes < 1024) {
            return exact;
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%s (%.1f %s)", exact, v, units[u]);
    }

    static String duration(Long millis) {
        if (millis == null) {
            return "";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        long s = millis / 1000;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long rest = s % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d h %d min %d s", h, m, rest)
                : String.format(Locale.ROOT, "%d min %d s", m, rest);
    }

    static String time(Instant t) {
        return t == null ? "" : t.toString();
    }

    static String orEmpty(Object o) {
        return o == null ? "" : o.toString();
    }

    /** The short form of a digest for tables: {@code sha256:1234abcd…}. */
    static String shortDigest(String d) {
        return d != null && d.startsWith("sha256:") && d.length() > 19 ? d.substring(0, 19) + "…" : orEmpty(d);
    }

    static String html(Object o) {
        String s = orEmpty(o);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A Markdown table cell: pipes escaped, line breaks flattened. */
    static String cell(Object o) {
        return orEmpty(o)
                .replace("\\", "\\\\")
                .replace("|", "\\|")
                .replace("\r", "")
                .replace("\n", " ");
    }

    /** Inline code in Markdown (empty stays empty). */
    static String code(Object o) {
        String s = orEmpty(o);
        if (s.isEmpty()) {
            return "";
        }
        String fence = s.contains("`") ? "``" : "`";
        return fence
                + (fence.length() > 1 ? " " : "")
                + s.replace("|", "\\|").replace("\n", " ")
                + (fence.length() > 1 ? " " : "")
                + fence;
    }
}
