package dev.provenant.api.auth;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A bearer token before and after it is resolved. Before: {@link #unresolved(String)} carries the
 * presented token. After: {@link #of(Caller)} carries the caller and its role's authorities, and no
 * credentials (the token is not kept once resolved).
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;
    private final String token;

    private CallerAuthentication(Caller caller, String token) {
        super(caller == null ? java.util.List.of() : caller.role().authorities());
        this.caller = caller;
        this.token = token;
        setAuthenticated(caller != null);
    }

    static CallerAuthentication unresolved(String token) {
        return new CallerAuthentication(null, token);
    }

    static CallerAuthentication of(Caller caller) {
        return new CallerAuthentication(caller, null);
    }

    String token() {
        return token;
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller == null ? "" : caller.principal();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallerAuthentication other
                && java.util.Objects.equals(caller, other.caller)
                && java.util.Objects.equals(token, other.token);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(caller, token);
    }
}
