package dev.provenant.api.graphql;

import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.NodeKind;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunStatus;
import dev.provenant.messages.run.RunStatusesQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.stereotype.Controller;

/** {@code Node.runStatus}: the status of every RUN node of a graph, in one read. */
@Controller
public class NodeStatusController {

    private final QueryGateway queries;

    public NodeStatusController(QueryGateway queries) {
        this.queries = queries;
    }

    @BatchMapping(typeName = "LineageNode", field = "runStatus")
    public Map<LineageGraph.Node, RunStatus> runStatus(List<LineageGraph.Node> nodes) {
        List<RunId> runs = nodes.stream()
                .filter(n -> n.kind() == NodeKind.RUN)
                .map(n -> n.id().runId())
                .distinct()
                .toList();
        Map<RunId, RunStatus> statuses = runs.isEmpty()
                ? Map.of()
                : queries.query(new RunStatusesQuery(runs), RunStatusesQuery.Result.class)
                        .join()
                        .statuses();
        Map<LineageGraph.Node, RunStatus> out = new HashMap<>();
        for (LineageGraph.Node n : nodes) {
            RunStatus s = n.kind() == NodeKind.RUN ? statuses.get(n.id().runId()) : null;
            if (s != null) {
                out.put(n, s);
            }
        }
        return out;
    }
}
