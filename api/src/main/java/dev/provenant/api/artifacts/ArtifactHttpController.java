package dev.provenant.api.artifacts;

import dev.provenant.api.auth.Caller;
import dev.provenant.api.auth.SecurityConfig;
import dev.provenant.artifacts.ArtifactInfo;
import dev.provenant.artifacts.ArtifactNotFoundException;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.IntegrityException;
import dev.provenant.artifacts.InvalidDigestException;
import dev.provenant.artifacts.PutArgs;
import dev.provenant.artifacts.PutResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Artifact bytes over HTTP, so a client without object-store credentials (the Python client, a
 * remote CLI) can store and fetch content-addressed artifacts through the server.
 *
 * <ul>
 *   <li>{@code PUT /api/artifacts/sha256:<hex>} (recorders and admins; also under {@code
 *       /api/v1/artifacts}): the body is streamed into the store while it is hashed; it becomes
 *       visible only if it hashes to the digest in the path, otherwise 400 naming both digests and
 *       nothing is stored. 201 when stored, 200 when the store already held it (answered without
 *       reading the body). Bodies over {@code provenant.artifacts.max-upload-bytes} are refused
 *       with 413: before reading when the length is declared, as soon as they pass it otherwise.
 *   <li>{@code GET /api/artifacts/sha256:<hex>} (every role): the bytes, verified against the
 *       digest while they are read from the store (a corrupted object aborts the response rather
 *       than serving wrong bytes).
 * </ul>
 *
 * <p>{@code curl -T model.bin -H "Authorization: Bearer $TOKEN"
 * http://127.0.0.1:8642/api/artifacts/sha256:<hex>}
 */
@RestController
public class ArtifactHttpController {

    private static final Logger log = LoggerFactory.getLogger(ArtifactHttpController.class);

    /** The paths this controller serves, for the security rules and the body-limit filter. */
    public static final String[] PATHS = {"/api/artifacts/**", "/api/v1/artifacts/**"};

    private final ArtifactStore store;
    private final long maxBytes;

    public ArtifactHttpController(
            ArtifactStore store, @Value("${provenant.artifacts.max-upload-bytes:10737418240}") long maxBytes) {
        this.store = store;
        this.maxBytes = maxBytes;
    }

    /** True for a request path this controller serves (after the firewall: plain spellings only). */
    public static boolean isArtifactPath(String path) {
        return path.startsWith("/api/artifacts/") || path.startsWith("/api/v1/artifacts/");
    }

    @PreAuthorize("hasRole('RECORDER')")
    @PutMapping({"/api/artifacts/{id}", "/api/v1/artifacts/{id}"})
    public ResponseEntity<Map<String, Object>> put(@PathVariable String id, HttpServletRequest request)
            throws IOException {
        Digest digest;
        try {
            digest = parse(id);
        } catch (InvalidDigestException e) {
            return error(HttpStatus.BAD_REQUEST, "invalid_digest", e.getMessage());
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            return tooLarge();
        }
        if (store.exists(digest)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("digest", digest.toString());
            body.put("size", store.stat(digest).size());
            body.put("stored", false);
            // the body is not read: the container swallows a small one and closes the connection after a
            // large one; clients avoid sending it by asking HEAD first
            return ResponseEntity.ok().body(body);
        }
        PutResult result;
        try (InputStream in = new BoundedInputStream(request.getInputStream(), maxBytes)) {
            result = store.put(
                    PutArgs.builder().stream(in).expectedDigest(digest).build());
        } catch (IntegrityException e) {
            return error(
                    HttpStatus.BAD_REQUEST,
                    "digest_mismatch",
                    "the body hashes to " + e.actual() + ", not to " + e.expected()
                            + " named in the path; nothing was stored");
        } catch (RuntimeException e) {
            if (causedBy(e, BoundedInputStream.TooLarge.class)) {
                return tooLarge();
            }
            throw e;
        }
        if (declared >= 0 && result.size() != declared) {
            // cannot happen with a well-behaved container; the digest matched, so the bytes are right
            log.warn("artifact {} arrived with {} bytes, Content-Length said {}", digest, result.size(), declared);
        }
        Caller caller = (Caller) request.getAttribute(SecurityConfig.CALLER_ATTRIBUTE);
        log.info(
                "artifact {} ({} bytes) stored over HTTP by {}",
                digest.shortForm(),
                result.size(),
                caller == null ? "unknown" : caller.principal());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("digest", result.digest().toString());
        body.put("size", result.size());
        body.put("stored", result.uploaded());
        return ResponseEntity.status(result.uploaded() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(body);
    }

    @GetMapping({"/api/artifacts/{id}", "/api/v1/artifacts/{id}"})
    public void get(@PathVariable String id, HttpServletResponse response) throws IOException {
        Digest digest;
        try {
            digest = parse(id);
        } catch (InvalidDigestException e) {
            SecurityConfig.writeError(response, HttpServletResponse.SC_BAD_REQUEST, "invalid_digest", e.getMessage());
            return;
        }
        ArtifactInfo info;
        try {
            info = store.stat(digest);
        } catch (ArtifactNotFoundException e) {
            SecurityConfig.writeError(
                    response,
                    HttpServletResponse.SC_NOT_FOUND,
                    "not_found",
                    "artifact " + digest + " is not in the store");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        response.setContentLengthLong(info.size());
        response.setHeader("ETag", "\"" + digest + "\"");
        response.setHeader("Digest", "sha-256=" + java.util.Base64.getEncoder().encodeToString(hexBytes(digest)));
        try (InputStream in = store.get(digest);
                OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    /** Whether the store holds the artifact, and its size: 200 with Content-Length, or 404. */
    @org.springframework.web.bind.annotation.RequestMapping(
            value = {"/api/artifacts/{id}", "/api/v1/artifacts/{id}"},
            method = org.springframework.web.bind.annotation.RequestMethod.HEAD)
    public ResponseEntity<Void> head(@PathVariable String id) {
        Digest digest;
        try {
            digest = parse(id);
        } catch (InvalidDigestException e) {
            return ResponseEntity.badRequest().build();
        }
        try {
            ArtifactInfo info = store.stat(digest);
            return ResponseEntity.ok()
                    .contentLength(info.size())
                    .eTag("\"" + digest + "\"")
                    .build();
        } catch (ArtifactNotFoundException e) {
            return ResponseEntity.notFound().build();
        }
    }

    private static Digest parse(String id) {
        if (!id.startsWith("sha256:")) {
            throw new InvalidDigestException(
                    "'" + abbreviate(id) + "' is not an artifact id; write sha256:<64 lowercase hex characters>");
        }
        return Digest.parse(id);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static byte[] hexBytes(Digest d) {
        return java.util.HexFormat.of().parseHex(d.hex());
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private ResponseEntity<Map<String, Object>> tooLarge() {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                .header("Connection", "close")
                .body(Map.of(
                        "error",
                        "payload_too_large",
                        "message",
                        "artifact body exceeds " + maxBytes
                                + " bytes (provenant.artifacts.max-upload-bytes); nothing was" + " stored"));
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        return ResponseEntity.status(status).header("Connection", "close").body(body);
    }

    /** Fails the read as soon as more than {@code max} bytes have come. */
    static final class BoundedInputStream extends FilterInputStream {
        static final class TooLarge extends IOException {
            TooLarge(long max) {
                super("body exceeds " + max + " bytes");
            }
        }

        private final long max;
        private long count;

        BoundedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws IOException {
            count += n;
            if (count > max) {
                throw new TooLarge(max);
            }
        }
    }
}
