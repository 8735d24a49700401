package dev.provenant.lineage.ledger;

import java.util.List;

/**
 * Reads an artifact back from wherever artifacts are stored and says whether its bytes still hash
 * to its digest. The ledger knows nothing of the artifact store; the service supplies this.
 */
@FunctionalInterface
public interface ArtifactChecker {

    /** What a check found. */
    enum Status {
        OK,
        MISSING,
        CORRUPT,
        UNAVAILABLE
    }

    /** One file listed by a manifest. */
    record ManifestFile(String path, String digest) {}

    /**
     * The outcome of one check.
     *
     * @param files when the artifact is a manifest and files were asked for: the files it lists
     */
    record Result(Status status, String detail, List<ManifestFile> files) {
        public static Result ok(List<ManifestFile> files) {
            return new Result(Status.OK, null, files);
        }
    }

    /**
     * Reads {@code digest} to the end, verifying it.
     *
     * @param listFiles also return the files of a manifest
     */
    Result check(String digest, boolean listFiles);
}
