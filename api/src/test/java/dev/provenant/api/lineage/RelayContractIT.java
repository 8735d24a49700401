package dev.provenant.api.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.ProvenantTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * The API's Relay contract: {@code node(id)} answers every kind of recorded thing through the
 * {@code Node} interface with its own type, every list is a connection with {@code totalCount} and
 * full {@code pageInfo}, and lineage nodes page as a connection too.
 */
class RelayContractIT extends AbstractGraphQlIT {

    @Test
    void givenRecordedThings_thenNodeAnswersEachWithItsOwnType_andListsAreCountedConnections() {
        Recorder record = new Recorder(client(ProvenantTestSupport.ALICE_TOKEN));
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String data = "sha256:" + "1".repeat(56) + tag;
        String model = "sha256:" + "2".repeat(56) + tag;
        record.ok(
                "common/registerDatasetVersion",
                Map.of("name", "relay-" + tag, "version", "v1", "contentDigest", data, "sizeBytes", 10),
                "registerDatasetVersion");
        record.ok(
                "common/registerDatasetVersion",
                Map.of("name", "relay-" + tag, "version", "v2", "contentDigest", data, "sizeBytes", 10),
                "registerDatasetVersion");
        String run = record.run(
                "train-" + tag,
                List.of(Recorder.io("data.csv", data, 10)),
                List.of(Recorder.io("model.bin", model, 20)),
                "1");
        record.ok(
                "common/registerModelVersion",
                Map.of("name", "relay-" + tag, "version", "1", "runId", run, "outputName", "model.bin"),
                "registerModelVersion");

        node(run).path("node.__typename").entity(String.class).isEqualTo("Run");
        node(run).path("node.status").entity(String.class).isEqualTo("SUCCEEDED");
        node("dataset:relay-" + tag + "@v1")
                .path("node.__typename")
                .entity(String.class)
                .isEqualTo("DatasetVersion")
                .path("node.version")
                .entity(String.class)
                .isEqualTo("v1");
        node("model:relay-" + tag + "@1")
                .path("node.__typename")
                .entity(String.class)
                .isEqualTo("ModelVersion")
                .path("node.stage")
                .entity(String.class)
                .isEqualTo("NONE");
        node(model)
                .path("node.__typename")
                .entity(String.class)
                .isEqualTo("LineageNode")
                .path("node.kind")
                .entity(String.class)
                .isEqualTo("ARTIFACT");
        node("run:never-recorded-" + tag).path("node").valueIsNull();
        reader.documentName("lineage/node-as-of-2000")
                .variable("id", run)
                .execute()
                .path("node")
                .valueIsNull(); // nothing was recorded in 2000

        // connections: totalCount over all pages, pageInfo both ways
        GraphQlTester.Response first = reader.documentName("lineage/datasetVersions")
                .variable("n", "relay-" + tag)
                .execute();
        first.path("datasetVersions.totalCount")
                .entity(Integer.class)
                .isEqualTo(2)
                .path("datasetVersions.pageInfo.hasNextPage")
                .entity(Boolean.class)
                .isEqualTo(true)
                .path("datasetVersions.pageInfo.hasPreviousPage")
                .entity(Boolean.class)
                .isEqualTo(false);
        String firstCursor = first.path("datasetVersions.edges[0].cursor")
                .entity(String.class)
                .get();
        first.path("datasetVersions.pageInfo.startCursor").entity(String.class).isEqualTo(firstCursor);
        String endCursor = first.path("datasetVersions.pageInfo.endCursor")
                .entity(String.class)
                .get();
        reader.documentName("lineage/datasetVersions")
                .variable("n", "relay-" + tag)
                .variable("after", endCursor)
                .execute()
                .path("datasetVersions.edges[0].node.version")
                .entity(String.class)
                .isEqualTo("v2")
                .path("datasetVersions.pageInfo.hasPreviousPage")
                .entity(Boolean.class)
                .isEqualTo(true)
                .path("datasetVersions.pageInfo.hasNextPage")
                .entity(Boolean.class)
                .isEqualTo(false)
                .path("datasetVersions.totalCount")
                .entity(Integer.class)
                .isEqualTo(2);

        reader.documentName("lineage/runs")
                .variable("n", "train-" + tag)
                .execute()
                .path("runs.totalCount")
                .entity(Integer.class)
                .isEqualTo(1);
        reader.documentName("lineage/modelVersions")
                .variable("n", "relay-" + tag)
                .execute()
                .path("")
                .matchesJsonStrictly("{\"modelVersions\":{\"totalCount\":0},\"all\":{\"totalCount\":1}}");

        // lineage nodes as a connection: same cursors as pageInfo, totalCount = totalNodes
        GraphQlTester.Response lineage = reader.documentName("lineage/lineage-connection")
                .variable("n", "model:relay-" + tag + "@1")
                .execute();
        int totalNodes =
                lineage.path("lineage.totalNodes").entity(Integer.class).get();
        assertThat(totalNodes).isGreaterThan(2);
        lineage.path("lineage.nodeConnection.totalCount")
                .entity(Integer.class)
                .isEqualTo(totalNodes)
                .path("lineage.nodeConnection.edges")
                .entityList(Object.class)
                .hasSize(2)
                .path("lineage.nodeConnection.edges[0].node.id")
                .entity(String.class)
                .isEqualTo("model:relay-" + tag + "@1");
        String endOfPage =
                lineage.path("lineage.pageInfo.endCursor").entity(String.class).get();
        lineage.path("lineage.nodeConnection.edges[1].cursor")
                .entity(String.class)
                .isEqualTo(endOfPage);
    }

    /** {@code node(id)} as a reader; the tester fails the test on any GraphQL error. */
    private GraphQlTester.Response node(String id) {
        return reader.documentName("lineage/node-typed").variable("id", id).execute();
    }
}
