package dev.provenant.messages.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.provenant.messages.common.TextRules;
import java.util.regex.Pattern;

/**
 * The id of a ledger signing key: {@code ed25519:} and the first 16 hex digits of the SHA-256 of
 * its public key, e.g. {@code ed25519:3f9a0c7e11d2b845}.
 */
public record LedgerKeyId(String value) {

    public static final String PREFIX = "ed25519:";
    private static final Pattern TEXT = Pattern.compile("ed25519:[0-9a-f]{16}");

    public LedgerKeyId {
        if (value == null || !TEXT.matcher(value).matches()) {
            throw new IllegalArgumentException("ledger key id '" + TextRules.printable(value)
                    + "' must be 'ed25519:' followed by 16 lowercase hex digits");
        }
    }

    /** Parses {@code ed25519:<16 hex>}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static LedgerKeyId parse(String text) {
        return new LedgerKeyId(text);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
