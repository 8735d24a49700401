package dev.provenant.artifacts;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Arguments of {@link ArtifactStore#put(PutArgs)}: exactly one source (a regular file or a
 * stream), an optional caller-declared digest that the content must match, and an optional
 * progress listener.
 *
 * <p>{@code PutArgs args = PutArgs.builder().file(Path.of("model.bin")).expectedDigest(d).build();}
 */
public final class PutArgs {

    private final Path file;
    private final InputStream stream;
    private final Digest expectedDigest;
    private final ProgressListener progress;
    private final boolean durable;

    private PutArgs(Builder b) {
        this.file = b.file;
        this.stream = b.stream;
        this.expectedDigest = b.expectedDigest;
        this.progress = b.progress;
        this.durable = b.durable;
    }

    /**
     * A new builder. {@code PutArgs.builder().stream(in).build()}
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The source file, when the source is a file. {@code args.file().ifPresent(...)}
     *
     * @return the file or empty
     */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * The source stream, when the source is a stream (the store reads it to the end but does not
     * close it). {@code args.stream().ifPresent(...)}
     *
     * @return the stream or empty
     */
    public Optional<InputStream> stream() {
        return Optional.ofNullable(stream);
    }

    /**
     * The digest the caller says the content has. {@code args.expectedDigest().ifPresent(...)}
     *
     * @return the declared digest or empty
     */
    public Optional<Digest> expectedDigest() {
        return Optional.ofNullable(expectedDigest);
    }

    /**
     * The progress listener ({@link ProgressListener#NONE} when none was set). {@code args.progress()}
     *
     * @return the listener
     */
    public ProgressListener progress() {
        return progress;
    }

    /**
     * Whether the stored object is flushed to disk before it becomes visible. Default true; only
     * content that can be rebuilt from elsewhere (e.g. a descriptor derived from an event) may
     * skip it. {@code args.durable()}
     *
     * @return true to fsync (where the backend has such a thing)
     */
    public boolean durable() {
        return durable;
    }

    /** Builds {@link PutArgs}; validates on {@link #build()} and on each setter. */
    public static final class Builder {
        private boolean durable = true;
        private Path file;
        private InputStream stream;
        private Digest expectedDigest;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {}

        /**
         * Stores a regular file. {@code builder.file(Path.of("data.csv"))}
         *
         * @param file a regular file (symlinks are followed)
         * @return this builder
         */
        public Builder file(Path file) {
            if (file == null) {
                throw new IllegalArgumentException("file must not be null");
            }
            this.file = file;
            return this;
        }

        /**
         * Stores the bytes of a stream, read to its end (not closed). {@code builder.stream(socketIn)}
         *
         * @param stream the source
         * @return this builder
         */
        public Builder stream(InputStream stream) {
            if (stream == null) {
                throw new IllegalArgumentException("stream must not be null");
            }
            this.stream = stream;
            return this;
        }

        /**
         * The digest the content must have; a mismatch fails with {@link IntegrityException} and
         * stores nothing. {@code builder.expectedDigest(Digest.parse(declared))}
         *
         * @param digest the declared digest
         * @return this builder
         */
        public Builder expectedDigest(Digest digest) {
            this.expectedDigest = digest;
            return this;
        }

        /**
         * Receives progress. {@code builder.progress((phase, done, total) -> {})}
         *
         * @param progress the listener; null means none
         * @return this builder
         */
        public Builder progress(ProgressListener progress) {
            this.progress = progress == null ? ProgressListener.NONE : progress;
            return this;
        }

        /**
         * Skip the fsync of the stored object (derived content only). {@code builder.durable(false)}
         *
         * @param durable false to skip
         * @return this builder
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /**
         * Validates and builds. {@code PutArgs args = builder.build();}
         *
         * @return the arguments
         * @throws IllegalArgumentException when there is no source, two sources, or the file is not a
         *     regular file
         */
        public PutArgs build() {
            if ((file == null) == (stream == null)) {
                throw new IllegalArgumentException("exactly one of file(...) or stream(...) must be set");
            }
            if (file != null && !Files.isRegularFile(file)) {
                if (Files.isDirectory(file)) {
                    throw new IllegalArgumentException(
                            "'" + file + "' is a directory; store directories with putDirectory(...)");
                }
                throw new IllegalArgumentException(
                        Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                                ? "'" + file + "' is not a regular file"
                                : "'" + file + "' does not exist");
            }
            return new PutArgs(this);
        }
    }
}
