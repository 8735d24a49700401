package dev.provenant.artifacts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The content address of an artifact: the SHA-256 of its bytes, written {@code sha256:<64
 * lowercase hex>}. This string is also the artifact's node id in the lineage graph.
 *
 * <p>Instances are immutable, validated on construction, and compare by value.
 *
 * <p>{@code Digest d = Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");}
 */
public final class Digest implements Comparable<Digest> {

    /** The only algorithm in use; the prefix leaves room for another one later. */
    public static final String ALGORITHM = "sha256";

    private static final String PREFIX = ALGORITHM + ":";
    private static final int HEX_LENGTH = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String hex;

    private Digest(String hex) {
        this.hex = hex;
    }

    /**
     * Parses the canonical form {@code sha256:<64 lowercase hex>}.
     *
     * <p>{@code Digest d = Digest.parse(args[0]);}
     *
     * @param text the digest string
     * @return the digest
     * @throws InvalidDigestException naming the rule the text broke
     */
    public static Digest parse(String text) {
        if (text == null) {
            throw new InvalidDigestException("Digest must not be null; expected 'sha256:<64 lowercase hex digits>'.");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new InvalidDigestException("Digest '" + shorten(text)
                    + "' has no algorithm prefix; expected 'sha256:<64 lowercase hex digits>'.");
        }
        String algorithm = text.substring(0, colon);
        if (!ALGORITHM.equals(algorithm)) {
            throw new InvalidDigestException("Digest '" + shorten(text) + "' uses unknown algorithm '"
                    + shorten(algorithm) + "'; only 'sha256' is supported.");
        }
        return ofHex(text.substring(colon + 1), text);
    }

    /**
     * A SHA-256 digest from its 64 lowercase hex digits (no prefix).
     *
     * <p>{@code Digest d = Digest.ofHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");}
     *
     * @param hex 64 lowercase hex digits
     * @return the digest
     * @throws InvalidDigestException when the text is not 64 lowercase hex digits
     */
    public static Digest ofHex(String hex) {
        return ofHex(hex, hex);
    }

    private static Digest ofHex(String hex, String original) {
        if (hex == null || hex.length() != HEX_LENGTH) {
            throw new InvalidDigestException("Digest '" + shorten(String.valueOf(original)) + "' has "
                    + (hex == null ? 0 : hex.length()) + " hex digits; sha256 needs exactly " + HEX_LENGTH + ".");
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new InvalidDigestException("Digest '" + shorten(original) + "' contains '" + printable(c)
                        + "' at hex position " + i + "; only lowercase hex digits 0-9a-f are allowed.");
            }
        }
        return new Digest(hex);
    }

    /**
     * A digest from 32 raw SHA-256 bytes, e.g. from {@link MessageDigest#digest()}.
     *
     * <p>{@code Digest d = Digest.ofBytes(messageDigest.digest());}
     *
     * @param raw 32 bytes
     * @return the digest
     */
    public static Digest ofBytes(byte[] raw) {
        if (raw == null || raw.length != HEX_LENGTH / 2) {
            throw new InvalidDigestException(
                    "A sha256 digest has 32 bytes, got " + (raw == null ? "null" : raw.length + " bytes") + ".");
        }
        char[] out = new char[HEX_LENGTH];
        for (int i = 0; i < raw.length; i++) {
            out[2 * i] = HEX[(raw[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[raw[i] & 0xf];
        }
        return new Digest(new String(out));
    }

    /**
     * The digest of a byte array (for small content; stream large content through a store).
     *
     * <p>{@code Digest empty = Digest.of(new byte[0]);}
     *
     * @param content the bytes
     * @return their SHA-256
     */
    public static Digest of(byte[] content) {
        return ofBytes(newSha256().digest(content));
    }

    /**
     * The digest of the UTF-8 bytes of a string.
     *
     * <p>{@code Digest d = Digest.ofUtf8("hello");}
     *
     * @param content the text
     * @return the SHA-256 of its UTF-8 encoding
     */
    public static Digest ofUtf8(String content) {
        return of(content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether a string is a well-formed digest, without throwing.
     *
     * <p>{@code if (Digest.isValid(id)) { ... }}
     *
     * @param text candidate
     * @return true when {@link #parse(String)} would accept it
     */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidDigestException e) {
            return false;
        }
    }

    /**
     * A fresh SHA-256 {@link MessageDigest}.
     *
     * <p>{@code MessageDigest md = Digest.newSha256();}
     *
     * @return a new instance
     */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * The algorithm name. {@code String a = d.algorithm(); // "sha256"}
     *
     * @return "sha256"
     */
    public String algorithm() {
        return ALGORITHM;
    }

    /**
     * The 64 lowercase hex digits. {@code String key = "sha256/" + d.hex();}
     *
     * @return hex digits without prefix
     */
    public String hex() {
        return hex;
    }

    /**
     * The canonical string {@code sha256:<hex>}. {@code System.out.println(d);}
     *
     * @return the canonical form
     */
    @Override
    public String toString() {
        return PREFIX + hex;
    }

    /**
     * A short form for logs and progress lines. {@code d.shortForm(); // "sha256:e3b0c442983f"}
     *
     * @return prefix and the first 12 hex digits
     */
    public String shortForm() {
        return PREFIX + hex.substring(0, 12);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest other && hex.equals(other.hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public int compareTo(Digest o) {
        return hex.compareTo(o.hex);
    }

    private static String shorten(String s) {
        String printable = s.chars()
                .mapToObj(c -> c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c))
                .reduce("", String::concat);
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
