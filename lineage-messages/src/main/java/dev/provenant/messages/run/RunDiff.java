package dev.provenant.messages.run;

import java.util.List;

/**
 * Differences between run A and run B. Each list holds only what differs; {@code identical} is
 * true when nothing does (other than ids, times and durations).
 */
public record RunDiff(
        RunId runA,
        RunId runB,
        List<Change> code,
        List<Change> environment,
        List<Change> inputs,
        List<Change> parameters,
        List<Change> outputs,
        List<Change> metrics,
        List<Change> command,
        boolean identical) {

    /** One differing item: its key and the value on each side (null when absent on that side). */
    public record Change(String key, String a, String b) {}
}
