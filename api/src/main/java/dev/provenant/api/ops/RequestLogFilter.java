package dev.provenant.api.ops;

import dev.provenant.api.auth.Caller;
import dev.provenant.api.auth.SecurityConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The request log (logger {@code provenant.requests}, INFO): one line per request with who, what,
 * the outcome and the time, never a body, a query string or a token. For GraphQL, "what" is the
 * operation type and the schema fields it asked for, filled in by {@link GraphQlOperationMetrics}.
 * Runs before Spring Security, so refused requests (401, 400, 421) are logged too.
 *
 * <p>{@code request principal=alice method=POST path=/graphql operation="mutation startRun" status=200 ms=14}
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestLogFilter extends OncePerRequestFilter {

    /** Request attribute holding the {@link Entry} of the request being served. */
    public static final String ATTRIBUTE = "provenant.requestLog";

    private static final Logger log = LoggerFactory.getLogger("provenant.requests");

    /** What is known of a request as it is served. */
    public static final class Entry {
        final long startNanos = System.nanoTime();
        volatile String operation;

        /** Names what a GraphQL request ran, e.g. {@code query runs,lineage}. */
        public void operation(String operation) {
            this.operation = operation;
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false; // GraphQL answers asynchronously: log when the answer is complete
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Entry entry = request.getAttribute(ATTRIBUTE) instanceof Entry e ? e : new Entry();
        request.setAttribute(ATTRIBUTE, entry);
        try {
            chain.doFilter(request, response);
        } finally {
            if (!request.isAsyncStarted() && log.isInfoEnabled()) {
                log.info(line(request, response.getStatus(), entry));
            }
        }
    }

    static String line(HttpServletRequest request, int status, Entry entry) {
        String principal =
                request.getAttribute(SecurityConfig.CALLER_ATTRIBUTE) instanceof Caller c ? c.principal() : "-";
        StringBuilder b = new StringBuilder("request principal=")
                .append(principal)
                .append(" method=")
                .append(request.getMethod())
                .append(" path=")
                .append(safe(request.getRequestURI()));
        if (entry.operation != null) {
            b.append(" operation=\"").append(entry.operation).append('"');
        }
        return b.append(" status=")
                .append(status)
                .append(" ms=")
                .append((System.nanoTime() - entry.startNanos) / 1_000_000)
                .toString();
    }

    /** A path as logged: at most 200 characters, control characters and quotes shown as '?'. */
    static String safe(String path) {
        if (path == null) {
            return "-";
        }
        String cut = path.length() > 200 ? path.substring(0, 200) + "…" : path;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7f || c == '"' ? '?' : c));
        return b.toString();
    }
}
