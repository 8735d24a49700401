package dev.provenant.messages.run;

import java.time.Instant;
import java.util.List;

/**
 * The replays of {@code runIds} that have a verdict, as {@link ReplayVerdictView}s; {@code asOf}
 * (null: now) leaves out replays started after it.
 */
public record ReplayVerdictsQuery(List<RunId> runIds, Instant asOf) {

    public static final int MAX_RUNS = 10_000;

    public ReplayVerdictsQuery {
        runIds = List.copyOf(runIds);
        if (runIds.size() > MAX_RUNS) {
            throw new IllegalArgumentException("at most " + MAX_RUNS + " runs at once");
        }
    }

    /** A replay with its verdict. */
    public record ReplayVerdictView(RunId replayRunId, RunId replayOf, Verdict verdict) {}
}
