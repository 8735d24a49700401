package dev.provenant.messages.dataset;

/**
 * How many dataset versions {@link ListDatasetVersionsQuery} would page through in all (answered
 * with a {@code Long}).
 *
 * @param nameFilter only versions of this dataset name, or {@code null} for all
 */
public record CountDatasetVersionsQuery(String nameFilter) {}
