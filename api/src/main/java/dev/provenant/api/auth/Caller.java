package dev.provenant.api.auth;

/** An authenticated caller: who, and with which role. */
public record Caller(String principal, Role role) {}
