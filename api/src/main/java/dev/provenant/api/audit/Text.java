package dev.provenant.api.audit;

import java.time.Instant;
import java.util.Locale;

/** Formatting shared by the report model and templates: sizes, durations, times, Markdown escaping. */
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

    /** An edge type as a relation read from parent to child ("replayed as"); unknown types as given. */
    static String relation(String type) {
        try {
            return dev.provenant.messages.lineage.EdgeType.valueOf(type).reading();
        } catch (IllegalArgumentException | NullPointerException e) {
            return type;
        }
    }

    /** A confirmation kind in words. */
    static String confirmationKind(String kind) {
        return switch (kind == null ? "" : kind) {
            case "CACHE_HIT" -> "cache hit";
            case "REPLAY" -> "replay";
            case "REEXECUTION" -> "re-execution";
            default -> kind;
        };
    }

    /** The short form of a digest for tables: {@code sha256:1234abcd…}. */
    static String shortDigest(String d) {
        return d != null && d.startsWith("sha256:") && d.length() > 19 ? d.substring(0, 19) + "…" : orEmpty(d);
    }

    /**
     * A recorded value as inert Markdown text (CommonMark / GitHub-flavoured), for table cells,
     * headings, list items and running text alike; every recorded string that is not in a code span
     * goes through here.
     *
     * <ul>
     *   <li>HTML: {@code < > & "} become entities, so no tag, comment or entity of the value is live;
     *   <li>Markdown: {@code \ ` * [ ] | ~ # $ { }} are backslash-escaped (no code span, emphasis,
     *       link, image, table cell, strikethrough, heading close, math or attribute can start),
     *       {@code _} too unless it is between two letters or digits (where it cannot delimit
     *       emphasis: {@code MODEL_VERSION} stays readable);
     *   <li>line breaks ({@code \r}, {@code \n}, U+2028/9) become spaces, so a value never starts a
     *       line (no heading, list, quote, fence or HTML block) and never ends a table row; other
     *       control characters and bidirectional overrides become U+FFFD;
     *   <li>where a value starts a list item's content, leading blanks are dropped (no indented code)
     *       and a leading list marker ({@code -}, {@code +}, {@code 1.}, {@code 1)}) is escaped.
     * </ul>
     */
    static String md(Object o) {
        String s = orEmpty(o).stripLeading();
        StringBuilder sb = new StringBuilder(s.length() + 16);
        int marker = listMarker(s);
        for (int i = 0; i < s.length(); i++) {
            if (i == marker) {
                sb.append('\\'); // "1." / "-" / "+" would open a list where the value starts a list item
            }
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\\', '`', '*', '[', ']', '|', '~', '#', '$', '{', '}' ->
                    sb.append('\\').append(c);
                case '_' -> {
                    boolean intraword = i > 0
                            && i < s.length() - 1
                            && Character.isLetterOrDigit(s.charAt(i - 1))
                            && Character.isLetterOrDigit(s.charAt(i + 1));
                    sb.append(intraword ? "_" : "\\_");
                }
                default -> sb.append(inline(c));
            }
        }
        return sb.toString();
    }

    /** The index of the marker character of a list item at the start of {@code s}, or -1. */
    private static int listMarker(String s) {
        int i = 0;
        while (i < s.length() && i < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        boolean marker = i == 0
                ? s.startsWith("-") || s.startsWith("+")
                : i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ')');
        if (!marker) {
            return -1;
        }
        int next = i + 1;
        return next >= s.length() || Character.isWhitespace(s.charAt(next)) ? i : -1;
    }

    /**
     * A recorded value as a Markdown code span (empty stays empty). The fence is one backtick longer
     * than the longest run of backticks in the value, so no backtick of the value closes it; line
     * breaks become spaces (a code span cannot hold a line that would start a block); {@code |} is
     * escaped because GFM splits table cells before it finds code spans.
     */
    static String code(Object o) {
        String raw = orEmpty(o);
        if (raw.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(raw.length() + 8);
        int run = 0;
        int longest = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
            sb.append(c == '|' ? "\\|" : inline(c));
        }
        String s = sb.toString();
        String fence = "`".repeat(longest + 1);
        // one space on each side is stripped again by the renderer: needed when the value starts or
        // ends with a backtick, and to keep a value that starts and ends with spaces as it is
        boolean pad = s.startsWith("`") || s.endsWith("`") || (s.startsWith(" ") && s.endsWith(" "));
        return pad ? fence + " " + s + " " + fence : fence + s + fence;
    }

    /** A character inside one Markdown line: line breaks to spaces, controls and bidi overrides to U+FFFD. */
    private static String inline(char c) {
        if (c == '\r' || c == '\n' || c == '\t' || c == '\u2028' || c == '\u2029' || c == '\u0085') {
            return " ";
        }
        return isControlOrBidi(c) ? "\uFFFD" : String.valueOf(c);
    }

    /**
     * A control character other than tab and line breaks (C0, DEL, C1), or a bidirectional override
     * or isolate: nothing a report should pass on, in any format.
     */
    static boolean isControlOrBidi(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                || (c >= 0x7f && c < 0xa0)
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
