package dev.provenant.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.UUID;

/** What both backends share: hashing a source, checking declared digests, atomic materialization. */
abstract class AbstractArtifactStore implements ArtifactStore {

    /** Large enough that per-call overhead vanishes, small enough to keep heap use flat. */
    static final int BUFFER_SIZE = 1024 * 1024;

    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER_SIZE]);

    record Hashed(Digest digest, long size) {}

    static byte[] buffer() {
        return BUFFERS.get();
    }

    /** Reads a file once to compute its digest (the hash-first step of every put). */
    static Hashed hashFile(Path file, ProgressListener progress) {
        MessageDigest md = Digest.newSha256();
        long total;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                InputStream in = Channels.newInputStream(ch)) {
            total = ch.size();
            progress.update(ProgressListener.Phase.HASH, 0, total);
            byte[] buf = buffer();
            long done = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                done += n;
                progress.update(ProgressListener.Phase.HASH, done, total);
            }
            total = done;
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot read '" + file + "': " + e.getMessage(), e);
        }
        return new Hashed(Digest.ofBytes(md.digest()), total);
    }

    static void checkDeclared(PutArgs args, Digest actual, String source) {
        args.expectedDigest().ifPresent(expected -> {
            if (!expected.equals(actual)) {
                throw new IntegrityException(
                        "integrity error: " + source + " was declared as " + expected + " but its content hashes to "
                                + actual + "; nothing was stored",
                        expected,
                        actual);
            }
        });
    }

    static String describe(PutArgs args) {
        return args.file().map(f -> "file '" + f + "'").orElse("stream");
    }

    /**
     * The target of a materialization, absolute, after refusing a directory and (unless overwriting
     * is allowed) an existing file, with a message that says what to do.
     */
    static Path writableTarget(MaterializeArgs args) {
        Path target = args.target().toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new ArtifactStoreException("Cannot write " + args.digest().shortForm() + " to '" + target
                    + "': it is a directory; give a file path.");
        }
        if (Files.exists(target) && !args.overwrite()) {
            throw new ArtifactStoreException(
                    "'" + target + "' already exists; choose another path or allow overwriting (--force).");
        }
        return target;
    }

    @Override
    public void materialize(MaterializeArgs args) {
        Path target = writableTarget(args);
        // Fail fast, before creating anything, when the artifact is missing.
        stat(args.digest());
        Path parent = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = parent.resolve("." + target.getFileName() + ".provenant-" + UUID.randomUUID() + ".tmp");
            writeVerified(this, args.digest(), tmp, args.progress(), args.durable());
            moveIntoPlace(tmp, target, args.overwrite());
            tmp = null;
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot write '" + target + "': " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    void writeVerified(Digest digest, Path file, ProgressListener progress) throws IOException {
        writeVerified(this, digest, file, progress);
    }

    /** Copies a stored artifact to a new file, verified, fsynced. The caller deletes it on failure. */
    static void writeVerified(ArtifactStore store, Digest digest, Path file, ProgressListener progress)
            throws IOException {
        writeVerified(store, digest, file, progress, true);
    }

    static void writeVerified(ArtifactStore store, Digest digest, Path file, ProgressListener progress, boolean durable)
            throws IOException {
        try (InputStream in = store.get(digest, progress);
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream out = Channels.newOutputStream(ch)) {
            byte[] buf = buffer();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
            if (durable) {
                ch.force(true);
            }
        }
    }

    static void moveIntoPlace(Path tmp, Path target, boolean replace) throws IOException {
        if (!replace) {
            // NIO has no atomic "rename unless the target exists"; link(2) fails if it exists.
            try {
                Files.createLink(target, tmp);
                Files.delete(tmp);
                return;
            } catch (FileAlreadyExistsException e) {
                throw new ArtifactStoreException(
                        "'" + target + "' appeared while it was being written; nothing was replaced.");
            } catch (IOException | UnsupportedOperationException e) {
                // no hard links on this file system: fall back to a plain atomic rename
                if (Files.exists(target)) {
                    throw new ArtifactStoreException(
                            "'" + target + "' appeared while it was being written; nothing was replaced.");
                }
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a leftover temp file is never visible under a content key
            }
        }
    }
}
