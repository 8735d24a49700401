package dev.provenant.recorder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.recorder.client.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineSpecTest {

    @TempDir
    Path dir;

    private PipelineSpec load(String yaml) throws Exception {
        Path f = dir.resolve("pipeline.yaml");
        Files.writeString(f, yaml);
        return PipelineSpec.load(f);
    }

    private void refused(String yaml, String... fragments) {
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(CliException.class)
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2))
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void givenAFullStep_whenLoaded_thenEveryKeyIsRead() throws Exception {
        PipelineSpec spec = load("""
                name: taxi
                steps:
                  - name: prep
                    command: [python3, prep.py]
                    outputs: [data/a.csv]
                  - name: train
                    command: [python3, train.py]
                    code: [train.py, "lib/**.py"]
                    inputs: [data/a.csv]
                    outputs: [model.json]
                    params: {seed: 7, rate: 0.5, flag: true}
                    metrics: out/metrics.json
                    retries: 2
                    depends_on: [prep]
                    tolerances:
                      metrics: {rmse: {rel: 1.0e-9}}
                """);
        PipelineSpec.Step train = spec.order().get(1);
        assertThat(train.name()).isEqualTo("train");
        assertThat(train.code()).containsExactly("train.py", "lib/**.py");
        assertThat(train.params())
                .containsEntry("seed", "7")
                .containsEntry("rate", "0.5")
                .containsEntry("flag", "true");
        assertThat(train.metrics()).isEqualTo("out/metrics.json");
        assertThat(train.retries()).isEqualTo(2);
        assertThat(train.dependsOn()).containsExactly("prep");
        assertThat(train.tolerances().isEmpty()).isFalse();
        assertThat(spec.order().get(0).metrics()).isEqualTo("metrics.json");
    }

    @Test
    void givenATypoInAKey_whenLoaded_thenRefusedNamingTheKeyAndTheClosestOne() {
        refused("""
                steps:
                  - name: a
                    command: [true]
                    ouputs: [x]
                """, "unknown key 'ouputs'", "did you mean 'outputs'", "steps[0]");
        refused("""
                name: p
                stepz:
                  - name: a
                    command: [true]
                """, "unknown key 'stepz'", "did you mean 'steps'");
        refused("""
                steps:
                  - name: a
                    command: [true]
                    dependson: [b]
                """, "did you mean 'depends_on'");
    }

    @Test
    void givenWrongShapes_whenLoaded_thenRefusedWithWhatToWrite() {
        refused("""
                steps:
                  - name: a
                    command: python3 train.py
                """, "steps[0].command", "must be a list");
        refused("""
                steps:
                  - name: a
                    command: [true]
                    params: [seed]
                """, "params", "mapping");
        refused("""
                steps:
                  - name: a
                    command: [true]
                    retries: many
                """, "retries");
        refused("steps: []\n", "non-empty");
        refused("""
                steps:
                  - name: a
                    command: [true]
                  - name: a
                    command: [true]
                """, "two steps are named 'a'");
        refused("""
                steps:
                  - name: a
                    command: [true]
                    name: b
                """, "Duplicate");
        refused("""
                steps:
                  - name: train
                    command: [true]
                    depends_on: [trian]
                """, "unknown step 'trian'");
    }

    /** docs/pipeline.schema.json is what users' editors validate against: it must list the same keys. */
    @Test
    void givenThePublishedJsonSchema_thenItNamesExactlyTheKeysTheParserAccepts() throws Exception {
        var schema = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("..", "docs", "pipeline.schema.json").toFile());
        java.util.List<String> root = new java.util.ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(root::add);
        java.util.List<String> step = new java.util.ArrayList<>();
        schema.path("$defs").path("step").path("properties").fieldNames().forEachRemaining(step::add);
        assertThat(root).containsExactlyInAnyOrderElementsOf(PipelineSpec.ROOT_KEYS);
        assertThat(step).containsExactlyInAnyOrderElementsOf(PipelineSpec.STEP_KEYS);
    }

    @Test
    void givenABadTolerance_whenLoaded_thenRefusedNamingTheStep() {
        refused("""
                steps:
                  - name: fit
                    command: [true]
                    tolerances:
                      metric: {rmse: {rel: 1e-9}}
                """, "step 'fit'", "unknown key 'metric'");
    }

    @Test
    void givenACycle_whenLoaded_thenRefused() {
        refused("""
                steps:
                  - name: a
                    command: [true]
                    inputs: [b.txt]
                    outputs: [a.txt]
                  - name: b
                    command: [true]
                    inputs: [a.txt]
                    outputs: [b.txt]
                """, "cycle");
    }

    @Test
    void givenAnAliasBomb_whenLoaded_thenRefused() {
        StringBuilder y = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (int i = 1; i < 20; i++) {
            y.append((char) ('a' + i)).append(": &").append((char) ('a' + i)).append(" [");
            for (int j = 0; j < 10; j++) {
                y.append(j == 0 ? "" : ",").append('*').append((char) ('a' + i - 1));
            }
            y.append("]\n");
        }
        y.append("steps: []\n");
        assertThatThrownBy(() -> load(y.toString())).isInstanceOf(CliException.class);
    }
}
