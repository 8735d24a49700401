package dev.provenant.messages.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.messages.common.AggregateId;
import dev.provenant.messages.common.EventId;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.run.RunId;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeIdTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void theTextAloneNamesTheNode() {
        // a code snapshot is a sha256: node like an artifact: one id, one node, whatever the graph calls it
        assertThat(NodeId.parse(DIGEST)).isEqualTo(NodeId.of(Sha256Digest.parse(DIGEST)));
        assertThat(new HashSet<>(List.of(NodeId.parse(DIGEST), new NodeId(DIGEST))))
                .hasSize(1);
        assertThat(NodeId.parse("run:r1")).isEqualTo(NodeId.of(RunId.parse("run:r1")));
        assertThat(NodeId.parse("dataset:d@v1")).isEqualTo(NodeId.of(DatasetVersionId.parse("dataset:d@v1")));
        assertThat(NodeId.parse("model:m@3")).isEqualTo(NodeId.of(ModelVersionId.parse("model:m@3")));
        assertThat(NodeId.parse("run:r1")).isNotEqualTo(NodeId.parse("run:r2"));
    }

    @Test
    void theSpellingTellsOnlyWhatItCan() {
        assertThat(NodeId.parse(DIGEST).prefixKind()).isEqualTo(NodeKind.ARTIFACT);
        assertThat(NodeId.parse("run:r1").prefixKind()).isEqualTo(NodeKind.RUN);
        assertThat(NodeId.parse("dataset:d@v1").prefixKind()).isEqualTo(NodeKind.DATASET_VERSION);
        assertThat(NodeId.parse("model:m@3").prefixKind()).isEqualTo(NodeKind.MODEL_VERSION);
        assertThat(NodeId.parse("run:r1").runId()).isEqualTo(RunId.parse("run:r1"));
        assertThat(NodeId.parse(DIGEST).digest()).isEqualTo(Sha256Digest.parse(DIGEST));
    }

    @Test
    void everyWayInValidates() {
        for (String bad : List.of(
                "",
                " ",
                "run:",
                "run:../x",
                "sha256:abc",
                "SHA256:" + "ab".repeat(32),
                "job:x",
                "dataset:x",
                "run:a\nb")) {
            assertThatThrownBy(() -> NodeId.parse(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new NodeId(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> NodeId.parse("job:\u0007x"))
                .hasMessageContaining("unknown type")
                .hasMessageNotContaining("\u0007");
        assertThatThrownBy(() -> NodeId.parse("model:m@3").runId()).hasMessageContaining("model:m@3");
        assertThatThrownBy(() -> NodeId.parse("run:r1").digest()).hasMessageContaining("node id");
    }

    @Test
    void jsonIsTheText() throws Exception {
        ObjectMapper json = new ObjectMapper();
        record Edge(NodeId from, NodeId to, EventId event, AggregateId aggregate) {}
        Edge e = new Edge(
                NodeId.parse("run:r1"), NodeId.parse(DIGEST), EventId.parse("e-1"), AggregateId.parse("run:r1"));
        String text = json.writeValueAsString(e);
        assertThat(text)
                .isEqualTo(
                        "{\"from\":\"run:r1\",\"to\":\"" + DIGEST + "\",\"event\":\"e-1\",\"aggregate\":\"run:r1\"}");
        assertThat(json.readValue(text, Edge.class)).isEqualTo(e);
        assertThatThrownBy(() -> json.readValue("{\"from\":\"job:1\"}", Edge.class))
                .hasMessageContaining("job:1");
    }

    @Test
    void storeIdentifiersRefuseControlCharactersAndOverlongText() {
        assertThatThrownBy(() -> EventId.parse("a\u0000b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventId.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AggregateId.parse("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
        assertThat(EventId.parseOrNull(null)).isNull();
        assertThat(AggregateId.parse("openlineage:dataset:ns/name").toString())
                .isEqualTo("openlineage:dataset:ns/name");
    }
}
