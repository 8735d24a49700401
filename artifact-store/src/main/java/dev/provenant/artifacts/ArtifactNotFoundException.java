package dev.provenant.artifacts;

/**
 * No artifact is stored under a digest.
 *
 * <p>{@code try { store.stat(d); } catch (ArtifactNotFoundException e) { System.err.println(e.getMessage()); }}
 */
public class ArtifactNotFoundException extends ArtifactStoreException {

    private final Digest digest;

    /**
     * {@code throw new ArtifactNotFoundException(digest, "local store /data/artifacts");}
     *
     * @param digest the missing artifact
     * @param location where it was looked for
     */
    public ArtifactNotFoundException(Digest digest, String location) {
        super("Artifact '" + digest + "' not found in " + location + ".");
        this.digest = digest;
    }

    /**
     * The missing artifact. {@code Digest d = e.digest();}
     *
     * @return its digest
     */
    public Digest digest() {
        return digest;
    }
}
