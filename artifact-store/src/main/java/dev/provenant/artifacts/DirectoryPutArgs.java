package dev.provenant.artifacts;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Arguments of {@link ArtifactStore#putDirectory(DirectoryPutArgs)}: the directory to store as a
 * manifest, how many files to store in parallel, and a progress listener (bytes of all files).
 *
 * <p>{@code DirectoryPutArgs args = DirectoryPutArgs.builder().directory(Path.of("dataset")).build();}
 */
public final class DirectoryPutArgs {

    private final Path directory;
    private final int parallelism;
    private final ProgressListener progress;

    private DirectoryPutArgs(Builder b) {
        this.directory = b.directory;
        this.parallelism = b.parallelism;
        this.progress = b.progress;
    }

    /**
     * A new builder. {@code DirectoryPutArgs.builder().directory(dir).build()}
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code args.directory()}
     *
     * @return the directory to store
     */
    public Path directory() {
        return directory;
    }

    /**
     * {@code args.parallelism()}
     *
     * @return how many files are stored at once
     */
    public int parallelism() {
        return parallelism;
    }

    /**
     * {@code args.progress()}
     *
     * @return the listener, never null
     */
    public ProgressListener progress() {
        return progress;
    }

    /** Builds {@link DirectoryPutArgs}. */
    public static final class Builder {
        private Path directory;
        private int parallelism = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {}

        /**
         * {@code builder.directory(Path.of("data/train"))}
         *
         * @param directory an existing directory
         * @return this builder
         */
        public Builder directory(Path directory) {
            if (directory == null) {
                throw new IllegalArgumentException("directory must not be null");
            }
            this.directory = directory;
            return this;
        }

        /**
         * Files stored at once (I/O bound, so more than the core count helps). Default max(4, 2 x
         * cores). {@code builder.parallelism(8)}
         *
         * @param parallelism 1 to 64
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 64) {
                throw new IllegalArgumentException("parallelism must be between 1 and 64, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * Progress in bytes over all files (phase {@code UPLOAD}). {@code builder.progress(listener)}
         *
         * @param progress listener; null means none
         * @return this builder
         */
        public Builder progress(ProgressListener progress) {
            this.progress = progress == null ? ProgressListener.NONE : progress;
            return this;
        }

        /**
         * {@code DirectoryPutArgs args = builder.build();}
         *
         * @return the arguments
         * @throws IllegalArgumentException when the directory is missing or not a directory
         */
        public DirectoryPutArgs build() {
            if (directory == null) {
                throw new IllegalArgumentException("directory(...) must be set");
            }
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("'" + directory + "' is not a directory");
            }
            return new DirectoryPutArgs(this);
        }
    }
}
