package dev.provenant.api.audit;

import static dev.provenant.api.audit.Text.code;
import static dev.provenant.api.audit.Text.duration;
import static dev.provenant.api.audit.Text.md;
import static dev.provenant.api.audit.Text.orEmpty;
import static dev.provenant.api.audit.Text.size;
import static dev.provenant.api.audit.Text.time;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as Markdown (GitHub-flavoured tables), for review systems. Every recorded string goes
 * through {@link Text#md} (text) or {@link Text#code} (code spans), so a name, principal or
 * parameter cannot add HTML, links, emphasis, table cells or lines to the report.
 */
final class MarkdownRenderer {

    private final StringBuilder out = new StringBuilder(16 * 1024);

    static String render(AuditReport r) {
        return new MarkdownRenderer().report(r);
    }

    private String report(AuditReport r) {
        line("# Audit report: " + md(r.subject().id()));
        line();
        line("| | |");
        line("|---|---|");
        row(
                "Subject",
                code(r.subject().id()) + " (" + md(r.subject().kind()) + ", "
                        + md(r.subject().label()) + ")");
        row("As of", r.asOf() == null ? "now (" + time(r.generatedAt()) + ")" : time(r.asOf()));
        row("Generated", time(r.generatedAt()) + " by " + md(r.generatedBy()));
        row("Integrity", "**" + md(r.integrity().verdict()) + "**");
        row(
                "Closure",
                r.nodes().size() + " nodes, " + r.edges().size() + " edges, "
                        + r.runs().size() + " runs, "
                        + r.confirmations().size() + " confirmations, "
                        + r.events().size() + " events" + (r.lineageTruncated() ? " (lineage truncated)" : "")
                        + (r.eventsTruncated() ? " (events truncated)" : ""));
        if (r.reproducibility() != null && r.reproducibility().score() != null) {
            line();
            line("Reproducibility: **" + r.reproducibility().reproduced() + " of "
                    + r.reproducibility().runs()
                    + "** runs of the closure have an IDENTICAL or EQUIVALENT replay (score "
                    + String.format(Locale.ROOT, "%.2f", r.reproducibility().score()) + ")");
        }
        line();
        integrity(r.integrity());
        lineage(r);
        datasets(r.datasets());
        codeSection(r.code());
        environments(r.environments());
        runs(r.runs(), r.origins());
        confirmations(r.confirmations());
        models(r.models());
        events(r.events());
        return out.toString();
    }

    private void integrity(AuditReport.Integrity i) {
        line("## Integrity proof");
        line();
        line("- Verdict: **" + md(i.verdict()) + "**");
        line("- Event chain: " + i.chainLength() + " events, head " + code(i.chainHead()));
        AuditReport.Checkpoint cp = i.checkpoint();
        if (cp == null) {
            line("- Signed checkpoint: none covers these events yet");
        } else {
            line("- Signed checkpoint covering this report's events: length " + cp.length() + ", position "
                    + cp.position() + ", head " + code(cp.headHash()) + ", signed " + time(cp.signedAt()) + " by "
                    + code(cp.keyId()) + " — signature " + (cp.signatureValid() ? "valid" : "**INVALID**"));
        }
        line("- Events of this report: " + (i.eventsChained() ? "all chained" : "**not all chained yet**") + ", "
                + (i.eventsIntact() ? "all intact" : "**some changed since chained**"));
        AuditReport.Verification v = i.verification();
        if (v == null) {
            line("- Whole-chain verification: none recorded");
        } else {
            line("- Whole-chain verification (" + md(v.scope()) + "): " + (v.ok() ? "OK" : "**FAILED**") + ", "
                    + v.eventsChecked() + " events and " + v.checkpointsChecked() + " checkpoints checked, finished "
                    + time(v.finishedAt())
                    + (v.firstProblem() == null
                            ? ""
                            : "; " + v.problemCount() + " problem(s), first: " + md(v.firstProblem())));
        }
        long ok =
                i.artifactChecks().stream().filter(c -> c.status().equals("OK")).count();
        line("- Artifacts of the closure read back and checked: " + ok + " of "
                + i.artifactChecks().size() + " OK");
        for (AuditReport.ArtifactCheck c : i.artifactChecks()) {
            if (!c.status().equals("OK")) {
                line("  - " + code(c.digest()) + ": **" + md(c.status()) + "** " + md(c.detail()));
            }
        }
        line("- Signing key: " + code(i.keyId()) + ", Ed25519 public key (X.509, base64) " + code(i.publicKey()));
        line();
    }

    private void lineage(AuditReport r) {
        line("## Lineage (upstream closure)");
        line();
        line("| Node | Kind | Label | Hops |");
        line("|---|---|---|---:|");
        for (AuditReport.GraphNode n : r.nodes()) {
            line("| " + code(n.id()) + " | " + md(n.kind()) + " | " + md(n.label()) + " | " + n.distance() + " |");
        }
        line();
        if (!r.edges().isEmpty()) {
            line("Edges point from parent to child, the way data flows.");
            line();
            line("| From | Relation | To |");
            line("|---|---|---|");
            for (AuditReport.GraphEdge e : r.edges()) {
                line("| " + code(e.from()) + " | " + md(Text.relation(e.type())) + " | " + code(e.to()) + " |");
            }
            line();
        }
    }

    private void datasets(List<AuditReport.Dataset> datasets) {
        if (datasets.isEmpty()) {
            return;
        }
        line("## Datasets");
        line();
        line("| Dataset | Content digest | Size | Source | Registered by | Registered at |");
        line("|---|---|---:|---|---|---|");
        for (AuditReport.Dataset d : datasets) {
            line("| " + code(d.id()) + " | " + code(d.contentDigest()) + " | " + size(d.sizeBytes()) + " | "
                    + md(d.sourceUri()) + " | " + md(d.registeredBy()) + " | " + time(d.registeredAt()) + " |");
        }
        line();
    }

    private void codeSection(List<AuditReport.Code> code) {
        if (code.isEmpty()) {
            return;
        }
        line("## Code");
        line();
        line("| Snapshot digest | Repository | Commit | Branch | Uncommitted changes |");
        line("|---|---|---|---|---|");
        for (AuditReport.Code c : code) {
            line("| " + code(c.snapshotDigest()) + " | " + md(c.repository()) + " | " + code(c.commit()) + " | "
                    + md(c.branch()) + " | " + (c.dirty() ? "yes" : "no") + " |");
        }
        line();
    }

    private void environments(List<AuditReport.Environment> envs) {
        if (envs.isEmpty()) {
            return;
        }
        line("## Environments");
        line();
        for (AuditReport.Environment e : envs) {
            line("### " + code(e.digest()));
            line();
            if (e.properties().isEmpty()) {
                line("(no properties recorded)");
            } else {
                line("| Property | Value |");
                line("|---|---|");
                e.properties().forEach((k, v) -> line("| " + md(k) + " | " + md(v) + " |"));
            }
            line();
        }
    }

    private void runs(List<AuditReport.Run> runs, Map<String, String> origins) {
        if (runs.isEmpty()) {
            return;
        }
        line("## Runs");
        line();
        line("The runs of the closure: for each artifact, the run that produced it first (its origin).");
        line();
        for (AuditReport.Run r : runs) {
            line("### " + code(r.id()) + " " + md(r.name()) + " — " + md(r.status()));
            line();
            line("| Status | Exit code | Duration | Started by | Started | Finished |");
            line("|---|---:|---:|---|---|---|");
            line("| " + md(r.status()) + " | " + orEmpty(r.exitCode()) + " | " + duration(r.durationMillis()) + " | "
                    + md(r.startedBy()) + " | " + time(r.startedAt()) + " | " + time(r.finishedAt()) + " |");
            line();
            if (r.failureReason() != null) {
                line("- Failure: " + md(r.failureReason()));
            }
            if (r.command() != null && !r.command().isEmpty()) {
                line("- Command: " + code(String.join(" ", r.command())));
            }
            if (r.codeSnapshot() != null) {
                line("- Code: " + code(r.codeSnapshot())
                        + (r.codeCommit() == null ? "" : " (commit " + code(r.codeCommit()) + ")"));
            }
            if (r.environmentDigest() != null) {
                line("- Environment: " + code(r.environmentDigest()));
            }
            if (r.cacheHitOf() != null) {
                line("- Reused the outputs of " + code(r.cacheHitOf()) + " (cache hit)");
            }
            if (!r.parameters().isEmpty()) {
                line("- Parameters: "
                        + String.join(
                                ", ",
                                r.parameters().entrySet().stream()
                                        .map(e -> code(e.getKey() + "=" + e.getValue()))
                                        .toList()));
            }
            if (!r.metrics().isEmpty()) {
                line("- Metrics: "
                        + String.join(
                                ", ",
                                r.metrics().entrySet().stream()
                                        .map(MarkdownRenderer::metric)
                                        .toList()));
            }
            if (!r.replays().isEmpty()) {
                line("- Replayed " + r.replays().size() + " time(s): see Confirmations");
            }
            if (r.traced()) {
                line("- Traced: " + (r.undeclaredReads().isEmpty() ? "no undeclared reads" : "undeclared reads:"));
                for (AuditReport.UndeclaredRead u : r.undeclaredReads()) {
                    line("  - " + code(u.path()) + " " + code(u.digest()) + " (" + size(u.sizeBytes())
                            + (u.stored() ? ", stored" : ", digest only") + ")");
                }
                for (String w : r.undeclaredWrites()) {
                    line("  - undeclared write " + code(w));
                }
            }
            line();
            io("Inputs", r.inputs(), null, origins);
            io("Outputs", r.outputs(), r.id(), origins);
        }
    }

    private void confirmations(List<AuditReport.Confirmation> confirmations) {
        line("## Confirmations");
        line();
        line("Later runs that produced bytes of the closure again (cache hits, replays, independent"
                + " re-executions), and every replay of a run of the closure, with its verdict. They confirm the"
                + " runs above; they are not part of the closure.");
        line();
        if (confirmations.isEmpty()) {
            line("None recorded.");
            line();
            return;
        }
        line("| Run | Kind | Of | Verdict | Started | Reproduced |");
        line("|---|---|---|---|---|---|");
        for (AuditReport.Confirmation c : confirmations) {
            String reproduced = c.reproduced().isEmpty()
                    ? "—"
                    : String.join(
                            ", ",
                            c.reproduced().stream()
                                    .map(i -> md(i.name()) + " " + code(i.digest()))
                                    .toList());
            line("| " + code(c.runId()) + " | " + md(Text.confirmationKind(c.kind())) + " | " + code(c.of()) + " | "
                    + (c.verdict() == null ? "" : "**" + md(c.verdict()) + "**") + " | " + time(c.startedAt())
                    + " | " + reproduced + " |");
        }
        line();
        for (AuditReport.Confirmation c : confirmations) {
            if (!c.differences().isEmpty()) {
                line("- " + code(c.runId()) + " differs:");
                for (String d : c.differences()) {
                    line("  - " + md(d));
                }
            }
        }
        if (confirmations.stream().anyMatch(c -> !c.differences().isEmpty())) {
            line();
        }
    }

    private static String metric(Map.Entry<String, Double> e) {
        return code(e.getKey() + "=" + String.format(Locale.ROOT, "%s", e.getValue()));
    }

    /** Inputs or outputs; an output whose bytes an earlier run produced first names that run. */
    private void io(String title, List<AuditReport.Io> items, String producer, Map<String, String> origins) {
        if (items.isEmpty()) {
            return;
        }
        line("| " + title + " | Digest | Size |");
        line("|---|---|---:|");
        for (AuditReport.Io i : items) {
            String origin = origins.get(i.digest());
            String note = producer != null && origin != null && !origin.equals(producer)
                    ? " (same bytes first produced by " + code(origin) + ")"
                    : "";
            line("| " + md(i.name()) + note + " | " + code(i.digest()) + " | " + size(i.sizeBytes()) + " |");
        }
        line();
    }

    private void models(List<AuditReport.Model> models) {
        if (models.isEmpty()) {
            return;
        }
        line("## Model versions");
        line();
        for (AuditReport.Model m : models) {
            line("### " + code(m.id()) + " — stage " + md(m.stage()));
            line();
            line("- Registered from output " + code(m.outputName()) + " of " + code(m.runId()) + " by "
                    + md(m.registeredBy()) + " at " + time(m.registeredAt()));
            line("- Digest " + code(m.digest()) + ", " + size(m.sizeBytes()));
            line();
            if (!m.transitions().isEmpty()) {
                line("| When | From | To | By | Reason |");
                line("|---|---|---|---|---|");
                for (AuditReport.StageChange t : m.transitions()) {
                    line("| " + time(t.at()) + " | " + md(t.from()) + " | " + md(t.to()) + " | " + md(t.principal())
                            + " | " + md(t.reason()) + " |");
                }
                line();
            }
        }
    }

    private void events(List<AuditReport.Event> events) {
        line("## Events");
        line();
        line("Every event about a node of the closure, in global order, with its entry in the hash chain.");
        line();
        line("| Position | Chain | Time | Principal | Event | Aggregate | Entry hash | Intact |");
        line("|---:|---:|---|---|---|---|---|---|");
        for (AuditReport.Event e : events) {
            line("| " + e.position() + " | " + orEmpty(e.chainSeq()) + " | " + time(e.timestamp()) + " | "
                    + md(e.principal()) + " | " + md(e.type()) + " | " + code(e.aggregateId()) + " | "
                    + code(Text.shortDigest(e.entryHash())) + " | "
                    + (e.intact() == null ? "pending" : e.intact() ? "yes" : "**NO**") + " |");
        }
        line();
    }

    private void row(String k, String v) {
        line("| " + k + " | " + v + " |");
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private void line() {
        out.append('\n');
    }
}
