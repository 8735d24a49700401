package dev.provenant.messages.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.messages.common.Sha256Digest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a run's start accepts, how it is normalised, and how each refusal is worded. */
class StartRunCommandTest {

    private static final String RUN = "run:3f0c2b7e-0000-4000-8000-000000000001";
    private static final String OTHER = "run:3f0c2b7e-0000-4000-8000-000000000002";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static StartRunCommand start(
            String runId,
            String pipelineRunId,
            List<String> command,
            Map<String, String> parameters,
            List<RunInput> inputs,
            String replayOf,
            String cacheKey) {
        return new StartRunCommand(
                RunId.parse(runId),
                "train",
                pipelineRunId == null ? null : RunId.parse(pipelineRunId),
                null,
                command,
                parameters,
                null,
                null,
                inputs,
                replayOf == null ? null : RunId.parseOrNull(replayOf),
                Sha256Digest.parseOrNull(cacheKey, "cacheKey"));
    }

    private static StartRunCommand minimal() {
        return start(RUN, null, null, null, null, null, null);
    }

    @Test
    void givenNullCollections_thenEmptyAndImmutable() {
        StartRunCommand c = minimal();
        assertThat(c.command()).isEmpty();
        assertThat(c.parameters()).isEmpty();
        assertThat(c.inputs()).isEmpty();
        assertThatThrownBy(() -> c.command().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenParametersInAnyOrder_thenSortedByName_soTheSameRunStartsTheSameWay() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("seed", "42");
        params.put("lr", "0.1");
        params.put("epochs", "3");
        assertThat(start(RUN, null, List.of("python3"), params, null, null, null)
                        .parameters()
                        .keySet())
                .containsExactly("epochs", "lr", "seed");
    }

    @Test
    void givenCallerListsChangedAfterwards_thenTheCommandKeepsWhatItWasGiven() {
        List<String> command = new ArrayList<>(List.of("python3", "train.py"));
        StartRunCommand c = start(RUN, null, command, null, null, null, null);
        command.add("--evil");
        assertThat(c.command()).containsExactly("python3", "train.py");
    }

    @Test
    void givenMalformedIds_thenRefusedNamingTheShape() {
        assertThatThrownBy(() -> start("3f0c", null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must look like 'run:<id>'");
        assertThatThrownBy(() -> start("run:../etc", null, null, null, null, null, null))
                .hasMessageContaining("is invalid");
        assertThatThrownBy(() -> start(RUN, "pipeline", null, null, null, null, null))
                .hasMessageContaining("run:<id>");
        assertThatThrownBy(() -> start(RUN, null, null, null, null, "run:a b", null))
                .hasMessageContaining("is invalid");
    }

    @Test
    void givenARunReplayingItself_thenRefused() {
        assertThatThrownBy(() -> start(RUN, null, null, null, null, RUN, null))
                .hasMessage("replayOf: a run cannot replay itself");
        assertThat(start(RUN, null, null, null, null, OTHER, null).replayOf()).isEqualTo(RunId.parse(OTHER));
    }

    @Test
    void givenTooManyArgumentsParametersOrInputs_thenRefusedWithTheLimit() {
        assertThatThrownBy(() -> start(RUN, null, Collections.nCopies(10_001, "a"), null, null, null, null))
                .hasMessage("command has more than 10000 arguments");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= 1000; i++) {
            many.put("p" + i, "v");
        }
        assertThatThrownBy(() -> start(RUN, null, null, many, null, null, null))
                .hasMessage("more than 1000 parameters");
        assertThatThrownBy(() ->
                        start(RUN, null, List.of("x".repeat(StartRunCommand.MAX_ARGUMENT + 1)), null, null, null, null))
                .hasMessageContaining("command[0]");
    }

    @Test
    void givenBadParameterNamesOrValues_thenRefusedNamingTheParameter() {
        assertThatThrownBy(() -> start(RUN, null, null, Map.of("lr\u0007", "1"), null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter name");
        assertThatThrownBy(() -> start(RUN, null, null, Map.of("lr", "0.1\u0000"), null, null, null))
                .hasMessageContaining("parameter 'lr' value");
    }

    @Test
    void givenTwoInputsWithOneName_thenRefused() {
        RunInput a = RunInput.of("data.csv", DIGEST, 1, null);
        RunInput b = RunInput.of("data.csv", "sha256:" + "cd".repeat(32), 2, null);
        assertThatThrownBy(() -> start(RUN, null, null, null, List.of(a, b), null, null))
                .hasMessage("inputs: two inputs have the same name");
    }

    @Test
    void givenACacheKeyThatIsNotADigest_thenRefused() {
        assertThatThrownBy(() -> start(RUN, null, null, null, null, null, "sha256:ABC"))
                .hasMessageStartingWith("cacheKey must be 'sha256:' followed by 64 lowercase hex digits");
        assertThat(start(RUN, null, null, null, null, null, DIGEST).cacheKey()).hasToString(DIGEST);
    }

    @Test
    void givenControlCharactersInTheEnvironment_thenRefusedNamingTheProperty() {
        EnvironmentFingerprint env = EnvironmentFingerprint.of(Map.of("env.PATH", "/bin\u001b[2J"));
        assertThatThrownBy(() -> new StartRunCommand(
                        RunId.parse(RUN), "train", null, null, null, null, null, env, null, null, null))
                .hasMessageContaining("environment property 'env.PATH'");
    }
}
