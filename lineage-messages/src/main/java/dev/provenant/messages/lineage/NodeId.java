package dev.provenant.messages.lineage;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.provenant.messages.common.Digests;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.common.TextRules;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.run.RunId;

/**
 * Any node of the lineage graph by its typed id: {@code sha256:<hex>} (artifact, dataset
 * content, code snapshot or environment fingerprint), {@code run:<id>}, {@code
 * dataset:<name>@<version>}, {@code model:<name>@<version>}.
 *
 * <p>Two node ids are equal when their text is: the id alone names the node. What kind of node it
 * is comes from the graph ({@link LineageGraph.Node#kind()}), because the spelling cannot tell a
 * code snapshot or an environment from an artifact (all three are {@code sha256:} digests);
 * {@link #prefixKind()} is only what the spelling says.
 *
 * <p>{@code NodeId.parse("model:churn@7").prefixKind() == NodeKind.MODEL_VERSION}
 */
public record NodeId(String value) {

    /** Validates {@code value} (the message names what is wrong). */
    public NodeId {
        value = canonical(value);
    }

    /** Parses and validates a typed node id; the message names what is wrong. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static NodeId parse(String id) {
        return new NodeId(id);
    }

    /** The node of a run. */
    public static NodeId of(RunId run) {
        return new NodeId(run.toString());
    }

    /** The node of an artifact, a dataset's content, a code snapshot or an environment. */
    public static NodeId of(Sha256Digest digest) {
        return new NodeId(digest.toString());
    }

    /** The node of a dataset version. */
    public static NodeId of(DatasetVersionId dataset) {
        return new NodeId(dataset.toString());
    }

    /** The node of a model version. */
    public static NodeId of(ModelVersionId model) {
        return new NodeId(model.toString());
    }

    /**
     * The kind the id's spelling tells: {@link NodeKind#ARTIFACT} for every {@code sha256:} id
     * (the graph knows whether it is code or an environment).
     */
    public NodeKind prefixKind() {
        if (value.startsWith(Sha256Digest.PREFIX)) {
            return NodeKind.ARTIFACT;
        }
        if (value.startsWith(RunId.PREFIX)) {
            return NodeKind.RUN;
        }
        return value.startsWith(DatasetVersionId.PREFIX) ? NodeKind.DATASET_VERSION : NodeKind.MODEL_VERSION;
    }

    /** This node as a run id, or an error naming the id when it is not a run's. */
    public RunId runId() {
        return RunId.parse(value);
    }

    /** This node as a digest, or an error naming the id when it is not a {@code sha256:} node. */
    public Sha256Digest digest() {
        return Sha256Digest.parse(value, "node id");
    }

    private static String canonical(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(
                    "node id is empty: use sha256:<hex>, run:<id>, dataset:<name>@<v> or" + " model:<name>@<v>");
        }
        if (id.startsWith(Sha256Digest.PREFIX)) {
            return Digests.requireSha256(id, "node id");
        }
        if (id.startsWith(RunId.PREFIX)) {
            return RunId.parse(id).toString();
        }
        if (id.startsWith(DatasetVersionId.PREFIX)) {
            return DatasetVersionId.parse(id).toString();
        }
        if (id.startsWith(ModelVersionId.PREFIX)) {
            return ModelVersionId.parse(id).toString();
        }
        throw new IllegalArgumentException("node id '" + TextRules.printable(id)
                + "' has an unknown type: use sha256:<hex>, run:<id>, dataset:<name>@<v> or model:<name>@<v>");
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
