package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The main job: {@code provenant demo} on an empty PROVENANT_HOME tells the story and exits 0. */
class DemoIT {

    @Test
    void givenEmptyHome_whenDemo_thenEveryVerdictAsExpectedAndExit0() throws Exception {
        Path home = Files.createTempDirectory("provenant-demo-home");
        System.setProperty("PROVENANT_HOME", home.toString());
        System.setProperty("PROVENANT_IDLE_TIMEOUT", "30s");
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        int verifyExit;
        int reportExit;
        Path report = home.resolve("report.md");
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = ProvenantCli.execute("demo");
            // the demo's history verifies, and the model's audit report can be written
            verifyExit = ProvenantCli.execute("verify", "--artifacts", "all");
            reportExit =
                    ProvenantCli.execute("audit-report", "model:churn@1", "--format", "md", "-o", report.toString());
        } finally {
            System.setOut(oldOut);
            System.clearProperty("PROVENANT_HOME");
            System.clearProperty("PROVENANT_IDLE_TIMEOUT");
            String lock = Files.exists(home.resolve("server.lock"))
                    ? Files.readString(home.resolve("server.lock")).trim()
                    : "";
            if (lock.startsWith("pid=")) {
                ProcessHandle.of(Long.parseLong(lock.substring(4))).ifPresent(ProcessHandle::destroy);
            }
        }
        String story = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(story).isZero();
        assertThat(story)
                .contains("✓ every step reused")
                .contains("verdict: IDENTICAL")
                .contains("verdict: DIFFERENT")
                .contains("model:churn@1")
                .contains("dataset:customers@v1")
                .contains("Done: every verdict as expected.");
        assertThat(verifyExit).as(story).isZero();
        assertThat(reportExit).isZero();
        String md = Files.readString(report);
        assertThat(md).contains("model:churn@1").contains("VERIFIED");
        // the closure is the model's own pipeline: ingest, prepare, train and their pipeline run
        // (evaluate consumes the model, it is downstream); the second pipeline's cache hits and the
        // replay are confirmations, listed apart with the replay's verdict
        assertThat(md).containsPattern("\\| Closure \\| \\d+ nodes, \\d+ edges, 4 runs, \\d+ confirmations");
        String runs = md.substring(md.indexOf("## Runs"), md.indexOf("## Confirmations"));
        assertThat(runs).contains(" ingest — ", " prepare — ", " train — ", " pipeline:churn — ");
        String confirmations = md.substring(md.indexOf("## Confirmations"), md.indexOf("## Model versions"));
        assertThat(confirmations)
                .contains("| cache hit |")
                .contains("| replay |")
                .contains("**IDENTICAL**");
        // the story's lineage of the model has no run made after it was registered
        String lineage =
                story.substring(story.indexOf("Where did model:churn@1 come from?"), story.indexOf("What differs"));
        assertThat(lineage.lines().filter(l -> l.trim().startsWith("RUN "))).hasSize(4);
    }
}
