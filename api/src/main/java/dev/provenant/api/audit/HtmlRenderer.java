package dev.provenant.api.audit;

import static dev.provenant.api.audit.Text.duration;
import static dev.provenant.api.audit.Text.html;
import static dev.provenant.api.audit.Text.size;
import static dev.provenant.api.audit.Text.time;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched),
 * readable on screen and printable. The lineage is drawn left (sources) to right (the subject).
 */
final class HtmlRenderer {

    private static final int BOX_W = 220;
    private static final int BOX_H = 46;
    private static final int COL_GAP = 80;
    private static final int ROW_GAP = 14;
    private static final int PAD = 12;

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;margin:2rem auto;\
            max-width:1100px;padding:0 1rem}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #d0d7de;\
            padding-bottom:.2rem;margin-top:2rem}h3{font-size:1rem;margin-bottom:.3rem}
            table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border:1px solid #d0d7de;\
            padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}td.n{text-align:right}
            code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
            .verdict{display:inline-block;padding:.15rem .6rem;border-radius:4px;font-weight:600}
            .ok{background:#dcfce7;color:#14532d}.bad{background:#fee2e2;color:#7f1d1d}
            .meta td:first-child{width:10rem;font-weight:600}.graph{overflow-x:auto;border:1px solid #d0d7de;\
            border-radius:6px;padding:.5rem;background:#fcfcfd}
            svg text{font:12px system-ui,sans-serif}svg .kind{font-size:10px;fill:#52606d}
            @media print{body{margin:0;max-width:none}.graph{overflow:visible}h2{break-after:avoid}\
            table,.graph{break-inside:avoid}}
            """;

    private final StringBuilder out = new StringBuilder(32 * 1024);

    static String render(AuditReport r) {
        return new HtmlRenderer().report(r);
    }

    private String report(AuditReport r) {
        boolean ok = r.integrity().verdict().equals("VERIFIED");
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Audit report: ")
                .append(html(r.subject().id()))
                .append("</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n");
        out.append("<h1>Audit report: <code>").append(html(r.subject().id())).append("</code></h1>\n");
        out.append("<table class=\"meta\">\n");
        meta(
                "Subject",
                "<code>" + html(r.subject().id()) + "</code> ("
                        + html(r.subject().kind()) + ", " + html(r.subject().label()) + ")");
        meta("As of", r.asOf() == null ? "now (" + time(r.generatedAt()) + ")" : time(r.asOf()));
        meta("Generated", time(r.generatedAt()) + " by " + html(r.generatedBy()));
        meta(
                "Integrity",
                "<span class=\"verdict " + (ok ? "ok" : "bad") + "\">"
                        + html(r.integrity().verdict()) + "</span>");
        meta(
                "Closure",
                r.nodes().size() + " nodes, " + r.edges().size() + " edges, "
                        + r.runs().size() + " runs, " + r.confirmations().size() + " confirmations, "
                        + r.events().size() + " events");
        if (r.reproducibility() != null && r.reproducibility().score() != null) {
            meta(
                    "Reproducibility",
                    r.reproducibility().reproduced() + " of "
                            + r.reproducibility().runs()
                            + " runs with an IDENTICAL or EQUIVALENT replay (score "
                            + String.format(
                                    java.util.Locale.ROOT,
                                    "%.2f",
                                    r.reproducibility().score()) + ")");
        }
        out.append("</table>\n");
        graph(r);
        integrity(r.integrity());
        datasets(r.datasets());
        codeSection(r.code());
        environments(r.environments());
        runs(r.runs(), r.origins());
        confirmations(r.confirmations());
        models(r.models());
        events(r.events());
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private void meta(String k, String v) {
        out.append("<tr><td>").append(html(k)).append("</td><td>").append(v).append("</td></tr>\n");
    }

    private void graph(AuditReport r) {
        out.append("<h2>Lineage</h2>\n");
        if (r.nodes().isEmpty()) {
            out.append("<p>No lineage recorded.</p>\n");
            return;
        }
        int maxDistance = r.nodes().stream()
                .mapToInt(AuditReport.GraphNode::distance)
                .max()
                .orElse(0);
        Map<Integer, Integer> rows = new HashMap<>();
        Map<String, int[]> at = new HashMap<>();
        for (AuditReport.GraphNode n : r.nodes()) {
            int col = maxDistance - n.distance();
            int row = rows.merge(col, 1, Integer::sum) - 1;
            at.put(n.id(), new int[] {PAD + col * (BOX_W + COL_GAP), PAD + row * (BOX_H + ROW_GAP)});
        }
        int maxRows = rows.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int width = 2 * PAD + (maxDistance + 1) * BOX_W + maxDistance * COL_GAP;
        int height = 2 * PAD + maxRows * BOX_H + (maxRows - 1) * ROW_GAP;
        out.append("<div class=\"graph\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"Lineage graph of ")
                .append(html(r.subject().id()))
                .append("\">\n")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
                        + " markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\""
                        + " fill=\"#7b8794\"/></marker></defs>\n");
        for (AuditReport.GraphEdge e : r.edges()) {
            int[] a = at.get(e.from());
            int[] b = at.get(e.to());
            if (a == null || b == null) {
                continue;
            }
            int x1 = a[0] + BOX_W;
            int y1 = a[1] + BOX_H / 2;
            int x2 = b[0];
            int y2 = b[1] + BOX_H / 2;
            int bend = Math.max(30, Math.abs(x2 - x1) / 2);
            out.append(String.format(
                    Locale.ROOT,
                    "<path d=\"M%d,%d C%d,%d %d,%d %d,%d\" fill=\"none\" stroke=\"#9aa5b1\" stroke-width=\"1.3\""
                            + " marker-end=\"url(#arrow)\"><title>%s</title></path>\n",
                    x1,
                    y1,
                    x1 + bend,
                    y1,
                    x2 - bend,
                    y2,
                    x2,
                    y2,
                    html(e.from() + " " + Text.relation(e.type()) + " " + e.to())));
        }
        for (AuditReport.GraphNode n : r.nodes()) {
            int[] p = at.get(n.id());
            String label = n.label() == null || n.label().isBlank() ? Text.shortDigest(n.id()) : n.label();
            out.append(String.format(
                    Locale.ROOT,
                    "<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\""
                            + " stroke=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>"
                            + "<text class=\"kind\" x=\"%d\" y=\"%d\">%s</text></g>\n",
                    html(n.id()),
                    p[0],
                    p[1],
                    BOX_W,
                    BOX_H,
                    fill(n.kind()),
                    n.distance() == 0 ? "#1f2933" : "#9aa5b1",
                    p[0] + 8,
                    p[1] + 19,
                    html(truncate(label, 30)),
                    p[0] + 8,
                    p[1] + 36,
                    html(n.kind().replace('_', ' ').toLowerCase(Locale.ROOT) + " · " + Text.shortDigest(n.id()))));
        }
        out.append("</svg>\n</div>\n");
        out.append("<table>\n<tr><th>Node</th><th>Kind</th><th>Label</th><th>Hops</th></tr>\n");
        for (AuditReport.GraphNode n : r.nodes()) {
            tr(code(n.id()), html(n.kind()), html(n.label()), num(n.distance()));
        }
        out.append("</table>\n");
        if (!r.edges().isEmpty()) {
            out.append("<p>Edges point from parent to child, the way data flows.</p>\n<table>\n"
                    + "<tr><th>From</th><th>Relation</th><th>To</th></tr>\n");
            for (AuditReport.GraphEdge e : r.edges()) {
                tr(code(e.from()), html(Text.relation(e.type())), code(e.to()));
            }
            out.append("</table>\n");
        }
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

    private void integrity(AuditReport.Integrity i) {
        out.append("<h2>Integrity proof</h2>\n<table class=\"meta\">\n");
        meta(
                "Verdict",
                "<span class=\"verdict " + (i.verdict().equals("VERIFIED") ? "ok" : "bad") + "\">" + html(i.verdict())
                        + "</span>");
        meta("Event chain", i.chainLength() + " events, head " + code(i.chainHead()));
        AuditReport.Checkpoint cp = i.checkpoint();
        meta(
                "Signed checkpoint",
                cp == null
                        ? "none covers these events yet"
                        : "length " + cp.length() + ", position " + cp.position() + ", head " + code(cp.headHash())
                                + ", signed " + time(cp.signedAt()) + " by " + code(cp.keyId()) + " — signature "
                                + (cp.signatureValid() ? "valid" : "<strong>INVALID</strong>")
                                + "<br>signature " + code(cp.signature()));
        meta(
                "Events of this report",
                (i.eventsChained() ? "all chained" : "<strong>not all chained yet</strong>") + ", "
                        + (i.eventsIntact() ? "all intact" : "<strong>some changed since chained</strong>"));
        AuditReport.Verification v = i.verification();
        meta(
                "Whole-chain verification",
                v == null
                        ? "none recorded"
                        : html(v.scope()) + ": " + (v.ok() ? "OK" : "<strong>FAILED</strong>") + ", "
                                + v.eventsChecked() + " events and " + v.checkpointsChecked()
                                + " checkpoints checked, finished " + time(v.finishedAt())
                                + (v.firstProblem() == null
                                        ? ""
                                        : "; " + v.problemCount() + " problem(s), first: " + html(v.firstProblem())));
        long ok =
                i.artifactChecks().stream().filter(c -> c.status().equals("OK")).count();
        StringBuilder arts = new StringBuilder(ok + " of " + i.artifactChecks().size() + " read back and OK");
        for (AuditReport.ArtifactCheck c : i.artifactChecks()) {
            if (!c.status().equals("OK")) {
                arts.append("<br>")
                        .append(code(c.digest()))
                        .append(": <strong>")
                        .append(html(c.status()))
                        .append("</strong> ")
                        .append(html(c.detail()));
            }
        }
        meta("Artifacts of the closure", arts.toString());
        meta("Signing key", code(i.keyId()) + "<br>Ed25519 public key (X.509, base64) " + code(i.publicKey()));
        out.append("</table>\n");
    }

    private void datasets(List<AuditReport.Dataset> datasets) {
        if (datasets.isEmpty()) {
            return;
        }
        out.append("<h2>Datasets</h2>\n<table>\n<tr><th>Dataset</th><th>Content digest</th><th>Size</th>"
                + "<th>Source</th><th>Registered</th></tr>\n");
        for (AuditReport.Dataset d : datasets) {
            tr(
                    code(d.id()),
                    code(d.contentDigest()),
                    num(size(d.sizeBytes())),
                    html(d.sourceUri()),
                    html(d.registeredBy()) + "<br>" + time(d.registeredAt()));
        }
        out.append("</table>\n");
    }

    private void codeSection(List<AuditReport.Code> code) {
        if (code.isEmpty()) {
            return;
        }
        out.append("<h2>Code</h2>\n<table>\n<tr><th>Snapshot digest</th><th>Repository</th><th>Commit</th>"
                + "<th>Branch</th><th>Uncommitted changes</th></tr>\n");
        for (AuditReport.Code c : code) {
            tr(
                    code(c.snapshotDigest()),
                    html(c.repository()),
                    code(c.commit()),
                    html(c.branch()),
                    c.dirty() ? "yes" : "no");
        }
        out.append("</table>\n");
    }

    private void environments(List<AuditReport.Environment> envs) {
        if (envs.isEmpty()) {
            return;
        }
        out.append("<h2>Environments</h2>\n");
        for (AuditReport.Environment e : envs) {
            out.append("<h3>").append(code(e.digest())).append("</h3>\n<table>\n");
            out.append("<tr><th>Property</th><th>Value</th></tr>\n");
            e.properties().forEach((k, v) -> tr(html(k), html(v)));
            out.append("</table>\n");
        }
    }

    private void runs(List<AuditReport.Run> runs, Map<String, String> origins) {
        if (runs.isEmpty()) {
            return;
        }
        out.append("<h2>Runs</h2>\n<p>The runs of the closure: for each artifact, the run that produced it first"
                + " (its origin).</p>\n");
        for (AuditReport.Run r : runs) {
            out.append("<h3>")
                    .append(code(r.id()))
                    .append(' ')
                    .append(html(r.name()))
                    .append(" — ")
                    .append(html(r.status()))
                    .append("</h3>\n<table>\n<tr><th>Status</th><th>Exit code</th><th>Duration</th><th>Started by</th>"
                            + "<th>Started</th><th>Finished</th></tr>\n");
            tr(
                    html(r.status()),
                    num(Text.orEmpty(r.exitCode())),
                    num(duration(r.durationMillis())),
                    html(r.startedBy()),
                    time(r.startedAt()),
                    time(r.finishedAt()));
            out.append("</table>\n<table class=\"meta\">\n");
            if (r.failureReason() != null) {
                meta("Failure", html(r.failureReason()));
            }
            if (r.command() != null && !r.command().isEmpty()) {
                meta("Command", code(String.join(" ", r.command())));
            }
            if (r.codeSnapshot() != null) {
                meta(
                        "Code",
                        code(r.codeSnapshot()) + (r.codeCommit() == null ? "" : " commit " + code(r.codeCommit())));
            }
            if (r.environmentDigest() != null) {
                meta("Environment", code(r.environmentDigest()));
            }
            if (r.cacheHitOf() != null) {
                meta("Cache hit of", code(r.cacheHitOf()));
            }
            if (!r.parameters().isEmpty()) {
                List<String> ps = new ArrayList<>();
                r.parameters().forEach((k, v) -> ps.add(code(k + "=" + v)));
                meta("Parameters", String.join(" ", ps));
            }
            if (!r.metrics().isEmpty()) {
                List<String> ms = new ArrayList<>();
                r.metrics().forEach((k, v) -> ms.add(code(k + "=" + v)));
                meta("Metrics", String.join(" ", ms));
            }
            if (!r.replays().isEmpty()) {
                meta("Replays", r.replays().size() + ", see Confirmations");
            }
            if (r.traced()) {
                List<String> us = new ArrayList<>();
                for (AuditReport.UndeclaredRead u : r.undeclaredReads()) {
                    us.add(code(u.path()) + " " + code(u.digest()) + (u.stored() ? "" : " (digest only)"));
                }
                for (String w : r.undeclaredWrites()) {
                    us.add("write " + code(w));
                }
                meta("Undeclared", us.isEmpty() ? "none (traced)" : String.join("<br>", us));
            }
            out.append("</table>\n");
            io("Inputs", r.inputs(), null, origins);
            io("Outputs", r.outputs(), r.id(), origins);
        }
    }

    private void confirmations(List<AuditReport.Confirmation> confirmations) {
        out.append("<h2>Confirmations</h2>\n<p>Later runs that produced bytes of the closure again (cache hits,"
                + " replays, independent re-executions), and every replay of a run of the closure, with its verdict."
                + " They confirm the runs above; they are not part of the closure.</p>\n");
        if (confirmations.isEmpty()) {
            out.append("<p>None recorded.</p>\n");
            return;
        }
        out.append("<table>\n<tr><th>Run</th><th>Kind</th><th>Of</th><th>Verdict</th><th>Started</th>"
                + "<th>Reproduced</th></tr>\n");
        for (AuditReport.Confirmation c : confirmations) {
            String reproduced = c.reproduced().isEmpty()
                    ? "—"
                    : String.join(
                            "<br>",
                            c.reproduced().stream()
                                    .map(i -> html(i.name()) + " " + code(i.digest()))
                                    .toList());
            String verdict = c.verdict() == null ? "" : "<strong>" + html(c.verdict()) + "</strong>";
            for (String d : c.differences()) {
                verdict += "<br>" + html(d);
            }
            tr(
                    code(c.runId()),
                    html(Text.confirmationKind(c.kind())),
                    code(c.of()),
                    verdict,
                    time(c.startedAt()),
                    reproduced);
        }
        out.append("</table>\n");
    }

    /** Inputs or outputs; an output whose bytes an earlier run produced first names that run. */
    private void io(String title, List<AuditReport.Io> items, String producer, Map<String, String> origins) {
        if (items.isEmpty()) {
            return;
        }
        out.append("<table>\n<tr><th>").append(title).append("</th><th>Digest</th><th>Size</th></tr>\n");
        for (AuditReport.Io i : items) {
            String origin = origins.get(i.digest());
            String note = producer != null && origin != null && !origin.equals(producer)
                    ? " (same bytes first produced by " + code(origin) + ")"
                    : "";
            tr(html(i.name()) + note, code(i.digest()), num(size(i.sizeBytes())));
        }
        out.append("</table>\n");
    }

    private void models(List<AuditReport.Model> models) {
        if (models.isEmpty()) {
            return;
        }
        out.append("<h2>Model versions</h2>\n");
        for (AuditReport.Model m : models) {
            out.append("<h3>")
                    .append(code(m.id()))
                    .append(" — stage ")
                    .append(html(m.stage()))
                    .append("</h3>\n<table class=\"meta\">\n");
            meta(
                    "Registered",
                    "from output " + code(m.outputName()) + " of " + code(m.runId()) + " by " + html(m.registeredBy())
                            + " at " + time(m.registeredAt()));
            meta("Digest", code(m.digest()) + ", " + html(size(m.sizeBytes())));
            out.append("</table>\n");
            if (!m.transitions().isEmpty()) {
                out.append("<table>\n<tr><th>When</th><th>From</th><th>To</th><th>By</th><th>Reason</th></tr>\n");
                for (AuditReport.StageChange t : m.transitions()) {
                    tr(time(t.at()), html(t.from()), html(t.to()), html(t.principal()), html(t.reason()));
                }
                out.append("</table>\n");
            }
        }
    }

    private void events(List<AuditReport.Event> events) {
        out.append("<h2>Events</h2>\n<p>Every event about a node of the closure, in global order, with its entry in"
                + " the hash chain.</p>\n<table>\n<tr><th>Position</th><th>Chain</th><th>Time</th><th>Principal</th>"
                + "<th>Event</th><th>Aggregate</th><th>Entry hash</th><th>Intact</th></tr>\n");
        for (AuditReport.Event e : events) {
            tr(
                    num(e.position()),
                    num(Text.orEmpty(e.chainSeq())),
                    time(e.timestamp()),
                    html(e.principal()),
                    html(e.type()),
                    code(e.aggregateId()),
                    e.entryHash() == null
                            ? ""
                            : "<code title=\"" + html(e.entryHash()) + "\">" + html(Text.shortDigest(e.entryHash()))
                                    + "</code>",
                    e.intact() == null ? "pending" : e.intact() ? "yes" : "<strong>NO</strong>");
        }
        out.append("</table>\n");
    }

    private void tr(String... cells) {
        out.append("<tr>");
        for (String c : cells) {
            if (c.startsWith("\u0000n")) {
                out.append("<td class=\"n\">").append(c.substring(2)).append("</td>");
            } else {
                out.append("<td>").append(c).append("</td>");
            }
        }
        out.append("</tr>\n");
    }

    /** Marks a cell as numeric (right-aligned). */
    private static String num(Object o) {
        return "\u0000n" + html(o);
    }

    private static String code(String s) {
        return s == null || s.isEmpty() ? "" : "<code>" + html(s) + "</code>";
    }
}
