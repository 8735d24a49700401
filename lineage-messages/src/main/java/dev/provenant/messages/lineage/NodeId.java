package dev.provenant.messages.lineage;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.provenant.messages.common.Digests;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.run.RunId;

/**
 * Any node of the lineage graph by its typed id: {@code sha256:<hex>} (artifact, dataset
 * content, code snapshot or environment fingerprint), {@code run:<id>}, {@code
 * dataset:<name>@<version>}, {@code model:<name>@<version>}.
 *
 * <p>{@code NodeId.parse("model:churn@7").kind() == NodeKind.MODEL_VERSION}
 */
public record NodeId(String value, NodeKind kind) {

    /** Parses and validates a typed node id; the message names what is wrong. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static NodeId parse(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(
                    "node id is empty: use sha256:<hex>, run:<id>, dataset:<name>@<v> or" + " model:<name>@<v>");
        }
        if (id.startsWith("sha256:")) {
            return new NodeId(Digests.requireSha256(id, "node id"), NodeKind.ARTIFACT);
        }
        if (id.startsWith(RunId.PREFIX)) {
            return new NodeId(RunId.parse(id).toString(), NodeKind.RUN);
        }
        if (id.startsWith(DatasetVersionId.PREFIX)) {
            return new NodeId(DatasetVersionId.parse(id).toString(), NodeKind.DATASET_VERSION);
        }
        if (id.startsWith(ModelVersionId.PREFIX)) {
            return new NodeId(ModelVersionId.parse(id).toString(), NodeKind.MODEL_VERSION);
        }
        throw new IllegalArgumentException("node id '" + id + "' has an unknown type: use sha256:<hex>, run:<id>,"
                + " dataset:<name>@<v> or model:<name>@<v>");
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
