package dev.provenant.api.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lineage laid out for the HTML page's SVG: one column per hop, sources on the left and the
 * subject on the right, edges as curves from a box's right side to the next box's left side.
 * Coordinates only; the template draws it.
 */
public record LineageDrawing(int width, int height, List<Curve> curves, List<Box> boxes) {

    static final int BOX_W = 220;
    static final int BOX_H = 46;
    private static final int COL_GAP = 80;
    private static final int ROW_GAP = 14;
    private static final int PAD = 12;

    /** An edge: a cubic curve from (x1,y1) to (x2,y2); {@code title} reads "from relation to". */
    public record Curve(int x1, int y1, int c1x, int c2x, int x2, int y2, String title) {}

    /** A node's box; the subject's has a dark outline. */
    public record Box(String id, int x, int y, String fill, String stroke, String label, String caption) {}

    public static LineageDrawing of(ReportModel.Lineage lineage) {
        List<AuditReport.GraphNode> nodes = lineage.nodes();
        int maxDistance =
                nodes.stream().mapToInt(AuditReport.GraphNode::distance).max().orElse(0);
        Map<Integer, Integer> rows = new HashMap<>();
        Map<String, int[]> at = new HashMap<>();
        List<Box> boxes = new ArrayList<>();
        for (AuditReport.GraphNode n : nodes) {
            int col = maxDistance - n.distance();
            int row = rows.merge(col, 1, Integer::sum) - 1;
            int[] p = {PAD + col * (BOX_W + COL_GAP), PAD + row * (BOX_H + ROW_GAP)};
            at.put(n.id(), p);
            boxes.add(box(n, p));
        }
        List<Curve> curves = new ArrayList<>();
        for (ReportModel.Edge e : lineage.edges()) {
            int[] a = at.get(e.from());
            int[] b = at.get(e.to());
            if (a != null && b != null) {
                int x1 = a[0] + BOX_W;
                int x2 = b[0];
                int bend = Math.max(30, Math.abs(x2 - x1) / 2);
                curves.add(new Curve(
                        x1,
                        a[1] + BOX_H / 2,
                        x1 + bend,
                        x2 - bend,
                        x2,
                        b[1] + BOX_H / 2,
                        e.from() + " " + e.relation() + " " + e.to()));
            }
        }
        int maxRows = rows.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int width = 2 * PAD + (maxDistance + 1) * BOX_W + maxDistance * COL_GAP;
        int height = 2 * PAD + maxRows * BOX_H + (maxRows - 1) * ROW_GAP;
        return new LineageDrawing(width, height, curves, boxes);
    }

    private static Box box(AuditReport.GraphNode n, int[] p) {
        String label = n.label() == null || n.label().isBlank() ? Text.shortDigest(n.id()) : n.label();
        return new Box(
                n.id(),
                p[0],
                p[1],
                fill(n.kind()),
                n.distance() == 0 ? "#1f2933" : "#9aa5b1",
                truncate(label, 30),
                n.kind().replace('_', ' ').toLowerCase(Locale.ROOT) + " · " + Text.shortDigest(n.id()));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String fill(String kind) {
        return switch (kind) {
            case "DATASET_VERSION" -> "#dbeafe";
            case "CODE_SNAPSHOT" -> "#dcfce7";
            case "ENVIRONMENT" -> "#fef9c3";
            case "RUN" -> "#ffedd5";
            case "MODEL_VERSION" -> "#fce7f3";
            default -> "#f3f4f6";
        };
    }
}
