package dev.provenant.api.audit;

import static dev.provenant.api.audit.Text.duration;
import static dev.provenant.api.audit.Text.orEmpty;
import static dev.provenant.api.audit.Text.size;
import static dev.provenant.api.audit.Text.time;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the HTML and Markdown templates show of an {@link AuditReport}, section by section, decided
 * once: which rows a section has, the derived notes ("same bytes first produced by …"), counts,
 * and every size, duration and time already formatted. The templates ({@code
 * src/main/jte/html/audit/report.jte}, {@code src/main/jte/markdown/audit/report.jte}) only lay it
 * out; their engine escapes every value (HTML by context, Markdown through {@link MarkdownOutput}).
 * Build it with {@code ReportModel.of(report)}.
 */
public record ReportModel(
        Header header,
        Integrity integrity,
        Lineage lineage,
        List<Dataset> datasets,
        List<AuditReport.Code> code,
        List<AuditReport.Environment> environments,
        List<Run> runs,
        List<Confirmation> confirmations,
        List<Model> models,
        List<Event> events) {

    /** Who and what the report is about, when, and the closure's size. */
    public record Header(
            String subjectId,
            String subjectKind,
            String subjectLabel,
            String asOf,
            String generatedAt,
            String generatedBy,
            String verdict,
            boolean verified,
            int nodes,
            int edges,
            int runs,
            int confirmations,
            int events,
            boolean lineageTruncated,
            boolean eventsTruncated,
            Reproducibility reproducibility) {}

    /** Runs with an IDENTICAL or EQUIVALENT replay; {@code score} with two decimals. */
    public record Reproducibility(int reproduced, int runs, String score) {}

    /** The integrity proof; {@code failedArtifacts} are the artifact checks that are not OK. */
    public record Integrity(
            String verdict,
            boolean verified,
            long chainLength,
            String chainHead,
            Checkpoint checkpoint,
            boolean eventsChained,
            boolean eventsIntact,
            Verification verification,
            long artifactsOk,
            int artifactsChecked,
            List<AuditReport.ArtifactCheck> failedArtifacts,
            String keyId,
            String publicKey) {}

    /** The signed checkpoint covering the report's events. */
    public record Checkpoint(
            long length,
            long position,
            String headHash,
            String signedAt,
            String keyId,
            String signature,
            boolean signatureValid) {}

    /** The whole-chain verification; {@code firstProblem} null when there is none. */
    public record Verification(
            String scope,
            boolean ok,
            long eventsChecked,
            long checkpointsChecked,
            String finishedAt,
            long problemCount,
            String firstProblem) {}

    /** The upstream closure as nodes and edges (edge types read as relations: "consumed by"). */
    public record Lineage(List<AuditReport.GraphNode> nodes, List<Edge> edges) {}

    /** An edge of the closure, parent → child. */
    public record Edge(String from, String relation, String to) {}

    /** A dataset version. */
    public record Dataset(
            String id, String contentDigest, String size, String sourceUri, String registeredBy, String registeredAt) {}

    /** A run of the closure; {@code command} joined with spaces, parameters and metrics as {@code k=v}. */
    public record Run(
            String id,
            String name,
            String status,
            String exitCode,
            String duration,
            String startedBy,
            String startedAt,
            String finishedAt,
            String failureReason,
            String command,
            String codeSnapshot,
            String codeCommit,
            String environmentDigest,
            String cacheHitOf,
            List<String> parameters,
            List<String> metrics,
            int replays,
            boolean traced,
            List<UndeclaredRead> undeclaredReads,
            List<String> undeclaredWrites,
            List<Io> inputs,
            List<Io> outputs) {}

    /** A file a traced run read without declaring it. */
    public record UndeclaredRead(String path, String digest, String size, boolean stored) {}

    /**
     * An input or output; {@code firstProducedBy} names the run that produced the same bytes first
     * when that is not this run (outputs only), else null.
     */
    public record Io(String name, String digest, String size, String firstProducedBy) {}

    /** A run that confirms the closure; {@code kind} in words, {@code verdict} null unless a replay. */
    public record Confirmation(
            String runId,
            String kind,
            String of,
            String verdict,
            String startedAt,
            List<Io> reproduced,
            List<String> differences) {}

    /** A model version of the closure and its stage changes. */
    public record Model(
            String id,
            String stage,
            String outputName,
            String runId,
            String registeredBy,
            String registeredAt,
            String digest,
            String size,
            List<StageChange> transitions) {}

    /** A stage change. */
    public record StageChange(String at, String from, String to, String principal, String reason) {}

    /** An event; {@code intact} null while not chained. */
    public record Event(
            long position,
            String chainSeq,
            String time,
            String principal,
            String type,
            String aggregateId,
            String entryHash,
            String entryHashShort,
            Boolean intact) {}

    public static ReportModel of(AuditReport r) {
        return new ReportModel(
                header(r),
                integrity(r.integrity()),
                new Lineage(
                        r.nodes(),
                        r.edges().stream()
                                .map(e -> new Edge(e.from(), Text.relation(e.type()), e.to()))
                                .toList()),
                r.datasets().stream().map(ReportModel::dataset).toList(),
                r.code(),
                r.environments(),
                r.runs().stream().map(run -> run(run, r.origins())).toList(),
                r.confirmations().stream().map(ReportModel::confirmation).toList(),
                r.models().stream().map(ReportModel::model).toList(),
                r.events().stream().map(ReportModel::event).toList());
    }

    private static Header header(AuditReport r) {
        var rep = r.reproducibility();
        return new Header(
                r.subject().id(),
                r.subject().kind(),
                r.subject().label(),
                r.asOf() == null ? "now (" + time(r.generatedAt()) + ")" : time(r.asOf()),
                time(r.generatedAt()),
                r.generatedBy(),
                r.integrity().verdict(),
                verified(r.integrity().verdict()),
                r.nodes().size(),
                r.edges().size(),
                r.runs().size(),
                r.confirmations().size(),
                r.events().size(),
                r.lineageTruncated(),
                r.eventsTruncated(),
                rep == null || rep.score() == null
                        ? null
                        : new Reproducibility(
                                rep.reproduced(), rep.runs(), String.format(Locale.ROOT, "%.2f", rep.score())));
    }

    private static boolean verified(String verdict) {
        return "VERIFIED".equals(verdict);
    }

    private static Integrity integrity(AuditReport.Integrity i) {
        AuditReport.Checkpoint cp = i.checkpoint();
        AuditReport.Verification v = i.verification();
        return new Integrity(
                i.verdict(),
                verified(i.verdict()),
                i.chainLength(),
                i.chainHead(),
                cp == null
                        ? null
                        : new Checkpoint(
                                cp.length(),
                                cp.position(),
                                cp.headHash(),
                                time(cp.signedAt()),
                                cp.keyId(),
                                cp.signature(),
                                cp.signatureValid()),
                i.eventsChained(),
                i.eventsIntact(),
                v == null
                        ? null
                        : new Verification(
                                v.scope(),
                                v.ok(),
                                v.eventsChecked(),
                                v.checkpointsChecked(),
                                time(v.finishedAt()),
                                v.problemCount(),
                                v.firstProblem()),
                i.artifactChecks().stream().filter(c -> c.status().equals("OK")).count(),
                i.artifactChecks().size(),
                i.artifactChecks().stream()
                        .filter(c -> !c.status().equals("OK"))
                        .toList(),
                i.keyId(),
                i.publicKey());
    }

    private static Dataset dataset(AuditReport.Dataset d) {
        return new Dataset(
                d.id(),
                d.contentDigest(),
                size(d.sizeBytes()),
                d.sourceUri(),
                d.registeredBy(),
                time(d.registeredAt()));
    }

    private static Run run(AuditReport.Run r, Map<String, String> origins) {
        return new Run(
                r.id(),
                r.name(),
                r.status(),
                orEmpty(r.exitCode()),
                duration(r.durationMillis()),
                r.startedBy(),
                time(r.startedAt()),
                time(r.finishedAt()),
                r.failureReason(),
                r.command() == null || r.command().isEmpty() ? null : String.join(" ", r.command()),
                r.codeSnapshot(),
                r.codeCommit(),
                r.environmentDigest(),
                r.cacheHitOf(),
                r.parameters().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList(),
                r.metrics().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList(),
                r.replays().size(),
                r.traced(),
                r.undeclaredReads().stream()
                        .map(u -> new UndeclaredRead(u.path(), u.digest(), size(u.sizeBytes()), u.stored()))
                        .toList(),
                r.undeclaredWrites(),
                r.inputs().stream().map(i -> io(i, null, origins)).toList(),
                r.outputs().stream().map(i -> io(i, r.id(), origins)).toList());
    }

    /** An input ({@code producer} null) or an output of {@code producer}, with the bytes' origin if earlier. */
    private static Io io(AuditReport.Io i, String producer, Map<String, String> origins) {
        String origin = origins.get(i.digest());
        boolean elsewhere = producer != null && origin != null && !origin.equals(producer);
        return new Io(i.name(), i.digest(), size(i.sizeBytes()), elsewhere ? origin : null);
    }

    private static Confirmation confirmation(AuditReport.Confirmation c) {
        return new Confirmation(
                c.runId(),
                Text.confirmationKind(c.kind()),
                c.of(),
                c.verdict(),
                time(c.startedAt()),
                c.reproduced().stream()
                        .map(i -> new Io(i.name(), i.digest(), size(i.sizeBytes()), null))
                        .toList(),
                c.differences());
    }

    private static Model model(AuditReport.Model m) {
        return new Model(
                m.id(),
                m.stage(),
                m.outputName(),
                m.runId(),
                m.registeredBy(),
                time(m.registeredAt()),
                m.digest(),
                size(m.sizeBytes()),
                m.transitions().stream()
                        .map(t -> new StageChange(time(t.at()), t.from(), t.to(), t.principal(), t.reason()))
                        .toList());
    }

    private static Event event(AuditReport.Event e) {
        return new Event(
                e.position(),
                orEmpty(e.chainSeq()),
                time(e.timestamp()),
                e.principal(),
                e.type(),
                e.aggregateId(),
                e.entryHash(),
                Text.shortDigest(e.entryHash()),
                e.intact());
    }
}
