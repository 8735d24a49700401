package dev.provenant.messages.run;

import dev.provenant.messages.common.Sha256Digest;

/**
 * The code a run executed: the content digest of a snapshot of the files actually used (tracked
 * files plus uncommitted changes), and, when the code lives in git, where it came from.
 *
 * @param repository git remote URL or path, or null outside git
 * @param commit full commit id, or null outside git
 * @param branch branch name, or null (detached HEAD, outside git)
 * @param dirty whether the working tree had uncommitted changes
 * @param snapshotDigest {@code sha256:<hex>} of the snapshot manifest stored in the artifact store
 */
public record CodeVersion(String repository, String commit, String branch, boolean dirty, Sha256Digest snapshotDigest) {
    public CodeVersion {
        if (snapshotDigest == null) {
            throw new IllegalArgumentException("code.snapshotDigest is required");
        }
        if (commit != null && !commit.matches("[0-9a-f]{7,64}")) {
            throw new IllegalArgumentException("code.commit '" + commit + "' is not a hex git commit id");
        }
        if (repository != null && repository.length() > 2048) {
            throw new IllegalArgumentException("code.repository is longer than 2048 characters");
        }
        if (branch != null && branch.length() > 255) {
            throw new IllegalArgumentException("code.branch is longer than 255 characters");
        }
    }

    /** A code version whose snapshot digest is given as text. */
    public static CodeVersion of(
            String repository, String commit, String branch, boolean dirty, String snapshotDigest) {
        return new CodeVersion(
                repository, commit, branch, dirty, Sha256Digest.parse(snapshotDigest, "code.snapshotDigest"));
    }
}
