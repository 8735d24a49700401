package dev.provenant.artifacts;

/**
 * A digest string is malformed: unknown algorithm prefix, wrong length, or not lowercase hex.
 *
 * <p>{@code try { Digest.parse(userInput); } catch (InvalidDigestException e) { System.err.println(e.getMessage()); }}
 */
public class InvalidDigestException extends ArtifactStoreException {

    /**
     * {@code throw new InvalidDigestException("'md5:..' has an unknown algorithm");}
     *
     * @param message names the bad value and the rule it broke
     */
    public InvalidDigestException(String message) {
        super(message);
    }
}
