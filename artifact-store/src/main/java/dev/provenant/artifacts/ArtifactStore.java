package dev.provenant.artifacts;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage of bytes: every artifact is stored once, named by the SHA-256 of its
 * content, and verified whenever it is read.
 *
 * <p>Guarantees common to every implementation (checked by one shared contract test suite):
 *
 * <ul>
 *   <li>identical content is never transferred twice (the key is checked first);
 *   <li>nothing half-written is ever visible under a content key;
 *   <li>memory use does not depend on artifact size;
 *   <li>reads fail with {@link IntegrityException} when stored bytes no longer hash to their key;
 *   <li>manifests ({@link Manifest}) turn directories into one artifact whose digest identifies the
 *       tree, and materialize back exactly, every file verified.
 * </ul>
 *
 * <p>Implementations are thread-safe. Obtain one with {@link ArtifactStores#fromEnvironment}, or
 * build {@link LocalArtifactStore} / {@link S3ArtifactStore} directly.
 *
 * <p>{@code try (ArtifactStore store = LocalArtifactStore.open(home.resolve("artifacts"))) { Digest d = store.put(file).digest(); }}
 */
public interface ArtifactStore extends AutoCloseable {

    /**
     * Stores a file or stream; returns its digest and size. Identical content already stored is
     * not transferred again ({@link PutResult#uploaded()} is false).
     *
     * <p>{@code PutResult r = store.put(PutArgs.builder().file(path).progress(listener).build());}
     *
     * @param args what to store
     * @return digest, size, whether bytes were transferred
     * @throws IntegrityException when a declared digest does not match, or the source changed
     *     while it was stored (nothing is stored)
     * @throws StoreUnavailableException when the backing store cannot be reached after retries
     */
    PutResult put(PutArgs args);

    /**
     * Stores a file. {@code Digest d = store.put(Path.of("model.bin")).digest();}
     *
     * @param file a regular file
     * @return digest, size, whether bytes were transferred
     */
    default PutResult put(Path file) {
        return put(PutArgs.builder().file(file).build());
    }

    /**
     * Stores a byte array (small content such as manifests and reports).
     *
     * <p>{@code Digest d = store.put("hello".getBytes(UTF_8)).digest();}
     *
     * @param content the bytes
     * @return digest, size, whether bytes were transferred
     */
    default PutResult put(byte[] content) {
        return put(PutArgs.builder().stream(new java.io.ByteArrayInputStream(content))
                .expectedDigest(Digest.of(content))
                .build());
    }

    /**
     * Opens an artifact for reading. The stream throws {@link IntegrityException} at its end when
     * the bytes do not hash to the digest; consume it to the end before trusting the content.
     *
     * <p>{@code try (InputStream in = store.get(d)) { in.transferTo(out); }}
     *
     * @param digest the artifact
     * @return a verifying stream
     * @throws ArtifactNotFoundException when nothing is stored under the digest
     */
    default InputStream get(Digest digest) {
        return get(digest, ProgressListener.NONE);
    }

    /**
     * Opens an artifact for reading, reporting progress ({@code DOWNLOAD} phase).
     *
     * <p>{@code try (InputStream in = store.get(d, (phase, done, total) -> bar.set(done))) { ... }}
     *
     * @param digest the artifact
     * @param progress listener
     * @return a verifying stream
     * @throws ArtifactNotFoundException when nothing is stored under the digest
     */
    InputStream get(Digest digest, ProgressListener progress);

    /**
     * Writes one artifact to a file, verified. The target appears atomically and only when every
     * byte was verified; on any failure no file (or partial file) is left at the target.
     *
     * <p>{@code store.materialize(MaterializeArgs.builder().digest(d).target(Path.of("out.bin")).build());}
     *
     * @param args digest, target, overwrite, progress
     * @throws IntegrityException when the stored bytes are damaged
     */
    void materialize(MaterializeArgs args);

    /**
     * As {@link #materialize}, except that the check of the bytes against the digest may still be
     * running when this returns: the target is in place, and {@link PendingCheck#await()} tells
     * whether it holds the artifact's bytes. For scratch copies whose use can start before the
     * answer and be judged after it (a replay runs its step meanwhile, and reports it FAILED when
     * the check fails). The local store copies in the kernel while another thread hashes the
     * stored object (which the copy's user cannot reach, so writes to the copy change nothing in
     * the check); other stores verify while they write, as {@link #materialize} does.
     *
     * <p>{@code PendingCheck c = store.materializeCheckedLater(args); process(target); c.await();}
     *
     * @param args digest, target, overwrite, durable
     * @return the check, to await before anything is concluded from the file
     * @throws ArtifactNotFoundException when nothing is stored under the digest
     */
    default PendingCheck materializeCheckedLater(MaterializeArgs args) {
        materialize(args);
        return PendingCheck.PASSED;
    }

    /**
     * Whether an artifact is stored. {@code if (!store.exists(d)) upload();}
     *
     * @param digest the artifact
     * @return true when stored
     */
    boolean exists(Digest digest);

    /**
     * Size of a stored artifact, without reading it. {@code long size = store.stat(d).size();}
     *
     * @param digest the artifact
     * @return what the store knows
     * @throws ArtifactNotFoundException when nothing is stored under the digest
     */
    ArtifactInfo stat(Digest digest);

    /**
     * Where the bytes live, for messages: a directory or an endpoint and bucket.
     *
     * <p>{@code System.err.println("stored in " + store.location());}
     *
     * @return a human-readable location
     */
    String location();

    /**
     * Stores a directory as a manifest: every file stored (only those not yet stored are
     * transferred), then the manifest itself. Symlinks that stay inside the directory are kept as
     * symlinks; one that points outside is refused.
     *
     * <p>{@code Digest tree = store.putDirectory(DirectoryPutArgs.builder().directory(dir).build()).digest();}
     *
     * @param args the directory and options
     * @return the manifest digest and transfer counts
     * @throws UnsafePathException when a name or symlink in the directory cannot be stored safely
     */
    default DirectoryPutResult putDirectory(DirectoryPutArgs args) {
        return Trees.putDirectory(this, args);
    }

    /**
     * Stores a manifest built in memory (its files must already be stored).
     *
     * <p>{@code Digest tree = store.putManifest(Manifest.of(entries)).digest();}
     *
     * @param manifest the manifest
     * @return digest and size of the canonical manifest bytes
     * @throws ArtifactNotFoundException when a file of the manifest is not stored
     */
    default PutResult putManifest(Manifest manifest) {
        return Trees.putManifest(this, manifest);
    }

    /**
     * Reads and validates a stored manifest.
     *
     * <p>{@code Manifest m = store.readManifest(tree);}
     *
     * @param digest the manifest's digest
     * @return the manifest
     * @throws InvalidManifestException when the artifact is not a valid manifest
     */
    default Manifest readManifest(Digest digest) {
        return Trees.readManifest(this, digest);
    }

    /**
     * The manifest stored under a digest, or empty when that artifact is a plain file.
     *
     * <p>{@code store.findManifest(d).ifPresentOrElse(m -> tree(m), () -> file());}
     *
     * @param digest an artifact
     * @return the manifest, or empty when the artifact does not start with the manifest header
     */
    default Optional<Manifest> findManifest(Digest digest) {
        return Trees.findManifest(this, digest);
    }

    /**
     * Recreates a manifest's tree at the target directory, every file verified. The whole manifest
     * is validated before anything is written; the tree is built next to the target and moved into
     * place at the end, so a failure leaves no partial tree.
     *
     * <p>{@code store.materializeTree(MaterializeArgs.builder().digest(tree).target(Path.of("data")).build());}
     *
     * @param args manifest digest, target directory (must not exist unless overwrite), progress
     * @throws UnsafePathException when the manifest contains unsafe paths or escaping symlinks
     * @throws IntegrityException when a stored file is damaged
     */
    default void materializeTree(MaterializeArgs args) {
        Trees.materializeTree(this, args);
    }

    /** What a clean-up removed. */
    record Removed(int files, long bytes) {
        public static final Removed NOTHING = new Removed(0, 0);

        public Removed plus(Removed other) {
            return new Removed(files + other.files, bytes + other.bytes);
        }
    }

    /**
     * Removes this store's temporary files (interrupted uploads) last modified before {@code
     * olderThan} ago. Stored artifacts are never touched.
     */
    default Removed removeStaleTemp(java.time.Duration olderThan) {
        return Removed.NOTHING;
    }

    /**
     * Releases connections and threads. {@code store.close();}
     */
    @Override
    void close();
}
