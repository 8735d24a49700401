package dev.provenant.api.artifacts;

import dev.provenant.api.auth.Caller;
import dev.provenant.api.auth.SecurityConfig;
import dev.provenant.api.config.ArtifactsProperties;
import dev.provenant.artifacts.ArtifactInfo;
import dev.provenant.artifacts.ArtifactNotFoundException;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.IntegrityException;
import dev.provenant.artifacts.InvalidDigestException;
import dev.provenant.artifacts.PutArgs;
import dev.provenant.artifacts.PutResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 *       than serving wrong bytes). One {@code Range: bytes=...} is served as 206 (unverified: a
 *       part cannot be checked against the whole's digest), one outside the object is 416.
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
    private final Counter bytesIn;
    private final Counter bytesOut;

    public ArtifactHttpController(ArtifactStore store, ArtifactsProperties properties, MeterRegistry registry) {
        this.store = store;
        this.maxBytes = properties.maxUploadBytes();
        this.bytesIn = bytesCounter(registry, "in", "Artifact bytes stored through the HTTP endpoint");
        this.bytesOut = bytesCounter(registry, "out", "Artifact bytes served by the HTTP endpoint");
    }

    private static Counter bytesCounter(MeterRegistry registry, String direction, String description) {
        return Counter.builder("provenant.artifacts.bytes")
                .baseUnit("bytes")
                .description(description)
                .tag("direction", direction)
                .tag("channel", "http")
                .register(registry);
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
        if (result.uploaded()) {
            bytesIn.increment(result.size());
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
    public void get(@PathVariable String id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
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
        response.setHeader("Accept-Ranges", "bytes");
        response.setHeader("ETag", "\"" + digest + "\"");
        long[] range = range(request.getHeader("Range"), info.size());
        if (range != null && range.length == 0) {
            response.setHeader("Content-Range", "bytes */" + info.size());
            SecurityConfig.writeError(
                    response,
                    HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE,
                    "range_not_satisfiable",
                    "artifact " + digest + " has " + info.size() + " bytes; the range '" + request.getHeader("Range")
                            + "' is outside them");
            return;
        }
        if (range != null) {
            // a part cannot be checked against the whole object's digest without reading all of it:
            // ranges are served as stored (a full GET verifies)
            long length = range[1] - range[0] + 1;
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
            response.setContentLengthLong(length);
            response.setHeader("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + info.size());
            try (InputStream in = store.get(digest);
                    OutputStream out = response.getOutputStream()) {
                in.skipNBytes(range[0]);
                byte[] buf = new byte[64 * 1024];
                long left = length;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new IOException("artifact " + digest + " ended early");
                    }
                    out.write(buf, 0, n);
                    bytesOut.increment(n);
                    left -= n;
                }
            }
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        response.setContentLengthLong(info.size());
        response.setHeader("Digest", "sha-256=" + java.util.Base64.getEncoder().encodeToString(hexBytes(digest)));
        try (InputStream in = store.get(digest);
                OutputStream out = response.getOutputStream()) {
            bytesOut.increment(in.transferTo(out));
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
                    .header("Accept-Ranges", "bytes")
                    .contentLength(info.size())
                    .eTag("\"" + digest + "\"")
                    .build();
        } catch (ArtifactNotFoundException e) {
            return ResponseEntity.notFound().build();
        }
    }

    /**
     * One byte range of {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}: {@code [first,
     * last]}; an empty array when it lies outside the object (416); null for no header, several
     * ranges or a spelling we do not serve (the whole object is sent, as RFC 9110 allows).
     */
    static long[] range(String header, long size) {
        if (header == null) {
            return null;
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})").matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    return new long[0];
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size || last < first) {
                return new long[0];
            }
            return new long[] {first, last};
        } catch (NumberFormatException tooLong) {
            return new long[0];
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
