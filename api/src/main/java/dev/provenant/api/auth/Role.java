package dev.provenant.api.auth;

/** What a token may do: readers query, recorders also write, admins also administer. */
public enum Role {
    READER,
    RECORDER,
    ADMIN;

    public boolean mayWrite() {
        return this != READER;
    }
}
