package dev.provenant.messages.dataset;

/**
 * Asks for a page of dataset versions in the order they were registered.
 *
 * @param afterPosition only rows whose event position is greater than this (0 for the first page)
 * @param limit at most this many rows (1-1000)
 * @param nameFilter only versions of this dataset name, or {@code null} for all
 */
public record ListDatasetVersionsQuery(long afterPosition, int limit, String nameFilter) {
    public ListDatasetVersionsQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, got " + limit);
        }
    }
}
