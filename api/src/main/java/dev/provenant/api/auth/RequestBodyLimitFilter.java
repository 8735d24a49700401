package dev.provenant.api.auth;

import dev.provenant.api.config.ApiProperties;
import dev.provenant.api.config.ArtifactsProperties;
import dev.provenant.api.config.OpenLineageProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body (413 naming the limit), whatever path spelling or content type it
 * came with. The OpenLineage endpoints take larger bodies and bound them themselves ({@code
 * provenant.openlineage.max-bytes}), and so do artifact uploads ({@code PUT /api/artifacts/...}, {@code
 * provenant.artifacts.max-upload-bytes}, streamed, never held in memory); every other route, GraphQL included, is limited to {@code
 * provenant.api.max-graphql-request-bytes} (1 MiB). A declared {@code Content-Length} over the limit
 * is refused before anything is read; a chunked body is read up to the limit and refused past it.
 */
@Component
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final long maxOpenLineageBytes;
    private final long maxArtifactBytes;

    public RequestBodyLimitFilter(ApiProperties api, OpenLineageProperties openLineage, ArtifactsProperties artifacts) {
        this.maxBytes = api.maxGraphqlRequestBytes();
        this.maxOpenLineageBytes = openLineage.maxBytes();
        this.maxArtifactBytes = artifacts.maxUploadBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean openLineage = isOpenLineage(request);
        boolean artifact = !openLineage && isArtifact(request);
        long limit = openLineage ? maxOpenLineageBytes : artifact ? maxArtifactBytes : maxBytes;
        String setting = openLineage
                ? "provenant.openlineage.max-bytes"
                : artifact ? "provenant.artifacts.max-upload-bytes" : "provenant.api.max-graphql-request-bytes";
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(response, limit, setting);
            return;
        }
        if (openLineage || artifact || !hasBody(request, declared)) {
            // the OpenLineage and artifact controllers read their bodies (streamed) bounded by the same limit
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            tooLarge(response, limit, setting);
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private static boolean hasBody(HttpServletRequest request, long declared) {
        return declared > 0 || (declared < 0 && request.getHeader("Transfer-Encoding") != null);
    }

    private static boolean isOpenLineage(HttpServletRequest request) {
        // the firewall has already refused path spellings that could route elsewhere
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/api/v1/lineage") || path.startsWith("/api/v1/lineage/");
    }

    private static boolean isArtifact(HttpServletRequest request) {
        return dev.provenant.api.artifacts.ArtifactHttpController.isArtifactPath(
                request.getRequestURI().substring(request.getContextPath().length()));
    }

    private static void tooLarge(HttpServletResponse response, long limit, String setting) throws IOException {
        response.setHeader("Connection", "close");
        SecurityConfig.write(
                response,
                HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                "payload_too_large",
                "request body exceeds " + limit + " bytes (" + setting + ")",
                false);
    }

    /** The request with its body already read into memory. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous body only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String enc = getCharacterEncoding();
            Charset cs = StandardCharsets.UTF_8;
            try {
                if (enc != null && Charset.isSupported(enc)) {
                    cs = Charset.forName(enc);
                }
            } catch (IllegalArgumentException e) {
                // an illegal charset name: read as UTF-8, GraphQL reports what it cannot parse
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), cs));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
