package dev.provenant.messages.dataset;

/** Asks for one dataset version by id; answered with a {@link DatasetVersionView} or {@code null}. */
public record FindDatasetVersionQuery(DatasetVersionId datasetVersionId) {}
