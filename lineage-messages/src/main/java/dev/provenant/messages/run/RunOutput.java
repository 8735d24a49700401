package dev.provenant.messages.run;

import dev.provenant.messages.common.Sha256Digest;

/**
 * One output of a run, hashed and stored after it executed.
 *
 * @param name the path or logical name (e.g. {@code model/model.bin}, {@code log})
 * @param digest content digest (a file, or the manifest of a directory)
 * @param sizeBytes total size
 * @param kind FILE, DIRECTORY, LOG, ... (free text, upper case)
 */
public record RunOutput(String name, Sha256Digest digest, long sizeBytes, String kind) {
    public RunOutput {
        Names.requireName(name, "output name");
        if (digest == null) {
            throw new IllegalArgumentException("output '" + name + "' digest is required");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("output '" + name + "' sizeBytes must be >= 0");
        }
        if (kind == null || !kind.matches("[A-Z][A-Z_]{0,31}")) {
            throw new IllegalArgumentException("output '" + name + "' kind '" + kind + "' must be an upper-case word");
        }
    }

    /** An output from its text form; the message names the output and the field that is wrong. */
    public static RunOutput of(String name, String digest, long sizeBytes, String kind) {
        Names.requireName(name, "output name");
        return new RunOutput(name, Sha256Digest.parse(digest, "output '" + name + "' digest"), sizeBytes, kind);
    }
}
