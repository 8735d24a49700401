package dev.provenant.messages.run;

/**
 * How many runs {@code filters} selects on all its pages (its position and limit are ignored);
 * answered with a {@code Long}.
 */
public record CountRunsQuery(ListRunsQuery filters) {}
