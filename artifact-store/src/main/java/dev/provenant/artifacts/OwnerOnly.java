package dev.provenant.artifacts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files and directories that only their owner may read: Provenant's home, the local artifact
 * store, tokens, passwords and keys. Directories are created 0700 and files 0600 <em>with</em> those
 * modes (never created with the umask's mode and narrowed afterwards, which would leave a window in
 * which another local user could open them). Where the file system has no POSIX permissions
 * (Windows, some mounts) the modes are skipped quietly.
 *
 * <p>{@code Path home = OwnerOnly.createDirectory(Path.of(System.getProperty("user.home"), ".provenant"));}
 */
public final class OwnerOnly {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnly.class);

    /** {@code rwx------} */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code rw-------} */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** {@code r--------}: stored artifacts, which never change. */
    public static final Set<PosixFilePermission> READ_ONLY_FILE = PosixFilePermissions.fromString("r--------");

    private OwnerOnly() {}

    /**
     * Whether the file system of {@code p} has POSIX permissions.
     *
     * @param p any path on the file system
     * @return true on POSIX file systems
     */
    public static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates {@code dir} with mode 0700 if it does not exist (missing parents are created with the
     * ordinary mode: they are not Provenant's), and narrows an existing {@code dir} to 0700 (see
     * {@link #tighten(Path)}).
     *
     * <p>{@code Path objects = OwnerOnly.createDirectory(root.resolve("sha256"));}
     *
     * @param dir the directory
     * @return {@code dir}
     * @throws IOException when it cannot be created, or exists and is not a directory
     */
    public static Path createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                if (posix(dir)) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } else {
                    Files.createDirectory(dir);
                }
                return dir;
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
                // created by someone else meanwhile: tighten it below
            }
        }
        tighten(dir);
        return dir;
    }

    /**
     * Narrows an existing directory to 0700 if group or others have any access. Only this one
     * directory: a 0700 directory already stops other users from reaching anything below it.
     * Failures (not the owner, read-only mount) are logged, not thrown: the directory still works.
     *
     * @param dir an existing directory
     */
    public static void tighten(Path dir) {
        tighten(dir, DIRECTORY);
    }

    /**
     * Narrows an existing file to 0600 if group or others have any access (see {@link
     * #tighten(Path)}).
     *
     * @param file an existing file
     */
    public static void tightenFile(Path file) {
        tighten(file, FILE);
    }

    private static void tighten(Path p, Set<PosixFilePermission> wanted) {
        if (!posix(p)) {
            return;
        }
        try {
            Set<PosixFilePermission> current = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (current.stream().anyMatch(OwnerOnly::groupOrOthers)) {
                Files.setPosixFilePermissions(p, wanted);
                log.info("Restricted {} to its owner (was {})", p, PosixFilePermissions.toString(current));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            log.warn("Cannot restrict {} to its owner: {}", p, e.getMessage());
        }
    }

    private static boolean groupOrOthers(PosixFilePermission p) {
        return switch (p) {
            case OWNER_READ, OWNER_WRITE, OWNER_EXECUTE -> false;
            default -> true;
        };
    }

    /**
     * Creates a new, empty file with mode 0600 (fails if it exists).
     *
     * @param file the file
     * @return {@code file}
     * @throws IOException when it exists or cannot be created
     */
    public static Path createFile(Path file) throws IOException {
        return createFile(file, FILE);
    }

    /**
     * Creates a new, empty file with the given mode (fails if it exists).
     *
     * @param file the file
     * @param mode its POSIX mode, ignored on other file systems
     * @return {@code file}
     * @throws IOException when it exists or cannot be created
     */
    public static Path createFile(Path file, Set<PosixFilePermission> mode) throws IOException {
        return posix(file)
                ? Files.createFile(file, PosixFilePermissions.asFileAttribute(mode))
                : Files.createFile(file);
    }

    /**
     * A new temp file with mode 0600 in {@code dir}.
     *
     * @param dir the directory
     * @param prefix name prefix
     * @param suffix name suffix
     * @return the new, empty file
     * @throws IOException when it cannot be created
     */
    public static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
        FileAttribute<?>[] attrs = posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
        return Files.createTempFile(dir, prefix, suffix, attrs);
    }

    /**
     * Replaces {@code file} atomically with {@code content}, mode 0600: the bytes go to a new 0600
     * temp file in the same directory, are fsynced, and the temp file is renamed over {@code file}.
     * Readers see the old or the new content, never a part, and nobody else can read either.
     *
     * <p>{@code OwnerOnly.writeAtomically(home.resolve("admin.token"), token.getBytes(UTF_8));}
     *
     * @param file the file to write
     * @param content its new content
     * @throws IOException when it cannot be written
     */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        createFile(tmp);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                out.write(content);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
