package dev.provenant.artifacts;

import java.nio.file.Path;

/**
 * Arguments of {@link ArtifactStore#materialize(MaterializeArgs)} (one file) and {@link
 * ArtifactStore#materializeTree(MaterializeArgs)} (a manifest's tree): what to write, where, and
 * whether an existing target may be replaced.
 *
 * <p>{@code MaterializeArgs args = MaterializeArgs.builder().digest(d).target(Path.of("out.bin")).build();}
 */
public final class MaterializeArgs {

    private final Digest digest;
    private final Path target;
    private final boolean overwrite;
    private final ProgressListener progress;
    private final boolean durable;

    private MaterializeArgs(Builder b) {
        this.durable = b.durable;
        this.digest = b.digest;
        this.target = b.target;
        this.overwrite = b.overwrite;
        this.progress = b.progress;
    }

    /**
     * A new builder. {@code MaterializeArgs.builder().digest(d).target(p).build()}
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The artifact (or manifest) to write. {@code args.digest()}
     *
     * @return its digest
     */
    public Digest digest() {
        return digest;
    }

    /**
     * Where to write it. {@code args.target()}
     *
     * @return the target path
     */
    public Path target() {
        return target;
    }

    /**
     * Whether an existing target is replaced. {@code args.overwrite()}
     *
     * @return true to replace
     */
    public boolean overwrite() {
        return overwrite;
    }

    /**
     * The progress listener. {@code args.progress()}
     *
     * @return the listener, never null
     */
    public ProgressListener progress() {
        return progress;
    }

    /**
     * Whether written files are flushed to disk (fsync) before they are moved into place. Default
     * true; scratch copies (replay working directories) may skip it. {@code args.durable()}
     *
     * @return true to fsync
     */
    public boolean durable() {
        return durable;
    }

    /** Builds {@link MaterializeArgs}. */
    public static final class Builder {
        private boolean durable = true;
        private Digest digest;
        private Path target;
        private boolean overwrite;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {}

        /**
         * {@code builder.digest(Digest.parse("sha256:..."))}
         *
         * @param digest what to materialize
         * @return this builder
         */
        public Builder digest(Digest digest) {
            if (digest == null) {
                throw new IllegalArgumentException("digest must not be null");
            }
            this.digest = digest;
            return this;
        }

        /**
         * {@code builder.target(Path.of("data"))}
         *
         * @param target file (or directory, for a tree) to create
         * @return this builder
         */
        public Builder target(Path target) {
            if (target == null) {
                throw new IllegalArgumentException("target must not be null");
            }
            this.target = target;
            return this;
        }

        /**
         * Replace an existing target (a file, or for trees an existing directory). Default false.
         * {@code builder.overwrite(true)}
         *
         * @param overwrite true to replace
         * @return this builder
         */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * Skip the fsync of written files (for scratch copies that a crash may lose). Default
         * true. {@code builder.durable(false)}
         *
         * @param durable false to skip fsync
         * @return this builder
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /**
         * {@code builder.progress((phase, done, total) -> {})}
         *
         * @param progress listener; null means none
         * @return this builder
         */
        public Builder progress(ProgressListener progress) {
            this.progress = progress == null ? ProgressListener.NONE : progress;
            return this;
        }

        /**
         * {@code MaterializeArgs args = builder.build();}
         *
         * @return the arguments
         * @throws IllegalArgumentException when digest or target is missing
         */
        public MaterializeArgs build() {
            if (digest == null) {
                throw new IllegalArgumentException("digest(...) must be set");
            }
            if (target == null) {
                throw new IllegalArgumentException("target(...) must be set");
            }
            return new MaterializeArgs(this);
        }
    }
}
