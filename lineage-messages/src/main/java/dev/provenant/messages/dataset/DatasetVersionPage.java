package dev.provenant.messages.dataset;

import java.util.List;

/** One page of dataset versions; {@code hasMore} tells whether a next page exists. */
public record DatasetVersionPage(List<DatasetVersionView> items, boolean hasMore) {}
