package dev.provenant.artifacts;

/**
 * A path in a manifest (or a directory being stored) is unsafe or not portable: {@code ..}
 * segments, absolute paths, duplicates, NUL or control characters, over-long names, or a symlink
 * that points outside the tree. Rejected before anything is written.
 *
 * <p>{@code try { store.materializeTree(args); } catch (UnsafePathException e) { System.err.println(e.getMessage()); }}
 */
public class UnsafePathException extends InvalidManifestException {

    /**
     * {@code throw new UnsafePathException("path '../x' leaves the tree");}
     *
     * @param message names the path and the rule it broke
     */
    public UnsafePathException(String message) {
        super(message);
    }
}
