package dev.provenant.messages.run;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Points were appended to metric series of a run, in this order. {@code idempotencyKey} is the
 * client's key for the batch (null when it gave none), kept so a resent batch is recognised.
 */
@Revision("1")
public record RunMetricPointsRecordedEvent(String runId, List<MetricPoint> points, String idempotencyKey) {}
