package dev.provenant.artifacts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Directory ⇄ manifest operations, written once against the {@link ArtifactStore} interface. */
final class Trees {

    private static final Digest PLACEHOLDER = Digest.of(new byte[0]);
    private static final Set<PosixFilePermission> EXEC = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> PLAIN = PosixFilePermissions.fromString("rw-r--r--");

    private Trees() {}

    private record Source(String path, Path file, long size, boolean executable, String linkTarget) {}

    static DirectoryPutResult putDirectory(ArtifactStore store, DirectoryPutArgs args) {
        Path root;
        try {
            root = args.directory().toRealPath();
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot read directory '" + args.directory() + "': " + e.getMessage(), e);
        }
        List<Source> sources = walk(root);
        // Validate names and symlinks of the whole tree before storing a single byte.
        List<ManifestEntry> shape = new ArrayList<>(sources.size());
        for (Source s : sources) {
            shape.add(
                    s.linkTarget() != null
                            ? ManifestEntry.symlink(s.path(), s.linkTarget())
                            : ManifestEntry.file(s.path(), PLACEHOLDER, 0, s.executable()));
        }
        Manifest.of(shape);

        long totalBytes = sources.stream().mapToLong(Source::size).sum();
        AtomicLong done = new AtomicLong();
        AtomicInteger uploadedFiles = new AtomicInteger();
        AtomicLong uploadedBytes = new AtomicLong();
        ProgressListener progress = args.progress();
        List<ManifestEntry> entries = new ArrayList<>(sources.size());
        ExecutorService pool = Executors.newFixedThreadPool(args.parallelism(), r -> {
            Thread t = new Thread(r, "provenant-put-tree");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ManifestEntry>> futures = new ArrayList<>(sources.size());
            for (Source s : sources) {
                if (s.linkTarget() != null) {
                    futures.add(java.util.concurrent.CompletableFuture.completedFuture(
                            ManifestEntry.symlink(s.path(), s.linkTarget())));
                    continue;
                }
                futures.add(pool.submit(() -> {
                    PutResult r = store.put(PutArgs.builder().file(s.file()).build());
                    if (r.uploaded()) {
                        uploadedFiles.incrementAndGet();
                        uploadedBytes.addAndGet(r.size());
                    }
                    long now = done.addAndGet(r.size());
                    synchronized (progress) {
                        progress.update(ProgressListener.Phase.UPLOAD, now, totalBytes);
                    }
                    return ManifestEntry.file(s.path(), r.digest(), r.size(), s.executable());
                }));
            }
            for (Future<ManifestEntry> f : futures) {
                entries.add(f.get());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ArtifactStoreException("Storing '" + root + "' failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArtifactStoreException("Interrupted while storing '" + root + "'", e);
        } finally {
            pool.shutdownNow();
        }
        Manifest manifest = Manifest.of(entries);
        PutResult stored = storeManifestBytes(store, manifest);
        return new DirectoryPutResult(
                stored.digest(), manifest, stored.size(), uploadedFiles.get(), uploadedBytes.get());
    }

    private static List<Source> walk(Path root) {
        List<Source> out = new ArrayList<>();
        boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = relative(root, file);
                    if (attrs.isSymbolicLink()) {
                        String target = Files.readSymbolicLink(file).toString();
                        out.add(new Source(
                                rel,
                                file,
                                0,
                                false,
                                target.replace(file.getFileSystem().getSeparator(), "/")));
                    } else if (attrs.isRegularFile()) {
                        out.add(new Source(rel, file, attrs.size(), isExecutable(file, posix), null));
                    } else {
                        throw new UnsafePathException("'" + file + "' is neither a regular file, a directory nor a"
                                + " symlink (a device, socket or pipe); it cannot be stored.");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    throw exc;
                }
            });
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot read directory '" + root + "': " + e.getMessage(), e);
        }
        return out;
    }

    private static String relative(Path root, Path file) {
        Path rel = root.relativize(file);
        StringBuilder b = new StringBuilder();
        for (Path part : rel) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(part);
        }
        return b.toString();
    }

    private static boolean isExecutable(Path file, boolean posix) throws IOException {
        if (posix) {
            return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                    .contains(PosixFilePermission.OWNER_EXECUTE);
        }
        return Files.isExecutable(file);
    }

    static PutResult putManifest(ArtifactStore store, Manifest manifest) {
        for (ManifestEntry e : manifest.entries()) {
            if (!e.isSymlink() && !store.exists(e.digest())) {
                throw new ArtifactNotFoundException(
                        e.digest(),
                        store.location() + " (needed by manifest entry '" + e.path()
                                + "'; store the file before its manifest)");
            }
        }
        return storeManifestBytes(store, manifest);
    }

    private static PutResult storeManifestBytes(ArtifactStore store, Manifest manifest) {
        byte[] bytes = manifest.toBytes();
        return store.put(PutArgs.builder().stream(new ByteArrayInputStream(bytes))
                .expectedDigest(manifest.digest())
                .build());
    }

    static Optional<Manifest> findManifest(ArtifactStore store, Digest digest) {
        ArtifactInfo info = store.stat(digest);
        if (info.size() < Manifest.headerLength() || info.size() > Manifest.MAX_BYTES) {
            return Optional.empty();
        }
        try (InputStream in = store.get(digest)) {
            byte[] head = in.readNBytes(Manifest.headerLength());
            if (!Manifest.isManifest(head)) {
                return Optional.empty();
            }
            byte[] rest = in.readAllBytes(); // reaches the end, so the digest is verified
            byte[] all = new byte[head.length + rest.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(rest, 0, all, head.length, rest.length);
            return Optional.of(Manifest.parse(all));
        } catch (IOException e) {
            throw new ArtifactStoreException(
                    "Cannot read " + digest + " from " + store.location() + ": " + e.getMessage(), e);
        }
    }

    static Manifest readManifest(ArtifactStore store, Digest digest) {
        return findManifest(store, digest)
                .orElseThrow(() -> new InvalidManifestException("Artifact " + digest
                        + " is not a manifest (it does not start with '" + Manifest.HEADER.trim() + "').'"));
    }

    static void materializeTree(ArtifactStore store, MaterializeArgs args) {
        // Parsing validates every path and symlink: nothing is written for an unsafe manifest.
        Manifest manifest = readManifest(store, args.digest());
        Path target = args.target().toAbsolutePath().normalize();
        boolean replacing = replacesExisting(target, args.overwrite());
        Path parent = target.getParent();
        Path work = parent.resolve("." + target.getFileName() + ".provenant-" + UUID.randomUUID() + ".tmp");
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "provenant-get-tree");
            t.setDaemon(true);
            return t;
        });
        try {
            Files.createDirectories(parent);
            Files.createDirectory(work);
            writeFiles(store, manifest, work, args, pool);
            createSymlinks(manifest, work);
            moveIntoPlace(work, target, replacing);
            work = null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ArtifactStoreException("Cannot write '" + target + "': " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArtifactStoreException("Interrupted while writing '" + target + "'", e);
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot write '" + target + "': " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    /**
     * Whether {@code target} is a non-empty directory the tree replaces; throws when it exists and is
     * not a directory, or is not empty and {@code overwrite} is off.
     */
    private static boolean replacesExisting(Path target, boolean overwrite) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArtifactStoreException("'" + target + "' exists and is not a directory.");
        }
        if (isEmptyDirectory(target)) {
            return false;
        }
        if (!overwrite) {
            throw new ArtifactStoreException(
                    "'" + target + "' exists and is not empty; choose another path or allow overwriting (--force).");
        }
        return true;
    }

    /** Writes the manifest's files (not its symlinks) under {@code work} on {@code pool}, verified. */
    private static void writeFiles(
            ArtifactStore store, Manifest manifest, Path work, MaterializeArgs args, ExecutorService pool)
            throws ExecutionException, InterruptedException {
        boolean posix = work.getFileSystem().supportedFileAttributeViews().contains("posix");
        long total = manifest.totalSize();
        AtomicLong done = new AtomicLong();
        ProgressListener progress = args.progress();
        List<Future<?>> futures = new ArrayList<>();
        for (ManifestEntry e : manifest.entries()) {
            if (e.isSymlink()) {
                continue;
            }
            Path file = inside(work, e.path());
            futures.add(pool.submit(() -> {
                Files.createDirectories(file.getParent());
                AbstractArtifactStore.writeVerified(store, e.digest(), file, ProgressListener.NONE, args.durable());
                if (posix) {
                    Files.getFileAttributeView(file, PosixFileAttributeView.class)
                            .setPermissions(e.executable() ? EXEC : PLAIN);
                }
                long now = done.addAndGet(e.size());
                synchronized (progress) {
                    progress.update(ProgressListener.Phase.DOWNLOAD, now, total);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    private static void createSymlinks(Manifest manifest, Path work) throws IOException {
        for (ManifestEntry e : manifest.entries()) {
            if (e.isSymlink()) {
                Path link = inside(work, e.path());
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, link.getFileSystem().getPath(e.linkTarget()));
            }
        }
    }

    /** Moves the finished {@code work} directory to {@code target}, the old tree aside first when replacing. */
    private static void moveIntoPlace(Path work, Path target, boolean replacing) throws IOException {
        if (replacing) {
            Path old = target.getParent().resolve("." + target.getFileName() + ".provenant-old-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } else {
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Defence in depth: the manifest is validated, but never write outside the work dir anyway. */
    private static Path inside(Path work, String relative) {
        Path p = work.resolve(relative).normalize();
        if (!p.startsWith(work) || p.equals(work)) {
            throw new UnsafePathException("Path '" + relative + "' resolves outside the target directory.");
        }
        return p;
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot list '" + dir + "': " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(AbstractArtifactStore::deleteQuietly);
        } catch (IOException ignored) {
            // best effort cleanup of a temp tree
        }
    }
}
