package dev.provenant.artifacts;

/**
 * A manifest is malformed: not in the canonical format, entries out of order or duplicated, bad
 * sizes. {@link UnsafePathException} is the subclass for unsafe paths.
 *
 * <p>{@code try { Manifest.parse(bytes); } catch (InvalidManifestException e) { System.err.println(e.getMessage()); }}
 */
public class InvalidManifestException extends ArtifactStoreException {

    /**
     * {@code throw new InvalidManifestException("line 3: size 'x' is not a number");}
     *
     * @param message names the bad value and the rule it broke
     */
    public InvalidManifestException(String message) {
        super(message);
    }
}
