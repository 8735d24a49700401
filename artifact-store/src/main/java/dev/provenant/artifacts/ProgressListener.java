package dev.provenant.artifacts;

/**
 * Receives progress of a long transfer. Called from the transferring thread, often (every few
 * hundred KiB), so implementations must be cheap; throttle display updates yourself.
 *
 * <p>{@code store.put(PutArgs.builder().file(path).progress((phase, done, total) -> bar.update(phase, done, total)).build());}
 */
@FunctionalInterface
public interface ProgressListener {

    /** What the bytes are being counted for. */
    enum Phase {
        /** Reading the source to compute its digest. */
        HASH,
        /** Writing or uploading bytes into the store. */
        UPLOAD,
        /** Reading bytes out of the store (and verifying them). */
        DOWNLOAD
    }

    /** A listener that ignores every update. {@code ProgressListener p = ProgressListener.NONE;} */
    ProgressListener NONE = (phase, done, total) -> {};

    /**
     * Progress of one phase.
     *
     * <p>{@code (phase, done, total) -> System.err.printf("%s %d/%d%n", phase, done, total)}
     *
     * @param phase what is being done
     * @param bytesDone bytes processed so far in this phase
     * @param bytesTotal bytes expected in this phase, or -1 when unknown
     */
    void update(Phase phase, long bytesDone, long bytesTotal);
}
