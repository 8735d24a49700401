package dev.provenant.messages.run;

/**
 * How many runs {@code filter} selects on all pages of {@link RunTableQuery} (answered with a
 * {@code Long}).
 */
public record CountRunsQuery(RunTableQuery.Filter filter) {}
