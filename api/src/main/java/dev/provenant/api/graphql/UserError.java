package dev.provenant.api.graphql;

import dev.provenant.messages.common.ErrorCode;
import dev.provenant.messages.common.InvalidTextException;

/** An expected failure of a mutation, returned as data. */
public record UserError(ErrorCode code, String message, String field) {

    /** The field a validation failure names, if it names one. */
    static String fieldOf(IllegalArgumentException e) {
        return e instanceof InvalidTextException t ? t.field() : null;
    }
}
