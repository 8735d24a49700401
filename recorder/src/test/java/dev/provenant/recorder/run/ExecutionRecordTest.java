package dev.provenant.recorder.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.LocalArtifactStore;
import dev.provenant.recorder.trace.ReadSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run's execution record keeps of its variables and of credential-looking files. */
class ExecutionRecordTest {

    @Test
    void givenSecretLookingNamesAndVolatileVariables_whenRecorded_thenValuesRedactedAndVolatileLeftOut() {
        Map<String, String> v = ExecutionRecord.variables(Map.of(
                "SCALE", "2",
                "AWS_SECRET_ACCESS_KEY", "hunter2",
                "PROVENANT_TOKEN", "t0k3n",
                "PWD", "/work",
                "PROVENANT_RUN_ID", "run:1"));
        assertThat(v).containsEntry("SCALE", "2").doesNotContainKeys("PWD", "PROVENANT_RUN_ID");
        assertThat(v.get("AWS_SECRET_ACCESS_KEY"))
                .startsWith("redacted sha256:")
                .doesNotContain("hunter2");
        assertThat(v.get("PROVENANT_TOKEN")).startsWith("redacted sha256:");
    }

    @Test
    void givenCredentialFiles_whenAsked_thenNeverStored() {
        for (String p : new String[] {
            "/root/.netrc",
            "/home/a/.aws/credentials",
            "/home/a/.ssh/id_ed25519",
            "/w/api.token",
            "/w/tls.key",
            "/home/a/.docker/config.json",
            "/w/db_password.txt"
        }) {
            assertThat(ExecutionRecord.credential(Path.of(p))).as(p).isTrue();
        }
        for (String p : new String[] {"/w/config.yaml", "/w/local_config.json", "/w/data/keys.csv"}) {
            assertThat(ExecutionRecord.credential(Path.of(p))).as(p).isFalse();
        }
    }

    @Test
    void givenUndeclaredReadsOverTheCapOrNotHashable_whenCaptured_thenEveryRecordedDigestIsSha256(@TempDir Path dir)
            throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path small = Files.writeString(work.resolve("small.txt"), "a");
        Path big = Files.writeString(work.resolve("big.txt"), "bytes over the cap");
        Path secret = Files.writeString(work.resolve("db_password.txt"), "hunter2");
        Path directory = Files.createDirectories(work.resolve("a-directory")); // cannot be hashed
        ReadSet readSet = new ReadSet(work, List.of(small, big, secret, directory), List.of(), List.of(), 0, 0, 0);

        ExecutionRecord record =
                ExecutionRecord.capture(LocalArtifactStore.open(dir.resolve("store")), readSet, null, Map.of(), 4);

        assertThat(record.undeclaredReads())
                .extracting(ExecutionRecord.Read::path)
                .containsExactly("small.txt", "big.txt", "db_password.txt");
        for (ExecutionRecord.Read r : record.undeclaredReads()) {
            assertThat(Digest.parse(r.digest()).toString()).as(r.path()).isEqualTo(r.digest());
        }
        assertThat(record.undeclaredReads())
                .extracting(ExecutionRecord.Read::stored)
                .containsExactly(true, false, false);
    }
}
