package dev.provenant.messages.run;

/**
 * One output that differs between an original run and its replay; a null digest means the
 * output is missing on that side. {@code withinTolerance} is true when the difference is only
 * within the tolerances declared for the replay (numbers within rel/abs, ignored JSON fields), so
 * it does not make the verdict DIFFERENT; payloads from before it existed read as false.
 */
public record OutputDifference(
        String name,
        String originalDigest,
        long originalSize,
        String replayDigest,
        long replaySize,
        String detail,
        boolean withinTolerance) {

    /** A difference beyond tolerance (the shape before tolerances existed). */
    public OutputDifference(
            String name,
            String originalDigest,
            long originalSize,
            String replayDigest,
            long replaySize,
            String detail) {
        this(name, originalDigest, originalSize, replayDigest, replaySize, detail, false);
    }
}
