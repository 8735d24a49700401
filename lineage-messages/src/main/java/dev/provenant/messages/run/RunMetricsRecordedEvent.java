package dev.provenant.messages.run;

import java.util.Map;
import org.axonframework.serialization.Revision;

/** Metrics of a run were recorded. */
@Revision("1")
public record RunMetricsRecordedEvent(RunId runId, Map<String, Double> metrics) {}
