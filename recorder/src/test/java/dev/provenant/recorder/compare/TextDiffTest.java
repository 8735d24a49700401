package dev.provenant.recorder.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextDiffTest {

    @Test
    void givenOneInsertedLine_whenDiffed_thenOneInsertedLineNotEveryLaterLine() {
        String before = "a\nb\nc\nd\ne\n";
        String after = "a\nb\nNEW\nc\nd\ne\n";
        String diff = TextDiff.of(before, after);
        assertThat(diff).isEqualTo("inserted after line 2:\n  + NEW");
    }

    @Test
    void givenChangedAndDeletedLines_whenDiffed_thenEachHunkNamed() {
        String diff = TextDiff.of("header\n1\n2\n3\nfooter\n", "header\n1\nTWO\nfooter\n");
        assertThat(diff).isEqualTo("lines 3–4:\n  - 2\n  - 3\n  + TWO");
        assertThat(TextDiff.of("x\ny\n", "y\n")).isEqualTo("line 1 deleted:\n  - x");
        assertThat(TextDiff.of("x\n", "x\n")).isNull();
    }

    @Test
    void givenManyChanges_whenDiffed_thenBounded() {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            a.append("line ").append(i).append('\n');
            b.append(i % 10 == 0 ? "changed " : "line ").append(i).append('\n');
        }
        String diff = TextDiff.of(a.toString(), b.toString());
        assertThat(diff.lines().count()).isLessThanOrEqualTo(TextDiff.MAX_HUNKS * 3L + 1);
        assertThat(diff).contains("… 42 more changes (84 lines) not shown");
        assertThat(TextDiff.of("x".repeat(1000), "y")
                        .lines()
                        .filter(l -> l.startsWith("  - "))
                        .findFirst()
                        .orElseThrow())
                .hasSize(4 + TextDiff.MAX_LINE_CHARS + 1);
    }
}
