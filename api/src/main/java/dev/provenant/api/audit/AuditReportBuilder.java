package dev.provenant.api.audit;

import static dev.provenant.messages.common.Ids.text;

import dev.provenant.api.config.AuditProperties;
import dev.provenant.lineage.ledger.ArtifactChecker;
import dev.provenant.lineage.ledger.Ledger;
import dev.provenant.lineage.ledger.LedgerEntryView;
import dev.provenant.messages.common.Ids;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.DatasetVersionView;
import dev.provenant.messages.dataset.FindDatasetVersionQuery;
import dev.provenant.messages.ledger.ArtifactsMode;
import dev.provenant.messages.ledger.LedgerCheckpointView;
import dev.provenant.messages.ledger.LedgerHead;
import dev.provenant.messages.ledger.LedgerProblem;
import dev.provenant.messages.ledger.LedgerVerification;
import dev.provenant.messages.lineage.ArtifactOrigins;
import dev.provenant.messages.lineage.ArtifactOriginsQuery;
import dev.provenant.messages.lineage.ConfirmationKind;
import dev.provenant.messages.lineage.ConfirmingRun;
import dev.provenant.messages.lineage.ConfirmingRunsQuery;
import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.EdgeType;
import dev.provenant.messages.lineage.FindNodeQuery;
import dev.provenant.messages.lineage.HistoryEntry;
import dev.provenant.messages.lineage.HistoryQuery;
import dev.provenant.messages.lineage.HistoryResult;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.model.FindModelVersionQuery;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.model.ModelVersionView;
import dev.provenant.messages.run.FindRunQuery;
import dev.provenant.messages.run.MetricDifference;
import dev.provenant.messages.run.OutputDifference;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunInput;
import dev.provenant.messages.run.RunOutput;
import dev.provenant.messages.run.RunView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Builds an {@link AuditReport} from the read models (through the query gateway, like every other
 * read) and the ledger. The whole chain is verified at report time when it has at most {@code
 * provenant.audit.verify-max-events} events (default 2,000,000, about ten seconds); beyond that the
 * report shows the latest recorded verification and says so.
 */
@Component
public class AuditReportBuilder {

    static final int MAX_EVENTS = 10_000;
    static final String PENDING = "PENDING";

    private final QueryGateway queries;
    private final Ledger ledger;
    private final ArtifactChecker artifacts;
    private final long verifyMaxEvents;
    private final Clock clock;
    private final dev.provenant.api.reproducibility.ReproducibilityService reproducibility;

    public AuditReportBuilder(
            QueryGateway queries, Ledger ledger, ArtifactChecker artifacts, AuditProperties properties) {
        this.queries = queries;
        this.ledger = ledger;
        this.artifacts = artifacts;
        this.verifyMaxEvents = properties.verifyMaxEvents();
        this.clock = Clock.systemUTC();
        this.reproducibility = new dev.provenant.api.reproducibility.ReproducibilityService(queries);
    }

    /** The report on {@code node} as of {@code asOf} (null: now); empty when the node is unknown then. */
    public Optional<AuditReport> build(String node, Instant asOf, String principal) {
        NodeId nodeId = NodeId.parse(node);
        Optional<LineageGraph.Node> root = queries.query(
                        new FindNodeQuery(nodeId, asOf), ResponseTypes.optionalInstanceOf(LineageGraph.Node.class))
                .join();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        LineageGraph graph = queries.query(
                        new LineageQuery(
                                nodeId, Direction.UPSTREAM, LineageQuery.MAX_DEPTH, asOf, LineageQuery.MAX_LIMIT),
                        LineageGraph.class)
                .join();

        Closure closure = new Closure(graph, asOf);
        Confirmations confirmations = new Confirmations(nodeId.value(), asOf, graph, closure.runViews.values());
        List<AuditReport.Run> runs = new ArrayList<>();
        for (RunView r : closure.runViews.values()) {
            closure.addEnvironmentProperties(r);
            runs.add(run(r, confirmations.replaysOf(r), asOf));
        }
        Map<String, String> origins = origins(runs, asOf);

        List<AuditReport.Event> events = new ArrayList<>();
        boolean eventsTruncated = events(graph, asOf, events);
        ledger.chainNow();
        List<LedgerEntryView> entries =
                ledger.entries(events.stream().map(AuditReport.Event::position).toList());
        AuditReport.Integrity integrity = integrity(
                events, entries, closureDigests(closure.datasets, closure.code, runs, closure.models), principal);

        LineageGraph.Node r = root.get();
        return Optional.of(new AuditReport(
                new AuditReport.Subject(r.id().value(), r.kind().name(), r.label()),
                asOf,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                principal,
                graph.nodes().stream()
                        .map(n -> new AuditReport.GraphNode(
                                n.id().value(), n.kind().name(), n.label(), n.distance()))
                        .toList(),
                graph.edges().stream()
                        .map(e -> new AuditReport.GraphEdge(
                                e.from().value(), e.to().value(), e.type().name()))
                        .toList(),
                graph.truncated(),
                closure.datasets,
                closure.code,
                List.copyOf(closure.environments.values()),
                runs,
                confirmations.sorted(),
                closure.models,
                closure.artifacts,
                origins,
                attachChain(events, entries),
                eventsTruncated,
                integrity,
                reproducibility.of(graph, asOf)));
    }

    /**
     * The closure's nodes by kind, as the read models describe them; runs are kept as views until
     * their replays are known, and environments get their properties from the runs that used them.
     */
    private final class Closure {
        final List<AuditReport.Dataset> datasets = new ArrayList<>();
        final List<AuditReport.Code> code = new ArrayList<>();
        final Map<String, AuditReport.Environment> environments = new LinkedHashMap<>();
        final Map<String, RunView> runViews = new LinkedHashMap<>();
        final List<AuditReport.Model> models = new ArrayList<>();
        final List<AuditReport.Artifact> artifacts = new ArrayList<>();

        Closure(LineageGraph graph, Instant asOf) {
            for (LineageGraph.Node n : graph.nodes()) {
                String id = n.id().value();
                switch (n.kind()) {
                    case DATASET_VERSION -> dataset(id).ifPresent(d -> datasets.add(dataset(d)));
                    case CODE_SNAPSHOT ->
                        code.add(new AuditReport.Code(
                                id,
                                n.attributes().get("repository"),
                                n.attributes().get("commit"),
                                n.attributes().get("branch"),
                                Boolean.parseBoolean(n.attributes().get("dirty"))));
                    case RUN -> run(id).ifPresent(r -> runViews.put(r.id().toString(), r));
                    case MODEL_VERSION -> model(id, asOf).ifPresent(m -> models.add(model(m)));
                    case ARTIFACT ->
                        artifacts.add(new AuditReport.Artifact(
                                id, n.label(), parseLong(n.attributes().get("sizeBytes"))));
                    case ENVIRONMENT -> environments.put(id, new AuditReport.Environment(id, Map.of()));
                }
            }
        }

        /** Gives the closure's environment node of run {@code r} the properties the run recorded. */
        void addEnvironmentProperties(RunView r) {
            if (r.environment() != null
                    && environments.containsKey(text(r.environment().digest()))) {
                environments.put(
                        text(r.environment().digest()),
                        new AuditReport.Environment(
                                text(r.environment().digest()),
                                new TreeMap<>(r.environment().properties())));
            }
        }
    }

    /**
     * The runs that confirm the closure: replays of its runs, and runs that produced bytes of the
     * closure again; with what the read model knows of each and, for a replay with a verdict, its
     * differences.
     */
    private final class Confirmations {
        private final Map<String, List<String>> replaysByRun = new LinkedHashMap<>();
        private final Map<String, List<AuditReport.Io>> reproduced;
        private final Set<String> confirming;
        private final Map<String, ConfirmingRun> facts = new LinkedHashMap<>();
        private final Map<String, List<String>> differences = new LinkedHashMap<>();

        Confirmations(String id, Instant asOf, LineageGraph graph, Collection<RunView> runs) {
            for (RunView r : runs) {
                replaysByRun.put(r.id().toString(), replayIds(r.id().toString(), asOf));
            }
            reproduced = reproduced(id, asOf, graph);
            confirming = new LinkedHashSet<>(reproduced.keySet());
            replaysByRun.values().forEach(confirming::addAll);
            if (!confirming.isEmpty()) {
                queries.query(
                                new ConfirmingRunsQuery(
                                        confirming.stream().map(RunId::parse).toList(), asOf),
                                ResponseTypes.multipleInstancesOf(ConfirmingRun.class))
                        .join()
                        .forEach(f -> facts.put(f.runId().toString(), f));
            }
            for (ConfirmingRun f : facts.values()) {
                if (f.kind() == ConfirmationKind.REPLAY && f.verdict() != null) {
                    differences.put(
                            f.runId().toString(), replayDifferences(f.runId().toString()));
                }
            }
        }

        /** The replays of run {@code r} the read model knows of. */
        List<AuditReport.Replay> replaysOf(RunView r) {
            List<AuditReport.Replay> replays = new ArrayList<>();
            for (String replay : replaysByRun.get(r.id().toString())) {
                ConfirmingRun f = facts.get(replay);
                if (f != null) {
                    replays.add(new AuditReport.Replay(
                            replay,
                            f.verdict() == null ? PENDING : f.verdict(),
                            f.startedAt(),
                            differences.getOrDefault(replay, List.of())));
                }
            }
            return replays;
        }

        /** Every confirmation the read model knows of, earliest first. */
        List<AuditReport.Confirmation> sorted() {
            List<AuditReport.Confirmation> confirmations = new ArrayList<>();
            for (String c : confirming) {
                ConfirmingRun f = facts.get(c);
                if (f == null) {
                    continue;
                }
                confirmations.add(new AuditReport.Confirmation(
                        c,
                        f.kind().name(),
                        Ids.text(f.of()),
                        f.kind() == ConfirmationKind.REPLAY ? (f.verdict() == null ? PENDING : f.verdict()) : null,
                        f.startedAt(),
                        List.copyOf(reproduced.getOrDefault(c, List.of())),
                        differences.getOrDefault(c, List.of())));
            }
            confirmations.sort(Comparator.comparing(AuditReport.Confirmation::startedAt)
                    .thenComparing(AuditReport.Confirmation::runId));
            return List.copyOf(confirmations);
        }
    }

    /** A replay's output and metric differences, one line each (none when the replay is not found). */
    private List<String> replayDifferences(String replayId) {
        return run(replayId)
                .map(v -> java.util.stream.Stream.concat(
                                v.differences().stream().map(AuditReportBuilder::difference),
                                v.metricDifferences().stream().map(AuditReportBuilder::metricDifference))
                        .toList())
                .orElse(List.of());
    }

    private Optional<DatasetVersionView> dataset(String id) {
        return queries.query(
                        new FindDatasetVersionQuery(DatasetVersionId.parse(id)),
                        ResponseTypes.optionalInstanceOf(DatasetVersionView.class))
                .join();
    }

    private Optional<RunView> run(String id) {
        return queries.query(new FindRunQuery(RunId.parse(id)), ResponseTypes.optionalInstanceOf(RunView.class))
                .join();
    }

    private Optional<ModelVersionView> model(String id, Instant asOf) {
        return queries.query(
                        new FindModelVersionQuery(ModelVersionId.parse(id), asOf),
                        ResponseTypes.optionalInstanceOf(ModelVersionView.class))
                .join();
    }

    private static AuditReport.Dataset dataset(DatasetVersionView d) {
        return new AuditReport.Dataset(
                d.id().toString(),
                d.name(),
                d.version(),
                d.contentDigest().toString(),
                d.sizeBytes(),
                d.sourceUri(),
                d.registeredBy(),
                d.registeredAt(),
                d.eventPosition());
    }

    private static AuditReport.Model model(ModelVersionView m) {
        return new AuditReport.Model(
                m.id().toString(),
                m.name(),
                m.version(),
                m.runId().toString(),
                m.outputName(),
                m.digest().toString(),
                m.sizeBytes(),
                m.stage().name(),
                m.registeredBy(),
                m.registeredAt(),
                m.transitions().stream()
                        .map(t -> new AuditReport.StageChange(
                                t.from().name(), t.to().name(), t.reason(), t.principal(), t.at()))
                        .toList());
    }

    /** A run as of {@code asOf}: one that finished later is shown as running then. */
    private static AuditReport.Run run(RunView r, List<AuditReport.Replay> replays, Instant asOf) {
        boolean finishedByThen =
                r.finishedAt() != null && (asOf == null || !r.finishedAt().isAfter(asOf));
        return new AuditReport.Run(
                r.id().toString(),
                r.name(),
                r.stepName(),
                finishedByThen ? r.status().name() : "RUNNING",
                finishedByThen ? r.exitCode() : null,
                finishedByThen ? r.durationMillis() : null,
                finishedByThen ? r.failureReason() : null,
                r.startedBy(),
                r.startedAt(),
                finishedByThen ? r.finishedAt() : null,
                r.command(),
                new TreeMap<>(r.parameters()),
                r.code() == null ? null : text(r.code().snapshotDigest()),
                r.code() == null ? null : r.code().commit(),
                r.environment() == null ? null : text(r.environment().digest()),
                r.inputs().stream()
                        .map((RunInput i) -> new AuditReport.Io(i.name(), text(i.digest()), i.sizeBytes()))
                        .toList(),
                r.outputs().stream()
                        .map((RunOutput o) -> new AuditReport.Io(o.name(), text(o.digest()), o.sizeBytes()))
                        .toList(),
                new TreeMap<>(r.metrics()),
                Ids.text(r.cacheHitOf()),
                replays,
                r.execution() != null && r.execution().traced(),
                r.execution() == null
                        ? List.of()
                        : r.execution().undeclaredReads().stream()
                                .map(u -> new AuditReport.UndeclaredRead(
                                        u.path(), text(u.digest()), u.sizeBytes(), u.stored()))
                                .toList(),
                r.execution() == null ? List.of() : r.execution().undeclaredWrites());
    }

    /** Replays of a run recorded by {@code asOf} (the REPLAY_OF edges out of it). */
    private List<String> replayIds(String runId, Instant asOf) {
        LineageGraph down = queries.query(
                        new LineageQuery(NodeId.parse(runId), Direction.DOWNSTREAM, 1, asOf, LineageQuery.MAX_LIMIT),
                        LineageGraph.class)
                .join();
        NodeId run = NodeId.parse(runId);
        List<String> out = new ArrayList<>();
        for (LineageGraph.Edge e : down.edges()) {
            if (e.type() == EdgeType.REPLAY_OF && e.from().equals(run)) {
                out.add(e.to().value());
            }
        }
        return out;
    }

    /**
     * Runs that produced artifacts of the closure after their origin had, with those artifacts
     * (the closure's REPRODUCED edges when confirmations are included), in traversal order.
     */
    private Map<String, List<AuditReport.Io>> reproduced(String id, Instant asOf, LineageGraph closure) {
        Map<NodeId, LineageGraph.Node> nodes = new LinkedHashMap<>();
        closure.nodes().forEach(n -> nodes.put(n.id(), n));
        LineageGraph withConfirmations = queries.query(
                        new LineageQuery(
                                NodeId.parse(id),
                                Direction.UPSTREAM,
                                LineageQuery.MAX_DEPTH,
                                asOf,
                                LineageQuery.MAX_LIMIT,
                                true),
                        LineageGraph.class)
                .join();
        Map<String, List<AuditReport.Io>> out = new LinkedHashMap<>();
        for (LineageGraph.Confirmation c : withConfirmations.confirmations()) {
            LineageGraph.Node artifact = nodes.get(c.artifact());
            if (artifact == null || nodes.containsKey(c.run())) {
                continue; // not an artifact of the closure, or a closure run (registered from a later producer)
            }
            Long size = parseLong(artifact.attributes().get("sizeBytes"));
            out.computeIfAbsent(c.run().toString(), k -> new ArrayList<>())
                    .add(new AuditReport.Io(artifact.label(), c.artifact().toString(), size == null ? 0 : size));
        }
        return out;
    }

    /** The first producer of every input and output of the closure's runs (those some run produced). */
    private Map<String, String> origins(List<AuditReport.Run> runs, Instant asOf) {
        Set<String> digests = new LinkedHashSet<>();
        for (AuditReport.Run r : runs) {
            r.inputs().forEach(i -> digests.add(i.digest()));
            r.outputs().forEach(o -> digests.add(o.digest()));
        }
        if (digests.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        queries.query(
                        new ArtifactOriginsQuery(
                                digests.stream().map(Sha256Digest::parse).toList(), asOf),
                        ArtifactOrigins.class)
                .join()
                .originByArtifact()
                .forEach((artifact, run) -> out.put(artifact.toString(), run.toString()));
        return out;
    }

    private static String difference(OutputDifference d) {
        return d.name() + ": " + side(d.originalDigest(), d.invalidOriginalDigest()) + " → "
                + side(d.replayDigest(), d.invalidReplayDigest())
                + (d.withinTolerance() ? " (within tolerance)" : "")
                + (d.detail() == null || d.detail().isBlank() ? "" : " (" + firstLine(d.detail()) + ")");
    }

    /** One side of a difference: its digest, "missing", or the text recorded when it was not a digest. */
    private static String side(dev.provenant.messages.common.Sha256Digest digest, String invalid) {
        if (invalid != null) {
            return "not a digest: '" + invalid + "'";
        }
        return digest == null ? "missing" : digest.toString();
    }

    private static String metricDifference(MetricDifference d) {
        return "metric " + d.name() + ": " + (d.original() == null ? "missing" : d.original()) + " → "
                + (d.replay() == null ? "missing" : d.replay())
                + (d.withinTolerance() ? " (within tolerance)" : "")
                + (d.detail() == null || d.detail().isBlank() ? "" : " (" + firstLine(d.detail()) + ")");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " …";
    }

    /** Every event about every node of the closure, by position; true when cut at {@link #MAX_EVENTS}. */
    private boolean events(LineageGraph graph, Instant asOf, List<AuditReport.Event> into) {
        Map<Long, HistoryEntry> byPosition = new TreeMap<>();
        boolean truncated = false;
        for (LineageGraph.Node n : graph.nodes()) {
            HistoryResult h = queries.query(new HistoryQuery(n.id(), asOf, MAX_EVENTS), HistoryResult.class)
                    .join();
            truncated |= h.truncated();
            h.events().forEach(e -> byPosition.putIfAbsent(e.position(), e));
        }
        for (HistoryEntry e : byPosition.values()) {
            if (into.size() >= MAX_EVENTS) {
                return true;
            }
            into.add(new AuditReport.Event(
                    e.position(),
                    e.eventId().value(),
                    e.type().substring(e.type().lastIndexOf('.') + 1),
                    e.aggregateId().value(),
                    e.principal(),
                    e.timestamp(),
                    null,
                    null,
                    null));
        }
        return truncated;
    }

    private static Set<String> closureDigests(
            List<AuditReport.Dataset> datasets,
            List<AuditReport.Code> code,
            List<AuditReport.Run> runs,
            List<AuditReport.Model> models) {
        Set<String> digests = new LinkedHashSet<>();
        datasets.forEach(d -> digests.add(d.contentDigest()));
        code.forEach(c -> digests.add(c.snapshotDigest()));
        for (AuditReport.Run r : runs) {
            r.inputs().forEach(i -> digests.add(i.digest()));
            r.outputs().forEach(o -> digests.add(o.digest()));
        }
        models.forEach(m -> digests.add(m.digest()));
        return digests;
    }

    private AuditReport.Integrity integrity(
            List<AuditReport.Event> events, List<LedgerEntryView> entries, Set<String> digests, String principal) {
        long maxSeq = entries.stream().mapToLong(LedgerEntryView::seq).max().orElse(0);
        Optional<LedgerCheckpointView> covering = ledger.checkpointCovering(maxSeq);
        if (covering.isEmpty() && maxSeq > 0) {
            covering = ledger.checkpointNow().or(() -> ledger.checkpointCovering(maxSeq));
        }
        LedgerHead head = ledger.head();
        AuditReport.Verification verification = verification(head, principal);
        List<AuditReport.ArtifactCheck> checks = new ArrayList<>();
        for (String d : digests) {
            ArtifactChecker.Result r = artifacts.check(d, false);
            checks.add(new AuditReport.ArtifactCheck(d, r.status().name(), r.detail()));
        }
        boolean chained = entries.size() == events.size();
        boolean intact = entries.stream().allMatch(LedgerEntryView::intact);
        AuditReport.Checkpoint cp = covering.map(c -> new AuditReport.Checkpoint(
                        c.length(),
                        c.position(),
                        c.headHash().toString(),
                        c.signedAt(),
                        c.keyId().toString(),
                        c.signature(),
                        ledger.signatureValid(c)))
                .orElse(null);
        boolean verified = chained
                && intact
                && (cp != null && cp.signatureValid() || events.isEmpty())
                && verification != null
                && verification.ok()
                && checks.stream().allMatch(c -> c.status().equals("OK"));
        return new AuditReport.Integrity(
                head.length(),
                head.hash().toString(),
                ledger.key().id(),
                ledger.key().publicKeyBase64(),
                cp,
                chained,
                intact,
                verification,
                checks,
                verified ? "VERIFIED" : "NOT VERIFIED");
    }

    private AuditReport.Verification verification(LedgerHead head, String principal) {
        if (head.length() <= verifyMaxEvents) {
            return verification(
                    ledger.verify(ArtifactsMode.NONE, 1, artifacts, principal), "whole chain at report time");
        }
        return ledger.lastVerification()
                .map(v -> verification(v, "latest recorded verification (ledger larger than the report-time limit)"))
                .orElse(null);
    }

    private static AuditReport.Verification verification(LedgerVerification v, String scope) {
        LedgerProblem first = v.firstProblem();
        return new AuditReport.Verification(
                v.ok(),
                v.finishedAt(),
                scope,
                v.eventsChecked(),
                v.checkpointsChecked(),
                v.problemCount(),
                first == null ? null : first.kind() + ": " + first.detail());
    }

    private static List<AuditReport.Event> attachChain(List<AuditReport.Event> events, List<LedgerEntryView> entries) {
        Map<Long, LedgerEntryView> byPosition = new LinkedHashMap<>();
        entries.forEach(e -> byPosition.put(e.position(), e));
        return events.stream()
                .map(e -> {
                    LedgerEntryView l = byPosition.get(e.position());
                    return l == null
                            ? e
                            : new AuditReport.Event(
                                    e.position(),
                                    e.eventId(),
                                    e.type(),
                                    e.aggregateId(),
                                    e.principal(),
                                    e.timestamp(),
                                    l.seq(),
                                    l.hash(),
                                    l.intact());
                })
                .sorted(Comparator.comparingLong(AuditReport.Event::position))
                .toList();
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
