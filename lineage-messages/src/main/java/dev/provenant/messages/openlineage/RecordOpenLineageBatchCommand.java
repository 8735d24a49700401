package dev.provenant.messages.openlineage;

import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import java.util.List;

/**
 * A whole OpenLineage batch request in one command, appended in one transaction: all of it is
 * recorded or none of it. Dataset versions first (a version already registered with the same
 * content records nothing; one registered with other content is skipped, as for single events),
 * then each run's events merged in order, then static (dataset and job) events.
 *
 * <p>The answer is a {@link Result}: per run, per event, whether it was new; per static event,
 * whether it was new.
 */
public record RecordOpenLineageBatchCommand(
        List<RegisterDatasetVersionCommand> datasets,
        List<RecordOpenLineageRunEventsCommand> runs,
        List<RecordOpenLineageStaticEventCommand> statics) {

    /** Most events one batch command may carry (the HTTP body limit bounds it first). */
    public static final int MAX_EVENTS = 100_000;

    public RecordOpenLineageBatchCommand {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        runs = runs == null ? List.of() : List.copyOf(runs);
        statics = statics == null ? List.of() : List.copyOf(statics);
        long events = statics.size()
                + datasets.size()
                + runs.stream().mapToLong(r -> r.events().size()).sum();
        if (events > MAX_EVENTS) {
            throw new IllegalArgumentException("a batch of " + events + " events is more than " + MAX_EVENTS);
        }
        if (runs.stream()
                        .map(RecordOpenLineageRunEventsCommand::runId)
                        .distinct()
                        .count()
                != runs.size()) {
            throw new IllegalArgumentException("a run appears twice in one batch: merge its events into one entry");
        }
    }

    /**
     * @param runs per run (in the command's order), per event, whether it was new
     * @param statics per static event, whether it was new
     */
    public record Result(List<List<Boolean>> runs, List<Boolean> statics) {}
}
