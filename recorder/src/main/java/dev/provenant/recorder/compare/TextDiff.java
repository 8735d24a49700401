package dev.provenant.recorder.compare;

import com.github.difflib.DiffUtils;
import com.github.difflib.algorithm.myers.MyersDiffWithLinearSpace;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded line diff of two texts (Myers, through java-diff-utils), so that an inserted line
 * shows as one inserted line rather than marking every later line as changed:
 *
 * <pre>
 * line 2:
 *   - 0.91
 *   + 0.93
 * inserted after line 4:
 *   + warning: fallback solver
 * </pre>
 *
 * At most {@link #MAX_HUNKS} hunks and {@link #MAX_LINES} shown lines (each cut at {@link
 * #MAX_LINE_CHARS} characters); the rest is counted. Lines common to both ends are set aside
 * before diffing, and a middle longer than {@link #MAX_DIFFED_LINES} lines is not diffed line by
 * line (its first differing line is shown instead), so a large rewrite stays cheap.
 */
public final class TextDiff {

    static final int MAX_HUNKS = 8;
    static final int MAX_LINES = 40;
    static final int MAX_LINE_CHARS = 200;
    static final int MAX_DIFFED_LINES = 20_000;

    private TextDiff() {}

    /** The diff of {@code before} and {@code after}, or null when they are the same text. */
    public static String of(String before, String after) {
        List<String> a = List.of(before.split("\n", -1));
        List<String> b = List.of(after.split("\n", -1));
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix
                && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> ma = a.subList(prefix, a.size() - suffix);
        List<String> mb = b.subList(prefix, b.size() - suffix);
        if (ma.isEmpty() && mb.isEmpty()) {
            return null;
        }
        if (ma.size() > MAX_DIFFED_LINES || mb.size() > MAX_DIFFED_LINES) {
            return tooLargeToDiff(prefix, ma, mb);
        }
        Patch<String> patch = DiffUtils.diff(ma, mb, new MyersDiffWithLinearSpace<String>());
        Shown shown = new Shown();
        List<Hunk> hunks = hunks(patch.getDeltas());
        for (Hunk h : hunks) {
            shown.hunk(prefix + h.position(), h.removed(), h.added());
        }
        return shown.end(hunks.size());
    }

    /** The middles' sizes and first lines: a middle this long is not diffed line by line. */
    private static String tooLargeToDiff(int prefix, List<String> ma, List<String> mb) {
        StringBuilder out = new StringBuilder();
        out.append("line ")
                .append(prefix + 1)
                .append(": (")
                .append(ma.size())
                .append(" lines → ")
                .append(mb.size())
                .append(" lines differ; too many to diff line by line)\n");
        if (!ma.isEmpty()) {
            out.append("  - ").append(clip(ma.get(0))).append('\n');
        }
        if (!mb.isEmpty()) {
            out.append("  + ").append(clip(mb.get(0))).append('\n');
        }
        return out.toString().stripTrailing();
    }

    /** The diff's text so far, within {@link #MAX_HUNKS} hunks and {@link #MAX_LINES} lines. */
    private static final class Shown {
        private final StringBuilder out = new StringBuilder();
        private int shownLines;
        private int hunks;
        private int hiddenLines;

        /** One hunk: {@code removed} lines from line {@code from} (0-based, in `before`) became {@code added}. */
        void hunk(int from, List<String> removed, List<String> added) {
            if (hunks >= MAX_HUNKS || shownLines >= MAX_LINES) {
                hiddenLines += removed.size() + added.size();
                return;
            }
            hunks++;
            if (removed.isEmpty()) {
                out.append(from == 0 ? "inserted at the start:" : "inserted after line " + from + ":");
            } else {
                out.append(
                                removed.size() == 1
                                        ? "line " + (from + 1)
                                        : "lines " + (from + 1) + "–" + (from + removed.size()))
                        .append(added.isEmpty() ? " deleted:" : ":");
            }
            out.append('\n');
            lines("  - ", removed);
            lines("  + ", added);
        }

        private void lines(String mark, List<String> lines) {
            for (String l : lines) {
                if (shownLines++ < MAX_LINES) {
                    out.append(mark).append(clip(l)).append('\n');
                } else {
                    hiddenLines++;
                }
            }
        }

        /** The text, with what was not shown counted ({@code total}: the number of hunks). */
        String end(int total) {
            if (hunks < total) {
                out.append("… ")
                        .append(total - hunks)
                        .append(" more changes (")
                        .append(hiddenLines)
                        .append(" lines) not shown\n");
            } else if (hiddenLines > 0) {
                out.append("… ").append(hiddenLines).append(" more lines not shown\n");
            }
            return out.toString().stripTrailing();
        }
    }

    /** A run of removed lines at {@code position} (in the diffed part) replaced by added lines. */
    private record Hunk(int position, List<String> removed, List<String> added) {}

    /** The deltas, with adjacent deletions and insertions (as the linear-space Myers emits them) joined. */
    private static List<Hunk> hunks(List<AbstractDelta<String>> deltas) {
        List<Hunk> out = new ArrayList<>();
        int srcEnd = -1;
        int tgtEnd = -1;
        for (AbstractDelta<String> d : deltas) {
            int sp = d.getSource().getPosition();
            int tp = d.getTarget().getPosition();
            if (!out.isEmpty() && sp == srcEnd && tp == tgtEnd) {
                Hunk last = out.remove(out.size() - 1);
                List<String> removed = new ArrayList<>(last.removed());
                removed.addAll(d.getSource().getLines());
                List<String> added = new ArrayList<>(last.added());
                added.addAll(d.getTarget().getLines());
                out.add(new Hunk(last.position(), removed, added));
            } else {
                out.add(new Hunk(sp, d.getSource().getLines(), d.getTarget().getLines()));
            }
            srcEnd = sp + d.getSource().size();
            tgtEnd = tp + d.getTarget().size();
        }
        return out;
    }

    private static String clip(String s) {
        String t = s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        return t.length() > MAX_LINE_CHARS ? t.substring(0, MAX_LINE_CHARS) + "…" : t;
    }
}
