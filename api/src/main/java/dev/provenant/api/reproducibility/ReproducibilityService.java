package dev.provenant.api.reproducibility;

import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.lineage.NodeKind;
import dev.provenant.messages.run.ReplayVerdictsQuery;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Computes {@link Reproducibility}: the runs of a node's upstream closure (origins only: cache hits
 * and replays confirm, they are not counted) and which of them have a replay that reproduced them.
 */
@Component
public class ReproducibilityService {

    private final QueryGateway queries;

    public ReproducibilityService(QueryGateway queries) {
        this.queries = queries;
    }

    /** The score of {@code node} as of {@code asOf} (null: now). */
    public Reproducibility of(NodeId id, Instant asOf) {
        LineageGraph graph = queries.query(
                        new LineageQuery(id, Direction.UPSTREAM, LineageQuery.MAX_DEPTH, asOf, LineageQuery.MAX_LIMIT),
                        LineageGraph.class)
                .join();
        return of(graph, asOf);
    }

    /** The score of the runs in an upstream closure already queried. */
    public Reproducibility of(LineageGraph upstream, Instant asOf) {
        Set<RunId> runs = new LinkedHashSet<>();
        for (LineageGraph.Node n : upstream.nodes()) {
            if (n.kind() == NodeKind.RUN) {
                runs.add(n.id().runId());
            }
        }
        if (runs.isEmpty()) {
            return new Reproducibility(0, 0, null, List.of());
        }
        List<ReplayVerdictsQuery.ReplayVerdictView> verdicts = queries.query(
                        new ReplayVerdictsQuery(List.copyOf(runs), asOf),
                        ResponseTypes.multipleInstancesOf(ReplayVerdictsQuery.ReplayVerdictView.class))
                .join();
        Set<RunId> reproduced = new HashSet<>();
        for (ReplayVerdictsQuery.ReplayVerdictView v : verdicts) {
            if (v.verdict() == Verdict.IDENTICAL || v.verdict() == Verdict.EQUIVALENT) {
                reproduced.add(v.replayOf());
            }
        }
        List<String> not = new ArrayList<>();
        int count = 0;
        for (RunId r : runs) {
            if (reproduced.contains(r)) {
                count++;
            } else {
                not.add(r.toString());
            }
        }
        return new Reproducibility(runs.size(), count, (double) count / runs.size(), not);
    }
}
