package dev.provenant.messages.run;

import dev.provenant.messages.common.Digests;
import dev.provenant.messages.dataset.DatasetVersionId;

/**
 * One input of a run, hashed and stored before the run executed.
 *
 * @param name the path or logical name the command saw (e.g. {@code data/train.csv})
 * @param digest content digest (a file, or the manifest of a directory)
 * @param sizeBytes total size
 * @param datasetVersionId the registered dataset version this input is, if the caller said so
 */
public record RunInput(String name, String digest, long sizeBytes, String datasetVersionId) {
    public RunInput {
        Names.requireName(name, "input name");
        Digests.requireSha256(digest, "input '" + name + "' digest");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("input '" + name + "' sizeBytes must be >= 0");
        }
        if (datasetVersionId != null) {
            datasetVersionId = DatasetVersionId.parse(datasetVersionId).toString();
        }
    }
}
