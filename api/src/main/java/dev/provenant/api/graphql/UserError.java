package dev.provenant.api.graphql;

import dev.provenant.messages.common.ErrorCode;

/** An expected failure of a mutation, returned as data. */
public record UserError(ErrorCode code, String message, String field) {}
