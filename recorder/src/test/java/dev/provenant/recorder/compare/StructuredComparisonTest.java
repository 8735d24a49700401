package dev.provenant.recorder.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.recorder.compare.StructuredComparison.Format;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredComparisonTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givenJsonDifferingOnlyInAnIgnoredField_whenCompared_thenWithinTolerance() {
        StructuredComparison.Result r = StructuredComparison.compare(
                Format.JSON,
                b("{\"rmse\": 0.5, \"timestamp\": \"2026-01-05T10:00:00Z\"}"),
                b("{\"timestamp\": \"2026-01-06T11:00:00Z\", \"rmse\": 0.5}"),
                null,
                List.of("$.timestamp"));
        assertThat(r.withinTolerance()).isTrue();
        assertThat(r.detail()).contains("differs only in ignored fields ($.timestamp)");
    }

    @Test
    void givenJsonNumbersWithinTolerance_whenCompared_thenWithinAndListed_butStringsStayExact() {
        byte[] a = b("{\"w\": [1.0, 2.0000000000001], \"name\": \"m\", \"n\": 10}");
        byte[] c = b("{\"w\": [1.0, 2.0], \"name\": \"m\", \"n\": 10}");
        StructuredComparison.Result r = StructuredComparison.compare(Format.JSON, a, c, Tolerance.rel(1e-9), List.of());
        assertThat(r.withinTolerance()).isTrue();
        assertThat(r.detail()).contains("$.w[1]: 2.0000000000001 → 2.0").contains("within tolerance");

        StructuredComparison.Result exact = StructuredComparison.compare(Format.JSON, a, c, null, List.of("$.x"));
        assertThat(exact.withinTolerance()).isFalse();

        StructuredComparison.Result name = StructuredComparison.compare(
                Format.JSON, b("{\"name\": \"m\"}"), b("{\"name\": \"n\", \"extra\": 1}"), Tolerance.rel(1), List.of());
        assertThat(name.withinTolerance()).isFalse();
        assertThat(name.detail()).contains("$.extra: (absent) → 1").contains("$.name: \"m\" → \"n\"");
    }

    @Test
    void givenCsvWithNumbersWithinTolerance_whenCompared_thenWithin_andTextCellsExact() {
        byte[] a = b("id,score,label\n1,0.30000000000000004,cat\n2,1e-3,\"dog, big\"\n");
        byte[] c = b("id,score,label\r\n1,0.3,cat\r\n2,0.001,\"dog, big\"\r\n");
        StructuredComparison.Result r = StructuredComparison.compare(Format.CSV, a, c, Tolerance.rel(1e-9), List.of());
        assertThat(r.withinTolerance()).isTrue();
        assertThat(r.detail()).contains("row 2, column score: 0.30000000000000004 → 0.3");

        byte[] d = b("id,score,label\n1,0.3,cat\n2,0.001,\"dog, small\"\n");
        StructuredComparison.Result text =
                StructuredComparison.compare(Format.CSV, a, d, Tolerance.rel(1e-9), List.of());
        assertThat(text.withinTolerance()).isFalse();
        assertThat(text.detail()).contains("row 3, column label: dog, big → dog, small");

        StructuredComparison.Result rows =
                StructuredComparison.compare(Format.CSV, a, b("id,score,label\n"), Tolerance.rel(1), List.of());
        assertThat(rows.withinTolerance()).isFalse();
        assertThat(rows.detail()).contains("3 rows → 1 rows");
    }

    @Test
    void givenManyDifferences_whenCompared_thenNotesBounded() {
        StringBuilder x = new StringBuilder("v\n");
        StringBuilder y = new StringBuilder("v\n");
        for (int i = 0; i < 1000; i++) {
            x.append(i).append('\n');
            y.append(i + 1).append('\n');
        }
        StructuredComparison.Result r =
                StructuredComparison.compare(Format.CSV, b(x.toString()), b(y.toString()), null, List.of());
        assertThat(r.notes()).hasSizeLessThanOrEqualTo(StructuredComparison.MAX_NOTES + 2);
        assertThat(r.detail()).contains("… and 980 more differences");
    }

    @Test
    void givenJsonLines_whenCompared_thenLineByLine() {
        StructuredComparison.Result r = StructuredComparison.compare(
                Format.JSONL,
                b("{\"step\": 1, \"loss\": 0.5, \"t\": 1}\n{\"step\": 2, \"loss\": 0.25, \"t\": 2}\n"),
                b("{\"step\": 1, \"loss\": 0.5, \"t\": 7}\n{\"step\": 2, \"loss\": 0.2500000001, \"t\": 8}\n"),
                Tolerance.abs(1e-6),
                List.of("$.t"));
        assertThat(r.withinTolerance()).isTrue();
        assertThat(r.detail()).contains("line 2 $.loss");
        assertThat(Format.of("OUT/Preds.CSV")).isEqualTo(Format.CSV);
        assertThat(Format.of("model.bin")).isEqualTo(Format.OTHER);
    }
}
