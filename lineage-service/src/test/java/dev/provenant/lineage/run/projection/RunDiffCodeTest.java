package dev.provenant.lineage.run.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.run.CodeVersion;
import dev.provenant.messages.run.RunDiff;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Code is compared by snapshot digest; git facts missing on one side of the same snapshot are no change. */
class RunDiffCodeTest {

    private static final String S1 = "sha256:" + "1".repeat(64);
    private static final String S2 = "sha256:" + "2".repeat(64);
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void givenRunInGitAndItsReplayOfTheSameSnapshotOutsideGit_whenDiffed_thenNoCodeChange() {
        CodeVersion original = new CodeVersion("git@example.com:ml.git", COMMIT, "main", true, Sha256Digest.parse(S1));
        CodeVersion replay = new CodeVersion(null, null, null, false, Sha256Digest.parse(S1));
        assertThat(RunQueries.codeChanges(original, replay)).isEmpty();
        assertThat(RunQueries.codeChanges(replay, original)).isEmpty();
    }

    @Test
    void givenDifferentSnapshots_whenDiffed_thenDigestAndGitFactsReported() {
        CodeVersion a = new CodeVersion("git@example.com:ml.git", COMMIT, "main", false, Sha256Digest.parse(S1));
        CodeVersion b = new CodeVersion(null, null, null, false, Sha256Digest.parse(S2));
        List<RunDiff.Change> changes = RunQueries.codeChanges(a, b);
        assertThat(changes)
                .extracting(RunDiff.Change::key)
                .containsExactly("snapshotDigest", "repository", "commit", "branch");
    }

    @Test
    void givenSameSnapshotAtTwoCommits_whenDiffed_thenTheCommitIsStillReported() {
        CodeVersion a = new CodeVersion("r", COMMIT, "main", false, Sha256Digest.parse(S1));
        CodeVersion b =
                new CodeVersion("r", "fedcba9876543210fedcba9876543210fedcba98", "main", false, Sha256Digest.parse(S1));
        assertThat(RunQueries.codeChanges(a, b)).extracting(RunDiff.Change::key).containsExactly("commit");
    }
}
