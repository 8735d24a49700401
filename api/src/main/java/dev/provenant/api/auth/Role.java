package dev.provenant.api.auth;

import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a token may do: readers query, recorders also write, admins also administer (server-side
 * replay, and whatever a later admin operation needs). Each role holds the authorities of the roles
 * below it, so {@code hasRole('RECORDER')} admits admins too.
 */
public enum Role {
    READER,
    RECORDER,
    ADMIN;

    public boolean mayWrite() {
        return this != READER;
    }

    /** {@code ROLE_READER}, plus {@code ROLE_RECORDER} for recorders and admins, plus {@code ROLE_ADMIN}. */
    public List<GrantedAuthority> authorities() {
        return java.util.Arrays.stream(values())
                .filter(r -> r.ordinal() <= ordinal())
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
    }
}
