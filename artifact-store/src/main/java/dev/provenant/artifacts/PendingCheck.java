package dev.provenant.artifacts;

/**
 * The check of a materialized artifact against its digest, possibly still running (see {@link
 * ArtifactStore#materializeCheckedLater(MaterializeArgs)}). Until {@link #await()} returns, nothing
 * may be concluded from the file's bytes.
 *
 * <p>{@code PendingCheck check = store.materializeCheckedLater(args); run(); check.await();}
 */
public interface PendingCheck {

    /** A check that has already passed (the bytes were verified while they were written). */
    PendingCheck PASSED = () -> {};

    /**
     * Waits for the check to finish.
     *
     * @throws IntegrityException when the stored bytes do not hash to the digest
     * @throws ArtifactStoreException when they could not be read
     */
    void await();
}
