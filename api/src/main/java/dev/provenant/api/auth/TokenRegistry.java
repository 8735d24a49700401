package dev.provenant.api.auth;

import dev.provenant.api.config.ProvenantProperties;
import dev.provenant.api.home.ProvenantHome;
import dev.provenant.api.startup.ProvenantStartupException;
import dev.provenant.artifacts.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Bearer tokens and the principals they stand for.
 *
 * <p>The local admin token lives in {@code PROVENANT_HOME/admin.token} (created on first start,
 * readable by its owner only) and authenticates as {@code admin} with role ADMIN. More tokens come
 * from {@code PROVENANT_TOKENS}: comma-separated {@code principal=token[:role]} entries, role one of
 * {@code reader}, {@code recorder} (the default), {@code admin}.
 */
@Component
public class TokenRegistry {

    public static final String ADMIN = "admin";

    private final Map<String, Caller> callersByToken = new LinkedHashMap<>();
    /** Short-lived tokens issued by this process (server-side replay jobs), revoked when done. */
    private final Map<String, Caller> ephemeral = new java.util.concurrent.ConcurrentHashMap<>();

    private final SecureRandom random = new SecureRandom();
    private final Path adminTokenFile;

    public TokenRegistry(ProvenantHome home, ProvenantProperties properties) {
        String configured = properties.tokens();
        this.adminTokenFile = home.resolve("admin.token");
        callersByToken.put(loadOrCreateAdminToken(adminTokenFile), new Caller(ADMIN, Role.ADMIN));
        if (configured != null && !configured.isBlank()) {
            for (String pair : configured.split(",")) {
                String p = pair.trim();
                int eq = p.indexOf('=');
                if (eq <= 0 || eq == p.length() - 1) {
                    throw new ProvenantStartupException(
                            "PROVENANT_TOKENS entry '" + p.replaceAll("=.*", "=…") + "' is not 'principal=token'",
                            "Write PROVENANT_TOKENS as comma-separated principal=token pairs.",
                            null);
                }
                String token = p.substring(eq + 1);
                Role role = Role.RECORDER;
                int colon = token.lastIndexOf(':');
                if (colon > 0) {
                    String r = token.substring(colon + 1);
                    try {
                        role = Role.valueOf(r.toUpperCase(java.util.Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new ProvenantStartupException(
                                "PROVENANT_TOKENS role '" + r + "' for '" + p.substring(0, eq) + "' is unknown",
                                "Use reader, recorder or admin.",
                                null);
                    }
                    token = token.substring(0, colon);
                }
                if (token.length() < 16) {
                    throw new ProvenantStartupException(
                            "PROVENANT_TOKENS token for '" + p.substring(0, eq) + "' is shorter than 16 characters",
                            "Use long random tokens (e.g. openssl rand -hex 32).",
                            null);
                }
                callersByToken.put(token, new Caller(p.substring(0, eq), role));
            }
        }
    }

    /** The caller a presented token stands for, compared in constant time. */
    public Optional<Caller> callerFor(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        Caller found = null;
        for (Map.Entry<String, Caller> e : callersByToken.entrySet()) {
            if (MessageDigest.isEqual(presented, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        for (Map.Entry<String, Caller> e : ephemeral.entrySet()) {
            if (MessageDigest.isEqual(presented, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Issues a token for one job done on a caller's behalf (a server-side replay), so that what the
     * job records names that caller. It is known only to this process and works until {@link
     * #revoke(String)}.
     */
    public String issueEphemeral(Caller caller) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "job-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ephemeral.put(token, caller);
        return token;
    }

    public void revoke(String token) {
        if (token != null) {
            ephemeral.remove(token);
        }
    }

    /** The caller of an {@code Authorization} header value, if it is a known bearer token. */
    public Optional<Caller> callerForHeader(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return callerFor(header.substring(7).trim());
    }

    public Path adminTokenFile() {
        return adminTokenFile;
    }

    private static String loadOrCreateAdminToken(Path file) {
        try {
            if (Files.exists(file)) {
                String t = Files.readString(file).trim();
                if (t.length() >= 16) {
                    return t;
                }
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            // created 0600 before the token is written, then renamed into place
            OwnerOnly.writeAtomically(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
            return token;
        } catch (IOException e) {
            throw new ProvenantStartupException(
                    "Cannot read or create the admin token " + file + ": " + e.getMessage(),
                    "Check that PROVENANT_HOME is writable.",
                    e);
        }
    }
}
