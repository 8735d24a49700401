package dev.provenant.lineage.ledger;

import java.time.Duration;

/**
 * How the chainer works.
 *
 * @param checkpointEvery sign a checkpoint after this many new chained events
 * @param checkpointInterval ... or after this long, when anything new was chained
 * @param gapGrace how long a gap in the global index may hold the chain back before the chainer
 *     passes it (and records it, so a late commit into it is still chained)
 * @param gapRetention how long a passed gap stays open for late commits
 * @param batchSize events read per chaining transaction
 * @param dutyCycle the largest share of time the background chainer spends working while it
 *     catches up (0 < d <= 1); it pauses between full batches in proportion
 */
public record LedgerSettings(
        int checkpointEvery,
        Duration checkpointInterval,
        Duration gapGrace,
        Duration gapRetention,
        int batchSize,
        double dutyCycle) {

    /**
     * Defaults: checkpoint every 1000 events or 60 s, 2 s gap grace, 24 h gap retention, batches of
     * 2000, background duty cycle 10%.
     */
    public static LedgerSettings defaults() {
        return new LedgerSettings(
                1000, Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofHours(24), 2000, 0.10);
    }

    public LedgerSettings {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be >= 1, got " + checkpointEvery);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!(dutyCycle > 0 && dutyCycle <= 1)) {
            throw new IllegalArgumentException("dutyCycle must be in (0, 1], got " + dutyCycle);
        }
        if (checkpointInterval.isNegative() || gapGrace.isNegative() || gapRetention.isNegative()) {
            throw new IllegalArgumentException("ledger durations must not be negative");
        }
    }

    public LedgerSettings withGapGrace(Duration grace) {
        return new LedgerSettings(checkpointEvery, checkpointInterval, grace, gapRetention, batchSize, dutyCycle);
    }

    public LedgerSettings withGapRetention(Duration retention) {
        return new LedgerSettings(checkpointEvery, checkpointInterval, gapGrace, retention, batchSize, dutyCycle);
    }

    public LedgerSettings withBatchSize(int size) {
        return new LedgerSettings(checkpointEvery, checkpointInterval, gapGrace, gapRetention, size, dutyCycle);
    }

    public LedgerSettings withCheckpointEvery(int every) {
        return new LedgerSettings(every, checkpointInterval, gapGrace, gapRetention, batchSize, dutyCycle);
    }
}
