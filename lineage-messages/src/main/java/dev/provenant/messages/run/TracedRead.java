package dev.provenant.messages.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.provenant.messages.common.Sha256Digest;

/**
 * A file a traced run read that it did not declare: its path (relative to the run's working
 * directory when inside it, else absolute), the SHA-256 of its bytes when the run read it, its size,
 * and whether its bytes were stored ({@code stored}; false above the capture cap: digest only).
 *
 * <p>{@code invalidDigest} is set only on reads of events stored before digests were checked
 * ({@link RunExecutionObservedEvent} revision 1) whose digest was not {@code sha256:<hex>}: it holds
 * that text as recorded, and {@code digest} is then null. A new read always has a digest and no
 * {@code invalidDigest} (left out of the JSON when null, so payloads read as before).
 */
public record TracedRead(
        String path,
        Sha256Digest digest,
        long sizeBytes,
        boolean stored,
        @JsonInclude(JsonInclude.Include.NON_NULL) String invalidDigest) {

    /** A read with a checked digest (the only shape new events hold). */
    public TracedRead(String path, Sha256Digest digest, long sizeBytes, boolean stored) {
        this(path, digest, sizeBytes, stored, null);
    }
}
