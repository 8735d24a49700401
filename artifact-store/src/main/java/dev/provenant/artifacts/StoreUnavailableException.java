package dev.provenant.artifacts;

/**
 * The backing store could not be reached or kept failing (connection refused, timeouts, 5xx)
 * after bounded retries with backoff. The message names the endpoint. Nothing is visible under
 * the content key of an upload that failed this way.
 *
 * <p>{@code try { store.put(path); } catch (StoreUnavailableException e) { System.err.println("retry later: " + e.getMessage()); }}
 */
public class StoreUnavailableException extends ArtifactStoreException {

    private final String endpoint;

    /**
     * {@code throw new StoreUnavailableException("http://minio:9000", "put sha256:.. failed after 4 attempts", e);}
     *
     * @param endpoint the store that could not be reached
     * @param message what was attempted
     * @param cause the last error
     */
    public StoreUnavailableException(String endpoint, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
    }

    /**
     * The unreachable endpoint. {@code String url = e.endpoint();}
     *
     * @return endpoint URL or directory
     */
    public String endpoint() {
        return endpoint;
    }
}
