package dev.provenant.messages.run;

import java.util.List;
import java.util.Map;

/**
 * The current status of each of these runs (unknown ids are left out): one read for a whole graph.
 *
 * @param runIds {@code run:<id>} ids, at most 10,000
 */
public record RunStatusesQuery(List<RunId> runIds) {
    public RunStatusesQuery {
        runIds = List.copyOf(runIds);
        if (runIds.size() > 10_000) {
            throw new IllegalArgumentException("at most 10000 runs at once, got " + runIds.size());
        }
    }

    /** The answer: run id → status. */
    public record Result(Map<RunId, RunStatus> statuses) {}
}
