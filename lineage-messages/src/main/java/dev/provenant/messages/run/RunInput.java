package dev.provenant.messages.run;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.DatasetVersionId;

/**
 * One input of a run, hashed and stored before the run executed.
 *
 * @param name the path or logical name the command saw (e.g. {@code data/train.csv})
 * @param digest content digest (a file, or the manifest of a directory)
 * @param sizeBytes total size
 * @param datasetVersionId the registered dataset version this input is, if the caller said so
 */
public record RunInput(String name, Sha256Digest digest, long sizeBytes, DatasetVersionId datasetVersionId) {
    public RunInput {
        Names.requireName(name, "input name");
        if (digest == null) {
            throw new IllegalArgumentException("input '" + name + "' digest is required");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("input '" + name + "' sizeBytes must be >= 0");
        }
    }

    /** An input from its text form; the message names the input and the field that is wrong. */
    public static RunInput of(String name, String digest, long sizeBytes, String datasetVersionId) {
        Names.requireName(name, "input name");
        return new RunInput(
                name,
                Sha256Digest.parse(digest, "input '" + name + "' digest"),
                sizeBytes,
                datasetVersionId == null ? null : DatasetVersionId.parse(datasetVersionId));
    }
}
