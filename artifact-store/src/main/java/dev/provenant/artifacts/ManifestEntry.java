package dev.provenant.artifacts;

import java.nio.charset.StandardCharsets;

/**
 * One entry of a {@link Manifest}: a relative path ({@code /}-separated), the digest and size of
 * the file's bytes, and its type (regular file, executable file, or symlink). For a symlink the
 * digest and size are those of the UTF-8 link target, which the entry also carries.
 *
 * <p>{@code ManifestEntry e = ManifestEntry.file("train/part-0.csv", digest, 4096, false);}
 *
 * @param path relative path with {@code /} separators
 * @param digest digest of the content (or of the link target)
 * @param size size in bytes of the content (or of the link target)
 * @param type file, executable file or symlink
 * @param linkTarget the symlink target, or null for files
 */
public record ManifestEntry(String path, Digest digest, long size, Type type, String linkTarget) {

    /** The kind of entry, written as a git-style mode in the canonical form. */
    public enum Type {
        /** A regular file. */
        FILE("100644"),
        /** A regular file with the executable bit set. */
        EXECUTABLE("100755"),
        /** A symbolic link, relative and inside the tree. */
        SYMLINK("120000");

        private final String mode;

        Type(String mode) {
            this.mode = mode;
        }

        /**
         * The canonical mode string. {@code Type.FILE.mode() // "100644"}
         *
         * @return the mode
         */
        public String mode() {
            return mode;
        }

        static Type ofMode(String mode) {
            for (Type t : values()) {
                if (t.mode.equals(mode)) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * Validates the path, size and consistency of the entry.
     *
     * <p>{@code new ManifestEntry("a.txt", d, 3, Type.FILE, null)}
     *
     * @throws UnsafePathException for a path that is not safe and relative
     * @throws InvalidManifestException for other inconsistencies
     */
    public ManifestEntry {
        ManifestPaths.validatePath(path);
        if (digest == null) {
            throw new InvalidManifestException("Entry '" + path + "' has no digest.");
        }
        if (type == null) {
            throw new InvalidManifestException("Entry '" + path + "' has no type.");
        }
        if (size < 0) {
            throw new InvalidManifestException("Entry '" + path + "' has negative size " + size + ".");
        }
        if (type == Type.SYMLINK) {
            ManifestPaths.validateLinkTarget(path, linkTarget);
            byte[] bytes = linkTarget.getBytes(StandardCharsets.UTF_8);
            if (size != bytes.length || !Digest.of(bytes).equals(digest)) {
                throw new InvalidManifestException(
                        "Symlink entry '" + path + "' has a digest or size that does not match its target.");
            }
        } else if (linkTarget != null) {
            throw new InvalidManifestException("File entry '" + path + "' must not have a link target.");
        }
    }

    /**
     * A regular file entry.
     *
     * <p>{@code ManifestEntry.file("bin/train.sh", d, 120, true)}
     *
     * @param path relative path
     * @param digest content digest
     * @param size content size
     * @param executable whether the executable bit is set
     * @return the entry
     */
    public static ManifestEntry file(String path, Digest digest, long size, boolean executable) {
        return new ManifestEntry(path, digest, size, executable ? Type.EXECUTABLE : Type.FILE, null);
    }

    /**
     * A symlink entry; the target must be relative and stay inside the tree.
     *
     * <p>{@code ManifestEntry.symlink("latest", "v2/model.bin")}
     *
     * @param path relative path of the link
     * @param target the link's target, relative to the link's directory
     * @return the entry
     */
    public static ManifestEntry symlink(String path, String target) {
        ManifestPaths.validateLinkTarget(path, target);
        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        return new ManifestEntry(path, Digest.of(bytes), bytes.length, Type.SYMLINK, target);
    }

    /**
     * Whether this entry is a symlink. {@code if (e.isSymlink()) ...}
     *
     * @return true for symlinks
     */
    public boolean isSymlink() {
        return type == Type.SYMLINK;
    }

    /**
     * Whether this entry is an executable file. {@code if (e.executable()) ...}
     *
     * @return true for executable files
     */
    public boolean executable() {
        return type == Type.EXECUTABLE;
    }
}
