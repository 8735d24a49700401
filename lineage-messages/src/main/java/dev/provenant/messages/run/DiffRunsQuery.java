package dev.provenant.messages.run;

/** What differs between two runs; answered with a {@link RunDiff}. */
public record DiffRunsQuery(String runA, String runB) {}
