package dev.provenant.messages.common;

import java.util.regex.Pattern;

/** Validation of content digests as they appear in messages: {@code sha256:<64 lowercase hex>}. */
public final class Digests {

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private Digests() {}

    /** Whether {@code text} is a well-formed SHA-256 content id ({@code sha256:<64 lowercase hex>}). */
    public static boolean isSha256(String text) {
        return text != null && SHA256.matcher(text).matches();
    }

    /**
     * Returns {@code digest} if it is a well-formed SHA-256 content id, otherwise throws.
     *
     * <p>{@code Digests.requireSha256("sha256:e3b0c442...", "contentDigest")}
     */
    public static String requireSha256(String digest, String field) {
        if (digest == null || !SHA256.matcher(digest).matches()) {
            throw new IllegalArgumentException(field + " must be 'sha256:' followed by 64 lowercase hex digits, got '"
                    + TextRules.printable(digest) + "'");
        }
        return digest;
    }
}
