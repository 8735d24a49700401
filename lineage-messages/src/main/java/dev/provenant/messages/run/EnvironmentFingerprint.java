package dev.provenant.messages.run;

import dev.provenant.messages.common.Sha256Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The environment a run executed in, as sorted key/value facts (OS, runtimes and versions,
 * lockfile digests, container image digest, allow-listed environment variables), identified by
 * the SHA-256 of their canonical form: {@code key=value\n} lines in key order.
 *
 * <p>{@code EnvironmentFingerprint.of(Map.of("os.name", "Linux", "java.version", "17.0.15"))}
 */
public record EnvironmentFingerprint(Sha256Digest digest, SortedMap<String, String> properties) {

    public EnvironmentFingerprint {
        if (properties == null) {
            throw new IllegalArgumentException("environment.properties is required");
        }
        if (properties.size() > 1000) {
            throw new IllegalArgumentException("environment has more than 1000 properties");
        }
        properties = new TreeMap<>(properties);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey() == null
                    || e.getKey().isEmpty()
                    || e.getKey().length() > 256
                    || e.getKey().contains("\n")
                    || e.getKey().contains("=")) {
                throw new IllegalArgumentException("environment property name '" + e.getKey() + "' is invalid");
            }
            if (e.getValue() == null
                    || e.getValue().length() > 4096
                    || e.getValue().contains("\n")) {
                throw new IllegalArgumentException("environment property '" + e.getKey() + "' has an invalid value");
            }
        }
        Sha256Digest expected = digestOf(properties);
        if (digest == null) {
            digest = expected;
        } else if (!digest.equals(expected)) {
            throw new IllegalArgumentException(
                    "environment.digest " + digest + " does not match its properties (expected " + expected + ")");
        }
    }

    /** A fingerprint as sent: its digest (text, or null to compute it) must match its properties. */
    public static EnvironmentFingerprint of(String digest, SortedMap<String, String> properties) {
        return new EnvironmentFingerprint(Sha256Digest.parseOrNull(digest, "environment.digest"), properties);
    }

    /** A fingerprint of these facts, with its digest computed. */
    public static EnvironmentFingerprint of(Map<String, String> properties) {
        return new EnvironmentFingerprint(null, new TreeMap<>(properties));
    }

    static Sha256Digest digestOf(SortedMap<String, String> properties) {
        StringBuilder sb = new StringBuilder();
        properties.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return new Sha256Digest("sha256:" + HexFormat.of().formatHex(d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
