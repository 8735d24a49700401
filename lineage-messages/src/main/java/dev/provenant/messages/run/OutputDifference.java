package dev.provenant.messages.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.provenant.messages.common.Sha256Digest;

/**
 * One output that differs between an original run and its replay; a null digest means the
 * output is missing on that side. {@code withinTolerance} is true when the difference is only
 * within the tolerances declared for the replay (numbers within rel/abs, ignored JSON fields), so
 * it does not make the verdict DIFFERENT; payloads from before it existed read as false.
 *
 * <p>{@code invalidOriginalDigest} and {@code invalidReplayDigest} are set only on differences of
 * verdicts stored before digests were checked ({@link ReplayVerdictRecordedEvent} revisions 1–3)
 * whose digest on that side was not {@code sha256:<hex>}: they hold that text as recorded, and the
 * digest on that side is then null (not known, rather than missing). New differences never set
 * them (left out of the JSON when null, so payloads read as before).
 */
public record OutputDifference(
        String name,
        Sha256Digest originalDigest,
        long originalSize,
        Sha256Digest replayDigest,
        long replaySize,
        String detail,
        boolean withinTolerance,
        @JsonInclude(JsonInclude.Include.NON_NULL) String invalidOriginalDigest,
        @JsonInclude(JsonInclude.Include.NON_NULL) String invalidReplayDigest) {

    /** A difference with checked digests (the only shape new verdicts hold). */
    public OutputDifference(
            String name,
            Sha256Digest originalDigest,
            long originalSize,
            Sha256Digest replayDigest,
            long replaySize,
            String detail,
            boolean withinTolerance) {
        this(name, originalDigest, originalSize, replayDigest, replaySize, detail, withinTolerance, null, null);
    }

    /** A difference beyond tolerance (the shape before tolerances existed). */
    public OutputDifference(
            String name,
            Sha256Digest originalDigest,
            long originalSize,
            Sha256Digest replayDigest,
            long replaySize,
            String detail) {
        this(name, originalDigest, originalSize, replayDigest, replaySize, detail, false);
    }
}
