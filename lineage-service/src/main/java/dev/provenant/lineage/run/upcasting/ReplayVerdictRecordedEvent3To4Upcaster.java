package dev.provenant.lineage.run.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.lineage.upcasting.RevisionUpcaster;
import dev.provenant.messages.run.ReplayVerdictRecordedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Revisions 1–3 of {@link ReplayVerdictRecordedEvent} accepted the differences' digests as text:
 * anything at all before 2026-11-30 (the empty string, control characters, any length), then any
 * name-like text of at most 100 characters; revision 4 types them. An {@code originalDigest} or
 * {@code replayDigest} that is not {@code sha256:<hex>} becomes null with its text in {@code
 * invalidOriginalDigest} or {@code invalidReplayDigest}; valid values and nulls (an output missing
 * on that side) pass unchanged. Runs after {@link ReplayVerdictRecordedEvent2To3Upcaster}, so
 * revision 1 and 2 payloads arrive here as revision 3. The stored payload is not touched.
 */
@Component
@Order(3)
public class ReplayVerdictRecordedEvent3To4Upcaster extends RevisionUpcaster<JsonNode> {

    public ReplayVerdictRecordedEvent3To4Upcaster() {
        super(
                ReplayVerdictRecordedEvent.class,
                "3",
                "4",
                JsonNode.class,
                ReplayVerdictRecordedEvent3To4Upcaster::upcast);
    }

    static JsonNode upcast(JsonNode node) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        LegacyDigests.moveAsideInEach(copy.get("differences"), "originalDigest", "invalidOriginalDigest");
        LegacyDigests.moveAsideInEach(copy.get("differences"), "replayDigest", "invalidReplayDigest");
        return copy;
    }
}
