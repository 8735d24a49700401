package dev.provenant.api.graphql;

import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.DatasetVersionView;
import dev.provenant.messages.dataset.FindDatasetVersionQuery;
import dev.provenant.messages.lineage.ConfirmationKind;
import dev.provenant.messages.lineage.ConfirmingRun;
import dev.provenant.messages.lineage.ConfirmingRunsQuery;
import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.FindNodeQuery;
import dev.provenant.messages.lineage.HistoryEntry;
import dev.provenant.messages.lineage.HistoryQuery;
import dev.provenant.messages.lineage.HistoryResult;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.lineage.NodeKind;
import dev.provenant.messages.model.FindModelVersionQuery;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.model.ModelVersionView;
import dev.provenant.messages.run.FindRunQuery;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunView;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Lineage traversal, node lookup and history. */
@Controller
public class LineageController {

    private final QueryGateway queries;

    public LineageController(QueryGateway queries) {
        this.queries = queries;
    }

    @QueryMapping
    public LineageGraph.Node lineageNode(@Argument String id, @Argument Instant asOf) {
        return queries.query(
                        new FindNodeQuery(NodeId.parse(id), asOf),
                        ResponseTypes.optionalInstanceOf(LineageGraph.Node.class))
                .join()
                .orElse(null);
    }

    /**
     * Relay's {@code node(id)}: whether anything is recorded under the id (as of asOf) is the
     * lineage graph's answer; runs, dataset and model versions then answer with their own views.
     */
    @QueryMapping
    public Object node(@Argument String id, @Argument Instant asOf) {
        LineageGraph.Node node = lineageNode(id, asOf);
        if (node == null) {
            return null;
        }
        Object typed = switch (node.kind()) {
            case RUN ->
                queries.query(new FindRunQuery(node.id().runId()), ResponseTypes.optionalInstanceOf(RunView.class))
                        .join()
                        .orElse(null);
            case DATASET_VERSION ->
                queries.query(
                                new FindDatasetVersionQuery(
                                        DatasetVersionId.parse(node.id().value())),
                                ResponseTypes.optionalInstanceOf(DatasetVersionView.class))
                        .join()
                        .orElse(null);
            case MODEL_VERSION ->
                queries.query(
                                new FindModelVersionQuery(
                                        ModelVersionId.parse(node.id().value()), asOf),
                                ResponseTypes.optionalInstanceOf(ModelVersionView.class))
                        .join()
                        .orElse(null);
            default -> null;
        };
        // a node the lineage knows but whose own read model has not caught up answers as a lineage node
        return typed != null ? typed : node;
    }

    @QueryMapping
    public LineagePage lineage(
            @Argument String node,
            @Argument Direction direction,
            @Argument Integer depth,
            @Argument Instant asOf,
            @Argument Integer limit,
            @Argument Boolean includeConfirmations,
            @Argument Integer first,
            @Argument String after) {
        LineageGraph g = queries.query(
                        new LineageQuery(
                                NodeId.parse(node),
                                direction == null ? Direction.UPSTREAM : direction,
                                depth == null ? 3 : depth,
                                asOf,
                                limit == null ? 500 : limit,
                                Boolean.TRUE.equals(includeConfirmations)),
                        LineageGraph.class)
                .join();
        return LineagePage.of(g, confirmations(g, asOf), first, after);
    }

    /** The graph's confirmations with what kind each is (and a replay's verdict) as of {@code asOf}. */
    private List<ConfirmationView> confirmations(LineageGraph g, Instant asOf) {
        if (g.confirmations().isEmpty()) {
            return List.of();
        }
        List<RunId> runs = g.confirmations().stream()
                .map(LineageGraph.Confirmation::run)
                .filter(n -> n.prefixKind() == NodeKind.RUN)
                .distinct()
                .map(NodeId::runId)
                .toList();
        Map<NodeId, ConfirmingRun> byRun = new HashMap<>();
        queries.query(new ConfirmingRunsQuery(runs, asOf), ResponseTypes.multipleInstancesOf(ConfirmingRun.class))
                .join()
                .forEach(r -> byRun.put(NodeId.of(r.runId()), r));
        return g.confirmations().stream()
                .map(c -> {
                    ConfirmingRun r = byRun.get(c.run());
                    return new ConfirmationView(
                            c.run(),
                            c.artifact(),
                            c.origin(),
                            r == null ? ConfirmationKind.REEXECUTION : r.kind(),
                            r == null ? null : r.of(),
                            r == null ? null : r.verdict(),
                            c.recordedAt());
                })
                .toList();
    }

    /** A confirmation as the API shows it. */
    public record ConfirmationView(
            NodeId run,
            NodeId artifact,
            NodeId origin,
            ConfirmationKind kind,
            RunId of,
            String verdict,
            Instant recordedAt) {}

    /**
     * A page of a traversal: the traversal's order is deterministic (nearest first, then event
     * position), so a cursor is an offset into it; a page's edges are those touching its nodes,
     * its confirmations those of its runs.
     */
    public record LineagePage(
            NodeId root,
            List<LineageGraph.Node> nodes,
            List<LineageGraph.Edge> edges,
            boolean truncated,
            List<ConfirmationView> confirmations,
            int totalNodes,
            Pages.PageInfo pageInfo,
            int offset) {

        /** The page's nodes as a Relay connection: a node's cursor continues after it. */
        public Pages.Connection<LineageGraph.Node> nodeConnection() {
            List<Pages.Edge<LineageGraph.Node>> edges = new java.util.ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                edges.add(new Pages.Edge<>(Cursors.of(offset + i + 1), nodes.get(i)));
            }
            return new Pages.Connection<>(edges, pageInfo, () -> totalNodes);
        }

        static LineagePage of(LineageGraph g, List<ConfirmationView> confirmations, Integer first, String after) {
            int total = g.nodes().size();
            if (first == null && after == null) {
                return new LineagePage(
                        g.root(),
                        g.nodes(),
                        g.edges(),
                        g.truncated(),
                        confirmations,
                        total,
                        new Pages.PageInfo(
                                false, total == 0 ? null : Cursors.of(total), false, total == 0 ? null : Cursors.of(1)),
                        0);
            }
            int size = Pages.limit(first);
            int from = (int) Math.min(total, Cursors.position(after));
            int to = Math.min(total, from + size);
            List<LineageGraph.Node> page = g.nodes().subList(from, to);
            java.util.Set<NodeId> ids = new java.util.HashSet<>();
            page.forEach(n -> ids.add(n.id()));
            List<LineageGraph.Edge> edges = g.edges().stream()
                    .filter(e -> ids.contains(e.from()) || ids.contains(e.to()))
                    .toList();
            return new LineagePage(
                    g.root(),
                    List.copyOf(page),
                    edges,
                    g.truncated(),
                    confirmations.stream().filter(c -> ids.contains(c.run())).toList(),
                    total,
                    new Pages.PageInfo(to < total, Cursors.of(to), from > 0, from < to ? Cursors.of(from + 1) : null),
                    from);
        }
    }

    @QueryMapping
    public HistoryResult history(@Argument String node, @Argument Instant asOf, @Argument Integer limit) {
        return queries.query(
                        new HistoryQuery(NodeId.parse(node), asOf, limit == null ? 1000 : limit), HistoryResult.class)
                .join();
    }

    @SchemaMapping(typeName = "LineageNode", field = "attributes")
    public List<KeyValue> attributes(LineageGraph.Node node) {
        return KeyValue.of(node.attributes());
    }

    @SchemaMapping(typeName = "Edge", field = "label")
    public String label(LineageGraph.Edge edge) {
        return edge.type().reading();
    }

    @SchemaMapping(typeName = "HistoryEvent", field = "eventType")
    public String eventType(HistoryEntry e) {
        return e.type();
    }

    @SchemaMapping(typeName = "HistoryEvent", field = "payload")
    public String payload(HistoryEntry e) {
        return e.payloadJson();
    }
}
