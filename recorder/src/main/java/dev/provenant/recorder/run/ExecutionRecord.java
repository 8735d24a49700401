package dev.provenant.recorder.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Digest;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.recorder.trace.ReadSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What was observed while a command executed: its environment variables (as a stored JSON
 * document, secret-looking names' values replaced by their digest) and, when traced, the files it
 * read without declaring them (stored up to a size cap), the paths it wrote outside its declared
 * outputs and the files it tried to read that did not exist.
 */
public record ExecutionRecord(
        boolean traced,
        String variablesDigest,
        // kept out of --json output: it is in the store, by digest, for whoever may read it
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, String> variables,
        List<Read> undeclaredReads,
        List<String> undeclaredWrites,
        List<String> missingReads,
        int declaredReads,
        int codeReads,
        int systemReads) {

    /** Undeclared reads larger than this (16 MiB) are recorded by digest only, unless configured. */
    public static final long DEFAULT_CAPTURE_LIMIT = 16L * 1024 * 1024;

    /**
     * Paths recorded per list: the record travels in one GraphQL request, which the server bounds
     * at 1 MiB; more are counted on the console. Declare what a step reads by the thousand.
     */
    static final int MAX_RECORDED = 2_000;

    /** Variables that differ on every run by construction: not part of what a run depends on. */
    static final List<String> VOLATILE = List.of(
            "PROVENANT_RUN_ID", "PROVENANT_PARAMS_FILE", "PWD", "OLDPWD", "SHLVL", "_", "TERM_SESSION_ID", "WINDOWID");

    /**
     * One undeclared read: {@code path} relative to the working directory when inside it; {@code
     * digest} always {@code sha256:<hex>} (a file that cannot be hashed is not recorded).
     */
    public record Read(String path, String digest, long sizeBytes, boolean stored) {}

    public ExecutionRecord {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        undeclaredReads = List.copyOf(undeclaredReads);
        undeclaredWrites = List.copyOf(undeclaredWrites);
        missingReads = List.copyOf(missingReads);
    }

    static ExecutionRecord untraced(String variablesDigest, Map<String, String> variables) {
        return new ExecutionRecord(false, variablesDigest, variables, List.of(), List.of(), List.of(), 0, 0, 0);
    }

    /**
     * The variables of a command's environment as recorded: volatile ones left out, secret-looking
     * names ({@link EnvironmentCapture#isSecret}) with their value replaced by its digest.
     */
    static Map<String, String> variables(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k == null || v == null || VOLATILE.contains(k)) {
                return;
            }
            out.put(k, EnvironmentCapture.isSecret(k) ? "redacted " + Digest.ofUtf8(v) : v);
        });
        return out;
    }

    static byte[] variablesDocument(Map<String, String> variables) {
        ObjectNode doc = ProvenantClient.JSON.createObjectNode();
        new TreeMap<>(variables).forEach(doc::put);
        try {
            return ProvenantClient.JSON.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variables of a stored document, or null when it is not in the store. */
    static Map<String, String> readVariables(ArtifactStore store, String digest) {
        if (digest == null || digest.isBlank()) {
            return null;
        }
        try (InputStream in = store.get(Digest.parse(digest))) {
            JsonNode doc = ProvenantClient.JSON.readTree(in);
            Map<String, String> m = new TreeMap<>();
            doc.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
            return m;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Stores the undeclared reads of {@code readSet} up to {@code limit} bytes each (digest only above). */
    static ExecutionRecord capture(
            ArtifactStore store, ReadSet readSet, String variablesDigest, Map<String, String> variables, long limit) {
        List<Read> reads = new ArrayList<>();
        for (Path p : readSet.undeclaredReads()) {
            if (reads.size() >= MAX_RECORDED) {
                break;
            }
            try {
                long size = Files.size(p);
                if (size <= limit && !credential(p)) {
                    var put = store.put(p);
                    reads.add(new Read(readSet.display(p), put.digest().toString(), put.size(), true));
                } else {
                    String digest = digestOf(p);
                    if (digest != null) {
                        reads.add(new Read(readSet.display(p), digest, size, false));
                    }
                    // else not a regular file or unreadable now: like a gone file, not recorded
                    // (the server takes only sha256:<hex> digests)
                }
            } catch (IOException | RuntimeException e) {
                // gone or unreadable since it was read: named by the console, not recorded
            }
        }
        return new ExecutionRecord(
                true,
                variablesDigest,
                variables,
                reads,
                readSet.undeclaredWrites().stream()
                        .limit(MAX_RECORDED)
                        .map(readSet::display)
                        .toList(),
                readSet.missingReads().stream()
                        .limit(MAX_RECORDED)
                        .map(readSet::display)
                        .toList(),
                readSet.declaredReads(),
                readSet.codeReads(),
                readSet.systemReads());
    }

    /**
     * Files whose bytes are never stored, whatever their size (only their digest is recorded): a
     * step's libraries read some of them by themselves (Python's requests reads ~/.netrc), and an
     * artifact store is no place for a credential.
     */
    static boolean credential(Path p) {
        String s = p.toString().toLowerCase(java.util.Locale.ROOT);
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.equals(".netrc")
                || name.equals(".pgpass")
                || name.equals(".git-credentials")
                || name.equals(".npmrc")
                || name.equals(".pypirc")
                || name.startsWith("id_rsa")
                || name.startsWith("id_ed25519")
                || name.startsWith("id_ecdsa")
                || name.endsWith(".pem")
                || name.endsWith(".key")
                || name.endsWith(".p12")
                || name.endsWith(".token")
                || name.contains("credential")
                || name.contains("secret")
                || name.contains("password")
                || s.contains("/.aws/")
                || s.contains("/.ssh/")
                || s.contains("/.gnupg/")
                || s.contains("/.docker/config.json")
                || s.contains("/.kube/config")
                || s.contains("/.config/gcloud/")
                || s.contains("/.azure/");
    }

    /** The SHA-256 of a file, {@code sha256:<hex>}; null when it cannot be read (or is not a file). */
    public static String digestOf(Path p) {
        if (!Files.isRegularFile(p)) {
            return null;
        }
        MessageDigest md = Digest.newSha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            return null;
        }
        return Digest.ALGORITHM + ":" + HexFormat.of().formatHex(md.digest());
    }
}
