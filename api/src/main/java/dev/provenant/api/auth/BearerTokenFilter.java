package dev.provenant.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
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
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the API ({@code /graphql}, {@code /api/**}): a known bearer token (401 otherwise), a
 * bounded body (413), and a role that may write for mutations and for POSTs to {@code /api/**}
 * (403). GraphiQL's page, static files and health stay open. The caller is kept as a request
 * attribute.
 */
@Component
public class BearerTokenFilter extends OncePerRequestFilter {

    public static final String CALLER_ATTRIBUTE = "provenant.caller";

    private final TokenRegistry tokens;
    private final long maxGraphQlBytes;
    private final ObjectMapper json = new ObjectMapper();

    public BearerTokenFilter(
            TokenRegistry tokens, @Value("${provenant.api.max-graphql-request-bytes:1048576}") long maxGraphQlBytes) {
        this.tokens = tokens;
        this.maxGraphQlBytes = maxGraphQlBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !(path.equals("/graphql") || path.startsWith("/graphql/") || path.startsWith("/api/"));
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<Caller> caller = tokens.callerForHeader(header);
        if (caller.isEmpty()) {
            String why = header == null ? "missing Authorization header" : "unknown or malformed bearer token";
            reject(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "unauthorized",
                    why + ": send 'Authorization: Bearer <token>' (the local admin token is in"
                            + " PROVENANT_HOME/admin.token)");
            response.setHeader("WWW-Authenticate", "Bearer realm=\"provenant\"");
            return;
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller.get());
        boolean isPost = "POST".equalsIgnoreCase(request.getMethod());
        if (isPost && path(request).startsWith("/api/") && !caller.get().role().mayWrite()) {
            reject(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", forbidden(caller.get()));
            return;
        }
        if (isPost && path(request).startsWith("/graphql")) {
            byte[] body = readBounded(request.getInputStream(), maxGraphQlBytes);
            if (body == null) {
                reject(
                        response,
                        HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                        "payload_too_large",
                        "GraphQL request body exceeds " + maxGraphQlBytes + " bytes"
                                + " (provenant.api.max-graphql-request-bytes)");
                return;
            }
            if (!caller.get().role().mayWrite() && isMutation(body)) {
                reject(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", forbidden(caller.get()));
                return;
            }
            chain.doFilter(new CachedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static String forbidden(Caller caller) {
        return "principal '" + caller.principal() + "' has role " + caller.role()
                + ", which may not write; use a recorder or admin token";
    }

    /** Whether the request's selected operation is a mutation; malformed input is left to GraphQL. */
    private boolean isMutation(byte[] body) {
        try {
            JsonNode root;
            try {
                root = json.readTree(body);
            } catch (java.io.IOException e) {
                return false;
            }
            String query = root.path("query").asText(null);
            if (query == null) {
                return false;
            }
            String operationName = root.path("operationName").isTextual()
                    ? root.path("operationName").asText()
                    : null;
            Document doc = Parser.parse(query);
            List<OperationDefinition> ops = doc.getDefinitionsOfType(OperationDefinition.class);
            return ops.stream()
                    .filter(op -> operationName == null || operationName.equals(op.getName()))
                    .anyMatch(op -> op.getOperation() == OperationDefinition.Operation.MUTATION);
        } catch (RuntimeException e) {
            // cannot tell: refuse writes conservatively only if the text mentions mutation
            return new String(body, StandardCharsets.UTF_8).contains("mutation");
        }
    }

    private static byte[] readBounded(InputStream in, long max) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return data.length > max ? null : data;
    }

    private static void reject(HttpServletResponse response, int status, String error, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + escaped + "\"}");
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
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
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
