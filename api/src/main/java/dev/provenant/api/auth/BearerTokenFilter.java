package dev.provenant.api.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <token>} on the API ({@code /graphql}, {@code /api/**}).
 * The GraphiQL page, the web UI's static files and the health endpoint stay open. The principal
 * is kept as a request attribute for the GraphQL layer.
 */
@Component
public class BearerTokenFilter extends OncePerRequestFilter {

    public static final String PRINCIPAL_ATTRIBUTE = "provenant.principal";

    private final TokenRegistry tokens;

    public BearerTokenFilter(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/graphql") || path.startsWith("/graphql/") || path.startsWith("/api/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<String> principal = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            principal = tokens.principalFor(header.substring(7).trim());
        }
        if (principal.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"provenant\"");
            response.setContentType("application/json");
            String why = header == null ? "missing Authorization header" : "unknown or malformed bearer token";
            response.getWriter()
                    .write("{\"error\":\"unauthorized\",\"message\":\"" + why
                            + ": send 'Authorization: Bearer <token>' (the local admin token is in"
                            + " PROVENANT_HOME/admin.token)\"}");
            return;
        }
        request.setAttribute(PRINCIPAL_ATTRIBUTE, principal.get());
        chain.doFilter(request, response);
    }
}
