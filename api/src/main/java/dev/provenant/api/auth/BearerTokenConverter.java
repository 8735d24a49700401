package dev.provenant.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <token>}. No header: no authentication (the request goes on
 * anonymously and is refused wherever a role is required). A header that is not exactly one bearer
 * token: refused, so a client never thinks it is authenticated when it is not.
 */
final class BearerTokenConverter implements AuthenticationConverter {

    private static final int MAX_TOKEN_CHARS = 512;

    @Override
    public Authentication convert(HttpServletRequest request) {
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.isEmpty()) {
            return null;
        }
        if (headers.size() > 1) {
            throw new BadCredentialsException("more than one Authorization header");
        }
        String header = headers.get(0);
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new BadCredentialsException(
                    "Authorization header is not a bearer token: send 'Authorization: Bearer <token>'");
        }
        String token = header.substring(7).trim();
        if (token.isEmpty()
                || token.length() > MAX_TOKEN_CHARS
                || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new BadCredentialsException("malformed bearer token");
        }
        return CallerAuthentication.unresolved(token);
    }
}
