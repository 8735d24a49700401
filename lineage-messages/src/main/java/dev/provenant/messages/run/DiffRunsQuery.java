package dev.provenant.messages.run;

/** What differs between two runs; answered with a {@link RunDiff}. */
public record DiffRunsQuery(RunId runA, RunId runB) {}
