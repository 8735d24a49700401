package dev.provenant.api.graphql;

import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.FindNodeQuery;
import dev.provenant.messages.lineage.HistoryEntry;
import dev.provenant.messages.lineage.HistoryQuery;
import dev.provenant.messages.lineage.HistoryResult;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import java.time.Instant;
import java.util.List;
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
    public LineageGraph.Node node(@Argument String id, @Argument Instant asOf) {
        return queries.query(
                        new FindNodeQuery(NodeId.parse(id).value(), asOf),
                        ResponseTypes.optionalInstanceOf(LineageGraph.Node.class))
                .join()
                .orElse(null);
    }

    @QueryMapping
    public LineageGraph lineage(
            @Argument String node,
            @Argument Direction direction,
            @Argument Integer depth,
            @Argument Instant asOf,
            @Argument Integer limit) {
        return queries.query(
                        new LineageQuery(
                                node,
                                direction == null ? Direction.UPSTREAM : direction,
                                depth == null ? 3 : depth,
                                asOf,
                                limit == null ? 500 : limit),
                        LineageGraph.class)
                .join();
    }

    @QueryMapping
    public HistoryResult history(@Argument String node, @Argument Instant asOf, @Argument Integer limit) {
        return queries.query(new HistoryQuery(node, asOf, limit == null ? 1000 : limit), HistoryResult.class)
                .join();
    }

    @SchemaMapping(typeName = "Node", field = "attributes")
    public List<KeyValue> attributes(LineageGraph.Node node) {
        return KeyValue.of(node.attributes());
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
