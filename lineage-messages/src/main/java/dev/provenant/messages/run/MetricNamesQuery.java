package dev.provenant.messages.run;

/** The names of the metric series of a run, sorted. Answered with a {@code List<String>}. */
public record MetricNamesQuery(String runId) {
    public MetricNamesQuery {
        runId = RunId.parse(runId).toString();
    }
}
