package dev.provenant.messages.run;

import dev.provenant.messages.common.Digests;

/**
 * One output of a run, hashed and stored after it executed.
 *
 * @param name the path or logical name (e.g. {@code model/model.bin}, {@code log})
 * @param digest content digest (a file, or the manifest of a directory)
 * @param sizeBytes total size
 * @param kind FILE, DIRECTORY, LOG, ... (free text, upper case)
 */
public record RunOutput(String name, String digest, long sizeBytes, String kind) {
    public RunOutput {
        Names.requireName(name, "output name");
        Digests.requireSha256(digest, "output '" + name + "' digest");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("output '" + name + "' sizeBytes must be >= 0");
        }
        if (kind == null || !kind.matches("[A-Z][A-Z_]{0,31}")) {
            throw new IllegalArgumentException("output '" + name + "' kind '" + kind + "' must be an upper-case word");
        }
    }
}
