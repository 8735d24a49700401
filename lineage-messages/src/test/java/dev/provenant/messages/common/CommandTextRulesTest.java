package dev.provenant.messages.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import dev.provenant.messages.model.ModelStage;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.model.RegisterModelVersionCommand;
import dev.provenant.messages.model.TransitionModelStageCommand;
import dev.provenant.messages.openlineage.RecordOpenLineageRunEventCommand;
import dev.provenant.messages.run.FinishRunCommand;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.StartRunCommand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The commands refuse what the read models cannot store, even when an edge let it through. */
class CommandTextRulesTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private static StartRunCommand start(String name, List<String> command, Map<String, String> params) {
        return new StartRunCommand(
                RunId.parse("run:r1"), name, null, null, command, params, null, null, List.of(), null, null);
    }

    @Test
    void givenControlCharacters_whenStartingARun_thenRefusedNamingTheField() {
        assertThatThrownBy(() -> start("tr\u0000ain", List.of(), Map.of()))
                .isInstanceOf(InvalidTextException.class)
                .hasMessage("name: contains control character U+0000 at position 3; remove it");
        assertThatThrownBy(() -> start("train", List.of("echo", "a\u001bb"), Map.of()))
                .hasMessageStartingWith("command[1]: contains control character U+001B");
        assertThatThrownBy(() -> start("train", List.of(), Map.of("seed", "4\u00002")))
                .hasMessageStartingWith("parameter 'seed' value: contains control character U+0000");
        assertThatThrownBy(() -> start("train", List.of(), Map.of("se\u007fed", "42")))
                .hasMessageStartingWith("parameter name: contains control character U+007F");
        assertThatThrownBy(() -> start("x".repeat(TextRules.RUN_NAME_MAX + 1), List.of(), Map.of()))
                .hasMessageContaining("at most " + TextRules.RUN_NAME_MAX);
        // multi-line free text is fine
        assertThat(start("train", List.of("sh", "-c", "echo a\n\techo b"), Map.of("sql", "SELECT 1\r\nFROM t"))
                        .command())
                .hasSize(3);
    }

    @Test
    void givenNulInDescriptionOrOverLongId_whenRegisteringADataset_thenRefused() {
        DatasetVersionId id = new DatasetVersionId("iris", "v1");
        assertThatThrownBy(
                        () -> RegisterDatasetVersionCommand.of(id, Sha256Digest.parse(DIGEST), 1, null, "hello\u0000"))
                .hasMessage("description: contains control character U+0000 at position 6; remove it"
                        + " (only tab, line feed and carriage return are allowed)");
        assertThatThrownBy(() -> RegisterDatasetVersionCommand.of(
                        id, Sha256Digest.parse(DIGEST), 1, null, null, "{\"a\":\uD800}"))
                .hasMessageStartingWith("schema: contains an unpaired UTF-16 surrogate U+D800");
        DatasetVersionId tooLong = new DatasetVersionId("n".repeat(200), "v".repeat(200));
        assertThatThrownBy(() -> RegisterDatasetVersionCommand.of(tooLong, Sha256Digest.parse(DIGEST), 1, null, null))
                .hasMessageContaining("at most " + RegisterDatasetVersionCommand.MAX_NAME_AND_VERSION);
        DatasetVersionId longest = new DatasetVersionId(
                "n".repeat(200), "v".repeat(RegisterDatasetVersionCommand.MAX_NAME_AND_VERSION - 200));
        assertThat(RegisterDatasetVersionCommand.of(longest, Sha256Digest.parse(DIGEST), 1, null, "a\nb")
                        .datasetVersionId()
                        .toString())
                .hasSize(TextRules.AGGREGATE_ID_MAX);
    }

    @Test
    void givenControlCharacters_whenRecordingModels_thenRefused() {
        assertThatThrownBy(() -> new TransitionModelStageCommand(
                        ModelVersionId.parse("model:m@1"), ModelStage.STAGING, "ok\u0001", null, null))
                .hasMessageStartingWith("reason: contains control character U+0001");
        assertThatThrownBy(() -> new TransitionModelStageCommand(
                        ModelVersionId.parse("model:m@1"), ModelStage.STAGING, "ok", "k\u0000", null))
                .hasMessageStartingWith("idempotencyKey: contains control character U+0000");
        assertThatThrownBy(() -> new RegisterModelVersionCommand(
                        ModelVersionId.parse("model:m@1"),
                        "m",
                        "1",
                        RunId.parse("run:r1"),
                        "model.bin",
                        Sha256Digest.parse(DIGEST),
                        1,
                        "\u0000"))
                .hasMessageStartingWith("description: contains control character U+0000");
        assertThatThrownBy(() -> new RegisterModelVersionCommand(
                        ModelVersionId.parse("model:m@1"),
                        "m",
                        "1",
                        RunId.parse("run:r1"),
                        "model\u0000.bin",
                        Sha256Digest.parse(DIGEST),
                        1,
                        null))
                .hasMessageStartingWith("outputName: contains control character U+0000");
    }

    @Test
    void givenNulInOpenLineageJobName_whenRecording_thenRefused() {
        assertThatThrownBy(() -> new RecordOpenLineageRunEventCommand(
                        RunId.parse("run:r1"),
                        Sha256Digest.parse(DIGEST),
                        "START",
                        Instant.EPOCH,
                        "1970-01-01T00:00:00Z",
                        "https://example.com/producer",
                        "ns.jo\u0000b",
                        null,
                        Map.of(),
                        null,
                        List.of(),
                        List.of(),
                        null,
                        "{}"))
                .hasMessage("jobName: contains control character U+0000 at position 6; remove it");
    }

    @Test
    void givenLongFailureReasonEndingInASurrogatePair_whenFinishing_thenCutBeforeThePair() {
        String reason = "x".repeat(9_999) + "🚀" + "tail";
        FinishRunCommand c = new FinishRunCommand(RunId.parse("run:r1"), 1, 0, reason);
        assertThat(c.failureReason()).hasSize(9_999);
        assertThatThrownBy(() -> new FinishRunCommand(RunId.parse("run:r1"), 1, 0, "bad\u0000"))
                .isInstanceOf(InvalidTextException.class);
    }
}
