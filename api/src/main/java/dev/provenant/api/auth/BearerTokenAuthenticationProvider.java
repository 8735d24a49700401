package dev.provenant.api.auth;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Resolves an opaque bearer token through the {@link TokenRegistry}; an unknown token is refused. */
public final class BearerTokenAuthenticationProvider implements AuthenticationProvider {

    private final TokenRegistry tokens;

    public BearerTokenAuthenticationProvider(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        CallerAuthentication presented = (CallerAuthentication) authentication;
        return tokens.callerFor(presented.token())
                .map(CallerAuthentication::of)
                .orElseThrow(() -> new BadCredentialsException(
                        "unknown, revoked or malformed bearer token: send 'Authorization: Bearer <token>'"
                                + " (the local admin token is in PROVENANT_HOME/admin.token)"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return CallerAuthentication.class.isAssignableFrom(authentication);
    }
}
