package dev.provenant.messages.dataset;

import org.axonframework.serialization.Revision;

/** A dataset version was registered. Principal and time are in the event's metadata. */
@Revision("1")
public record DatasetVersionRegisteredEvent(
        String datasetVersionId,
        String name,
        String version,
        String contentDigest,
        long sizeBytes,
        String sourceUri,
        String description) {}
