package dev.provenant.recorder.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
