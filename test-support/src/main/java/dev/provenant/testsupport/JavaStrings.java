package dev.provenant.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * The string literals of a Java source, as a reader would join them: comments and character literals skipped,
 * text blocks with their incidental indentation removed, and literals that stand in one expression joined by
 * {@code +} into one text, whatever stands between them counting as {@code 0}. Good enough to find text that
 * should be a file, not a Java parser.
 */
final class JavaStrings {

    /** One joined literal and the line its first part starts on. */
    record Joined(int line, String text) {}

    private record Literal(int line, int start, int end, String text) {}

    /** Longest code between two literals that still joins them (one short expression and two {@code +}). */
    private static final int MAX_GAP = 80;

    private JavaStrings() {}

    static List<Joined> joined(String src) {
        List<Literal> literals = scan(src);
        List<Joined> out = new ArrayList<>();
        int i = 0;
        while (i < literals.size()) {
            Literal first = literals.get(i);
            StringBuilder text = new StringBuilder(first.text());
            int j = i;
            while (j + 1 < literals.size()
                    && joins(src.substring(
                            literals.get(j).end(), literals.get(j + 1).start()))) {
                String gap = src.substring(
                                literals.get(j).end(), literals.get(j + 1).start())
                        .strip();
                text.append(gap.equals("+") ? "" : "0");
                text.append(literals.get(j + 1).text());
                j++;
            }
            out.add(new Joined(first.line(), text.toString()));
            i = j + 1;
        }
        return out;
    }

    /** Each literal and text block on its own, comments skipped. */
    static List<String> literals(String src) {
        return scan(src).stream().map(Literal::text).toList();
    }

    private static boolean joins(String gap) {
        String g = gap.strip();
        return g.length() <= MAX_GAP
                && (g.equals("+") || (g.startsWith("+") && g.endsWith("+") && g.length() > 2))
                && g.chars().noneMatch(c -> c == ';' || c == '{' || c == '}' || c == ',');
    }

    private static List<Literal> scan(String src) {
        List<Literal> out = new ArrayList<>();
        int n = src.length();
        int line = 1;
        int i = 0;
        while (i < n) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (src.startsWith("//", i)) {
                int e = src.indexOf('\n', i);
                i = e < 0 ? n : e;
            } else if (src.startsWith("/*", i)) {
                int e = src.indexOf("*/", i + 2);
                int end = e < 0 ? n : e + 2;
                line += count(src, i, end);
                i = end;
            } else if (src.startsWith("\"\"\"", i)) {
                int e = i + 3;
                while (e < n && !(src.startsWith("\"\"\"", e) && src.charAt(e - 1) != '\\')) {
                    e++;
                }
                String body = src.substring(Math.min(n, src.indexOf('\n', i) + 1), Math.min(e, n));
                out.add(new Literal(line, i, Math.min(n, e + 3), unescape(body.stripIndent())));
                line += count(src, i, Math.min(n, e + 3));
                i = Math.min(n, e + 3);
            } else if (c == '"' || c == '\'') {
                int e = i + 1;
                while (e < n && src.charAt(e) != c && src.charAt(e) != '\n') {
                    e += src.charAt(e) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    out.add(new Literal(line, i, Math.min(n, e + 1), unescape(src.substring(i + 1, Math.min(e, n)))));
                }
                i = Math.min(n, e + 1);
            } else {
                i++;
            }
        }
        return out;
    }

    private static int count(String src, int from, int to) {
        int lines = 0;
        for (int k = from; k < to; k++) {
            if (src.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        try {
            return s.translateEscapes();
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
