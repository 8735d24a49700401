package dev.provenant.messages.run;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Points were appended to metric series of a run, in this order: {@code series} holds runs of
 * consecutive points of one name as columns (revision 2; revision 1 held one object per point and
 * is upcast by grouping consecutive points of the same name). {@code idempotencyKey} is the
 * client's key for the batch (null when it gave none), kept so a resent batch is recognised.
 */
@Revision("2")
public record RunMetricPointsRecordedEvent(RunId runId, List<MetricSeriesColumns> series, String idempotencyKey) {

    public RunMetricPointsRecordedEvent {
        series = series == null ? List.of() : List.copyOf(series);
    }

    /** The number of points, all series together. */
    public int pointCount() {
        int n = 0;
        for (MetricSeriesColumns s : series) {
            n += s.size();
        }
        return n;
    }
}
