package dev.provenant.artifacts;

/**
 * Root of every error the artifact store reports. Unchecked, so that stores can be used from
 * lambdas and streams; catch this type to handle every store failure at once, or a subclass for
 * a specific one.
 *
 * <p>{@code try { store.put(path); } catch (ArtifactStoreException e) { log.error(e.getMessage()); }}
 */
public class ArtifactStoreException extends RuntimeException {

    /**
     * {@code throw new ArtifactStoreException("bucket 'x' is not readable");}
     *
     * @param message what went wrong and, where possible, what to do about it
     */
    public ArtifactStoreException(String message) {
        super(message);
    }

    /**
     * {@code throw new ArtifactStoreException("cannot write " + path, ioException);}
     *
     * @param message what went wrong
     * @param cause the underlying error
     */
    public ArtifactStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
