package dev.provenant.lineage.run.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.messages.common.Digests;

/**
 * The one rule for digest fields that were stored as unchecked text: a value that is {@code
 * sha256:<64 lowercase hex>} (or null, or absent) stays as it is; anything else is moved aside —
 * the field becomes null and the text as recorded goes into a field whose name says it is not a
 * digest ({@code invalid…}). Used by the upcasters of events whose digests became typed.
 */
final class LegacyDigests {

    private LegacyDigests() {}

    /**
     * Moves {@code object.field} to {@code object.aside} when it holds something other than a
     * SHA-256 digest (text as recorded; a non-text value, which no writer produced, as its JSON).
     * Returns whether it moved anything.
     *
     * <p>{@code moveAside(read, "digest", "invalidDigest")}: {@code {"digest":"md5:1"}} → {@code
     * {"digest":null,"invalidDigest":"md5:1"}}.
     */
    static boolean moveAside(ObjectNode object, String field, String aside) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull() || value.isTextual() && Digests.isSha256(value.textValue())) {
            return false;
        }
        object.put(aside, value.isTextual() ? value.textValue() : value.toString());
        object.putNull(field);
        return true;
    }

    /** {@link #moveAside} on every object element of {@code array} (a missing or non-array node: nothing). */
    static void moveAsideInEach(JsonNode array, String field, String aside) {
        if (array == null || !array.isArray()) {
            return;
        }
        for (JsonNode element : array) {
            if (element instanceof ObjectNode o) {
                moveAside(o, field, aside);
            }
        }
    }
}
