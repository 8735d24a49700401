package dev.provenant.messages.run;

/** The names of the metric series of a run, sorted. Answered with a {@code List<String>}. */
public record MetricNamesQuery(RunId runId) {
    public MetricNamesQuery {
        java.util.Objects.requireNonNull(runId, "runId");
    }
}
