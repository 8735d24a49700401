package dev.provenant.messages.run;

/**
 * One output that differs between an original run and its replay; a null digest means the
 * output is missing on that side.
 */
public record OutputDifference(
        String name, String originalDigest, long originalSize, String replayDigest, long replaySize, String detail) {}
