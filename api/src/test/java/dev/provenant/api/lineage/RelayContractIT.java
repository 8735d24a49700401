package dev.provenant.api.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The API's Relay contract: {@code node(id)} answers every kind of recorded thing through the
 * {@code Node} interface with its own type, every list is a connection with {@code totalCount} and
 * full {@code pageInfo}, and lineage nodes page as a connection too.
 */
class RelayContractIT extends AbstractGraphQlIT {

    private static final String NODE = GraphQlDocuments.load("lineage/node-typed");

    @Test
    void givenRecordedThings_thenNodeAnswersEachWithItsOwnType_andListsAreCountedConnections() {
        GraphQlClient alice = client(ProvenantTestSupport.ALICE_TOKEN);
        Recorder recorder = new Recorder(alice);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String data = "sha256:" + "1".repeat(56) + tag;
        String model = "sha256:" + "2".repeat(56) + tag;
        recorder.ok(
                "registerDatasetVersion",
                Map.of("name", "relay-" + tag, "version", "v1", "contentDigest", data, "sizeBytes", 10),
                "registerDatasetVersion");
        recorder.ok(
                "registerDatasetVersion",
                Map.of("name", "relay-" + tag, "version", "v2", "contentDigest", data, "sizeBytes", 10),
                "registerDatasetVersion");
        String run = recorder.run(
                "train-" + tag,
                List.of(Recorder.io("data.csv", data, 10)),
                List.of(Recorder.io("model.bin", model, 20)),
                "1");
        recorder.ok(
                "registerModelVersion",
                Map.of("name", "relay-" + tag, "version", "1", "runId", run, "outputName", "model.bin"),
                "registerModelVersion");

        assertThat(node(alice, run).path("__typename").asText()).isEqualTo("Run");
        assertThat(node(alice, run).path("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode dataset = node(alice, "dataset:relay-" + tag + "@v1");
        assertThat(dataset.path("__typename").asText()).isEqualTo("DatasetVersion");
        assertThat(dataset.path("version").asText()).isEqualTo("v1");
        JsonNode modelVersion = node(alice, "model:relay-" + tag + "@1");
        assertThat(modelVersion.path("__typename").asText()).isEqualTo("ModelVersion");
        assertThat(modelVersion.path("stage").asText()).isEqualTo("NONE");
        JsonNode artifact = node(alice, model);
        assertThat(artifact.path("__typename").asText()).isEqualTo("LineageNode");
        assertThat(artifact.path("kind").asText()).isEqualTo("ARTIFACT");
        assertThat(node(alice, "run:never-recorded-" + tag).isNull()).isTrue();
        JsonNode before = alice.post(GraphQlDocuments.load("lineage/node-as-of-2000"), Map.of("id", run))
                .data()
                .path("node");
        assertThat(before.isNull()).as("nothing was recorded in 2000").isTrue();

        // connections: totalCount over all pages, pageInfo both ways
        String page = GraphQlDocuments.load("lineage/datasetVersions");
        JsonNode first = alice.post(page, Map.of("n", "relay-" + tag)).data().path("datasetVersions");
        assertThat(first.path("totalCount").asInt()).isEqualTo(2);
        assertThat(first.path("pageInfo").path("hasNextPage").asBoolean()).isTrue();
        assertThat(first.path("pageInfo").path("hasPreviousPage").asBoolean()).isFalse();
        assertThat(first.path("pageInfo").path("startCursor").asText())
                .isEqualTo(first.path("edges").get(0).path("cursor").asText());
        JsonNode second = alice.post(
                        page,
                        Map.of(
                                "n",
                                "relay-" + tag,
                                "after",
                                first.path("pageInfo").path("endCursor").asText()))
                .data()
                .path("datasetVersions");
        assertThat(second.path("edges").get(0).path("node").path("version").asText())
                .isEqualTo("v2");
        assertThat(second.path("pageInfo").path("hasPreviousPage").asBoolean()).isTrue();
        assertThat(second.path("pageInfo").path("hasNextPage").asBoolean()).isFalse();
        assertThat(second.path("totalCount").asInt()).isEqualTo(2);

        assertThat(alice.post(GraphQlDocuments.load("lineage/runs"), Map.of("n", "train-" + tag))
                        .data()
                        .path("runs")
                        .path("totalCount")
                        .asInt())
                .isEqualTo(1);
        assertThat(alice.post(GraphQlDocuments.load("lineage/modelVersions"), Map.of("n", "relay-" + tag))
                        .data()
                        .toString())
                .isEqualTo("{\"modelVersions\":{\"totalCount\":0},\"all\":{\"totalCount\":1}}");

        // lineage nodes as a connection: same cursors as pageInfo, totalCount = totalNodes
        JsonNode lineage = alice.post(
                        GraphQlDocuments.load("lineage/lineage-connection"), Map.of("n", "model:relay-" + tag + "@1"))
                .data()
                .path("lineage");
        JsonNode connection = lineage.path("nodeConnection");
        assertThat(connection.path("totalCount").asInt())
                .isEqualTo(lineage.path("totalNodes").asInt())
                .isGreaterThan(2);
        assertThat(connection.path("edges")).hasSize(2);
        assertThat(connection.path("edges").get(1).path("cursor").asText())
                .isEqualTo(lineage.path("pageInfo").path("endCursor").asText());
        assertThat(connection.path("edges").get(0).path("node").path("id").asText())
                .isEqualTo("model:relay-" + tag + "@1");
    }

    private static JsonNode node(GraphQlClient client, String id) {
        GraphQlClient.Response r = client.post(NODE, Map.of("id", id));
        assertThat(r.errors().isMissingNode()).as("errors: %s", r.errors()).isTrue();
        return r.data().path("node");
    }
}
