package dev.provenant.recorder.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hints a nondeterminism cause gives about its likely source. */
class ReplayerCausesTest {

    private static ExecutionRecord replayWith(Map<String, String> variables) {
        return new ExecutionRecord(false, null, variables, List.of(), List.of(), List.of(), 0, 0, 0);
    }

    @Test
    void givenTimestampsInTheDifferingLines_whenHinted_thenWallClockTime() {
        String hint = Replayer.likelySource(
                "line 1:\n  - trained at 2026-11-30T03:10:00Z\n  + trained at 2026-11-30T03:11:07Z",
                List.of("java", "Train.java"),
                replayWith(Map.of("OMP_NUM_THREADS", "1")));
        assertThat(hint)
                .contains("wall-clock time")
                .doesNotContain("PYTHONHASHSEED")
                .doesNotContain("thread count");
    }

    @Test
    void givenPythonStepWithoutHashSeed_whenHinted_thenHashOrderingAndThreads() {
        String hint = Replayer.likelySource(
                "line 2:\n  - b,a\n  + a,b", List.of("/usr/bin/python3", "train.py"), replayWith(Map.of()));
        assertThat(hint)
                .contains("PYTHONHASHSEED is not set")
                .contains("OMP_NUM_THREADS")
                .contains("unseeded randomness")
                .doesNotContain("wall-clock");
    }
}
