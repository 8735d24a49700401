package dev.provenant.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Artifacts in a local directory, the embedded default ({@code PROVENANT_HOME/artifacts}).
 *
 * <p>Layout: {@code <root>/sha256/ab/cdef…} (the first two hex digits fan out into 256
 * directories, the file is named by the remaining 62) and {@code <root>/tmp/} for writes in
 * progress, on the same file system. A write goes to a temp file, is verified against its digest,
 * fsynced, made read-only and renamed atomically into place; a crash leaves at most a stray temp
 * file (cleaned up when a store is opened a day later), never a partial object.
 *
 * <p>Only the owner can read the store: directories are 0700, temp files 0600, objects 0400. Opening
 * a store narrows its root, {@code sha256/} and {@code tmp/} to 0700 if they were wider.
 *
 * <p>{@code try (LocalArtifactStore store = LocalArtifactStore.open(Path.of("/data/artifacts"))) { store.put(file); }}
 */
public final class LocalArtifactStore extends AbstractArtifactStore {

    private static final Logger log = LoggerFactory.getLogger(LocalArtifactStore.class);
    private static final Duration STALE_TEMP = Duration.ofDays(1);

    private final Path root;
    private final Path objects;
    private final Path tmp;
    private final boolean fsync;
    private final boolean posix;

    private LocalArtifactStore(Builder b) {
        this.root = b.root.toAbsolutePath().normalize();
        this.objects = root.resolve(Digest.ALGORITHM);
        this.tmp = root.resolve("tmp");
        this.fsync = b.fsync;
        try {
            // Owner-only (0700), and existing stores are narrowed at open. Only these three
            // directories, not the whole tree: walking every fan-out directory and object of a large
            // store at each start would be slow, and a 0700 root already keeps other local users
            // from reaching anything below it (objects written before this were 0444 in 0755 fan-out
            // directories).
            OwnerOnly.createDirectory(root);
            OwnerOnly.createDirectory(objects);
            OwnerOnly.createDirectory(tmp);
        } catch (IOException e) {
            throw new ArtifactStoreException(
                    "Cannot create the artifact directory '" + root + "': " + e.getMessage()
                            + ". Check permissions or set PROVENANT_HOME to a writable directory.",
                    e);
        }
        this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        removeStaleTempFiles();
    }

    /**
     * Opens (creating if needed) a store rooted at a directory.
     *
     * <p>{@code LocalArtifactStore store = LocalArtifactStore.open(home.resolve("artifacts"));}
     *
     * @param root the store's directory
     * @return the store
     */
    public static LocalArtifactStore open(Path root) {
        return builder().root(root).build();
    }

    /**
     * A builder. {@code LocalArtifactStore.builder().root(dir).build()}
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The file that holds an artifact (it may not exist). For tools and tests; never write to it.
     *
     * <p>{@code Path p = store.pathOf(d);}
     *
     * @param digest the artifact
     * @return its path under the root
     */
    public Path pathOf(Digest digest) {
        String hex = digest.hex();
        return objects.resolve(hex.substring(0, 2)).resolve(hex.substring(2));
    }

    @Override
    public PutResult put(PutArgs args) {
        if (args.file().isPresent()) {
            return putFile(args.file().get(), args);
        }
        return putStream(args.stream().orElseThrow(), args);
    }

    private PutResult putFile(Path file, PutArgs args) {
        Hashed h = hashFile(file, args.progress());
        checkDeclared(args, h.digest(), describe(args));
        Path target = pathOf(h.digest());
        if (isStored(target, h.size())) {
            return new PutResult(h.digest(), h.size(), false);
        }
        Path temp = newTempFile(h.digest());
        try {
            try (InputStream raw = Files.newInputStream(file);
                    InputStream in = new VerifyingInputStream(
                            raw,
                            h.digest(),
                            h.size(),
                            describe(args),
                            args.progress(),
                            ProgressListener.Phase.UPLOAD)) {
                copyToTemp(in, temp);
            }
            commit(temp, target, fsync);
            temp = null;
            return new PutResult(h.digest(), h.size(), true);
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot store '" + file + "' in " + location() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private PutResult putStream(InputStream source, PutArgs args) {
        boolean sync = fsync && args.durable();
        Path temp = newTempFile(null);
        try {
            MessageDigest md = Digest.newSha256();
            long size = 0;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                byte[] buf = buffer();
                int n;
                while ((n = source.read(buf)) >= 0) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                    size += n;
                    args.progress().update(ProgressListener.Phase.UPLOAD, size, -1);
                }
                if (sync) {
                    ch.force(true);
                }
            }
            Digest digest = Digest.ofBytes(md.digest());
            checkDeclared(args, digest, "stream");
            Path target = pathOf(digest);
            if (isStored(target, size)) {
                return new PutResult(digest, size, false);
            }
            commit(temp, target, sync);
            temp = null;
            return new PutResult(digest, size, true);
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot store stream in " + location() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private boolean isStored(Path target, long size) {
        try {
            long stored = Files.size(target);
            if (stored == size) {
                return true;
            }
            // Cannot be the right content: replace it rather than trust it.
            log.warn("Stored object {} has {} bytes instead of {}; replacing it", target, stored, size);
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot check '" + target + "': " + e.getMessage(), e);
        }
    }

    private Path newTempFile(Digest digest) {
        try {
            return OwnerOnly.createTempFile(
                    tmp, digest == null ? "stream-" : digest.hex().substring(0, 12) + "-", ".tmp");
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot create a temp file in '" + tmp + "': " + e.getMessage(), e);
        }
    }

    private void copyToTemp(InputStream in, Path temp) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream out = Channels.newOutputStream(ch)) {
            byte[] buf = buffer();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
            if (fsync) {
                ch.force(true);
            }
        }
    }

    /**
     * Read-only for the owner (0400: objects never change), then an atomic rename: the object
     * appears complete or not at all. Fan-out directories are created 0700.
     */
    private void commit(Path temp, Path target, boolean sync) throws IOException {
        if (posix) {
            Files.setPosixFilePermissions(temp, OwnerOnly.READ_ONLY_FILE);
        }
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            OwnerOnly.createDirectory(dir);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (sync) {
            syncDirectory(dir);
        }
    }

    private void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; the rename itself is still atomic.
            log.debug("Cannot fsync directory {}: {}", dir, e.getMessage());
        }
    }

    @Override
    public InputStream get(Digest digest, ProgressListener progress) {
        Path p = pathOf(digest);
        try {
            long size = Files.size(p);
            return new VerifyingInputStream(
                    Files.newInputStream(p),
                    digest,
                    -1,
                    size,
                    "artifact " + digest.shortForm() + " in " + location(),
                    progress,
                    ProgressListener.Phase.DOWNLOAD);
        } catch (NoSuchFileException e) {
            throw new ArtifactNotFoundException(digest, location());
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot read '" + p + "': " + e.getMessage(), e);
        }
    }

    /**
     * The stored object is copied to the target by the kernel ({@code sendfile}: no pass through
     * this process), without fsync unless {@code args.durable()}, while a background thread hashes
     * the stored object. Both read through the <em>same</em> open channel (positional reads, so
     * neither moves the other), so the check covers exactly the file the copy read: a stored object
     * renamed over between two opens could otherwise give the copy one file and the check another.
     * Whatever the copy's user writes to the copy cannot change the check.
     */
    @Override
    public PendingCheck materializeCheckedLater(MaterializeArgs args) {
        Path target = writableTarget(args);
        Path source = pathOf(args.digest());
        FileChannel copied;
        try {
            copied = FileChannel.open(source, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ArtifactNotFoundException(args.digest(), location());
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot read '" + source + "': " + e.getMessage(), e);
        }
        SharedChannel shared = new SharedChannel(copied);
        BackgroundCheck check = BackgroundCheck.start(
                shared, args.digest(), "artifact " + args.digest().shortForm() + " in " + location());
        Path tmp = null;
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            tmp = parent.resolve("." + target.getFileName() + ".provenant-" + java.util.UUID.randomUUID() + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long size = copied.size();
                long done = 0;
                while (done < size) {
                    long n = copied.transferTo(done, size - done, out);
                    if (n <= 0) {
                        throw new IOException("the copy stopped after " + done + " of " + size + " bytes");
                    }
                    done += n;
                }
                if (args.durable()) {
                    out.force(true);
                }
            }
            moveIntoPlace(tmp, target, args.overwrite());
            tmp = null;
            return check;
        } catch (IOException e) {
            check.abandon();
            throw new ArtifactStoreException("Cannot write '" + target + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            check.abandon();
            throw e;
        } finally {
            shared.release();
            deleteQuietly(tmp);
        }
    }

    /** A read-only channel used by the copy and the check; closed when both have released it. */
    private static final class SharedChannel {
        private final FileChannel channel;
        private final java.util.concurrent.atomic.AtomicInteger users =
                new java.util.concurrent.atomic.AtomicInteger(2);

        SharedChannel(FileChannel channel) {
            this.channel = channel;
        }

        void release() {
            if (users.decrementAndGet() == 0) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }

    /** Hashes an open stored object on a daemon thread; {@link #await()} compares with the digest. */
    private static final class BackgroundCheck implements PendingCheck {

        private final java.util.concurrent.CompletableFuture<Digest> hashed =
                new java.util.concurrent.CompletableFuture<>();
        private final Digest expected;
        private final String what;
        private final SharedChannel channel;

        private BackgroundCheck(SharedChannel channel, Digest expected, String what) {
            this.channel = channel;
            this.expected = expected;
            this.what = what;
        }

        static BackgroundCheck start(SharedChannel channel, Digest expected, String what) {
            BackgroundCheck c = new BackgroundCheck(channel, expected, what);
            Thread t = new Thread(c::hash, "provenant-check-" + expected.hex().substring(0, 12));
            t.setDaemon(true);
            t.start();
            return c;
        }

        private void hash() {
            try {
                MessageDigest md = Digest.newSha256();
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(buffer());
                long position = 0;
                int n;
                while ((n = channel.channel.read(buf.clear(), position)) >= 0) {
                    md.update(buf.array(), 0, n);
                    position += n;
                }
                hashed.complete(Digest.ofBytes(md.digest()));
            } catch (IOException | RuntimeException e) {
                hashed.completeExceptionally(e);
            } finally {
                channel.release();
            }
        }

        /** Stops waiting for the answer (the copy failed); the thread ends when the hash does. */
        void abandon() {
            hashed.cancel(false);
        }

        @Override
        public void await() {
            Digest actual;
            try {
                actual = hashed.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArtifactStoreException("interrupted while checking " + what, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new ArtifactStoreException(
                        "Cannot read " + what + ": " + e.getCause().getMessage(), e.getCause());
            }
            if (!actual.equals(expected)) {
                throw new IntegrityException(
                        "integrity error: " + what + " should be " + expected + " but hashes to " + actual
                                + " (damaged or tampered with)",
                        expected,
                        actual);
            }
        }
    }

    @Override
    public boolean exists(Digest digest) {
        return Files.isRegularFile(pathOf(digest));
    }

    @Override
    public ArtifactInfo stat(Digest digest) {
        try {
            return new ArtifactInfo(digest, Files.size(pathOf(digest)));
        } catch (NoSuchFileException e) {
            throw new ArtifactNotFoundException(digest, location());
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot stat '" + pathOf(digest) + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return "local store " + root;
    }

    /**
     * The root directory. {@code Path dir = store.root();}
     *
     * @return the absolute root
     */
    public Path root() {
        return root;
    }

    @Override
    public void close() {
        // nothing to release
    }

    private void removeStaleTempFiles() {
        Removed r = removeStaleTemp(STALE_TEMP);
        if (r.files() > 0) {
            log.info("removed {} stale temp files ({} bytes) from {}", r.files(), r.bytes(), tmp);
        }
    }

    @Override
    public Removed removeStaleTemp(Duration olderThan) {
        Instant cutoff = Instant.now().minus(olderThan);
        int files = 0;
        long bytes = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
            for (Path f : entries) {
                FileTime modified = Files.getLastModifiedTime(f);
                if (modified.toInstant().isBefore(cutoff)) {
                    long size = Files.isRegularFile(f) ? Files.size(f) : 0;
                    deleteQuietly(f);
                    if (!Files.exists(f)) {
                        files++;
                        bytes += size;
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.debug("Cannot clean {}: {}", tmp, e.getMessage());
        }
        return new Removed(files, bytes);
    }

    /** Builds a {@link LocalArtifactStore}. */
    public static final class Builder {
        private Path root;
        private boolean fsync = true;

        private Builder() {}

        /**
         * {@code builder.root(Path.of(System.getProperty("user.home"), ".provenant", "artifacts"))}
         *
         * @param root the store's directory (created if missing)
         * @return this builder
         */
        public Builder root(Path root) {
            if (root == null) {
                throw new IllegalArgumentException("root must not be null");
            }
            this.root = root;
            return this;
        }

        /**
         * Whether writes are fsynced before they become visible (default true). Turning it off is
         * only for throw-away stores: after a power loss an object may be empty.
         * {@code builder.fsync(false)}
         *
         * @param fsync false to skip fsync
         * @return this builder
         */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /**
         * {@code LocalArtifactStore store = builder.build();}
         *
         * @return the store, its directories created
         */
        public LocalArtifactStore build() {
            if (root == null) {
                throw new IllegalArgumentException("root(...) must be set");
            }
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new IllegalArgumentException("'" + root + "' exists and is not a directory");
            }
            return new LocalArtifactStore(this);
        }
    }
}
