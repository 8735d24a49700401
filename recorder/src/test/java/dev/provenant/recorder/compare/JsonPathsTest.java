package dev.provenant.recorder.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void givenPaths_whenRemoved_thenOnlyTheNamedNodesGo() throws Exception {
        JsonNode n = json("{'timestamp': 1, 'run': {'host': 'a', 'seed': 3},"
                + " 'rows': [{'ts': 1, 'v': 2}, {'ts': 2, 'v': 3}], 'list': [1, 2, 3], 'a.b': 5}");
        assertThat(JsonPaths.remove(n, "$.timestamp")).isEqualTo(1);
        assertThat(JsonPaths.remove(n, "$.run.host")).isEqualTo(1);
        assertThat(JsonPaths.remove(n, "$.rows[*].ts")).isEqualTo(2);
        assertThat(JsonPaths.remove(n, "$.list[1]")).isEqualTo(1);
        assertThat(JsonPaths.remove(n, "$['a.b']")).isEqualTo(1);
        assertThat(JsonPaths.remove(n, "$.missing.deep")).isZero();
        assertThat(n).isEqualTo(json("{'run': {'seed': 3}, 'rows': [{'v': 2}, {'v': 3}], 'list': [1, null, 3]}"));
    }

    @Test
    void givenRecursiveDescent_whenRemoved_thenTheFieldGoesAtEveryDepth() throws Exception {
        JsonNode n = json("{'elapsed': 1, 'a': {'elapsed': 2, 'b': [{'elapsed': 3, 'x': 1}]}}");
        assertThat(JsonPaths.remove(n, "$..elapsed")).isEqualTo(3);
        assertThat(n).isEqualTo(json("{'a': {'b': [{'x': 1}]}}"));
    }

    @Test
    void givenBadPaths_whenParsed_thenRefused() {
        assertThatThrownBy(() -> JsonPaths.parse("timestamp")).hasMessageContaining("must start with $");
        assertThatThrownBy(() -> JsonPaths.parse("$")).hasMessageContaining("whole document");
        assertThatThrownBy(() -> JsonPaths.parse("$.a[")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> JsonPaths.parse("$.a[x]")).hasMessageContaining("neither an index");
    }
}
