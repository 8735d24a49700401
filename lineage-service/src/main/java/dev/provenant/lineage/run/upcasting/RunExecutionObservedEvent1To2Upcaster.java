package dev.provenant.lineage.run.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.lineage.upcasting.RevisionUpcaster;
import dev.provenant.messages.run.RunExecutionObservedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Revision 1 of {@link RunExecutionObservedEvent} accepted its digests as any short text (no
 * control characters, at most 100 characters; {@code variablesDigest} also null); revision 2 types
 * them. A {@code variablesDigest} that is not {@code sha256:<hex>} becomes null with its text in
 * {@code invalidVariablesDigest}; an undeclared read's {@code digest} likewise into its {@code
 * invalidDigest}. Valid values (all the recorder ever sent) pass unchanged. The stored payload is
 * not touched: this runs on every read.
 */
@Component
@Order(1)
public class RunExecutionObservedEvent1To2Upcaster extends RevisionUpcaster<JsonNode> {

    public RunExecutionObservedEvent1To2Upcaster() {
        super(RunExecutionObservedEvent.class, "1", "2", JsonNode.class, RunExecutionObservedEvent1To2Upcaster::upcast);
    }

    static JsonNode upcast(JsonNode node) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        LegacyDigests.moveAside(copy, "variablesDigest", "invalidVariablesDigest");
        LegacyDigests.moveAsideInEach(copy.get("undeclaredReads"), "digest", "invalidDigest");
        return copy;
    }
}
