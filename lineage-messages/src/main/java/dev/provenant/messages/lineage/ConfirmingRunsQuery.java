package dev.provenant.messages.lineage;

import dev.provenant.messages.run.RunId;
import java.time.Instant;
import java.util.List;

/**
 * What kind of confirmation each of these runs is, as of {@code asOf} (null: now): a cache hit of,
 * or a replay of, which run, and a replay's verdict if it had been recorded by then. Answered with
 * a list of {@link ConfirmingRun}, one per known run, in the order asked.
 */
public record ConfirmingRunsQuery(List<RunId> runIds, Instant asOf) {
    public ConfirmingRunsQuery {
        runIds = List.copyOf(runIds);
    }
}
