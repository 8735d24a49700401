package dev.provenant.api.graphql;

import dev.provenant.messages.common.InvalidTextException;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * Errors that are not expected domain failures: bad arguments become BAD_REQUEST with their
 * message (and, for text that breaks {@link dev.provenant.messages.common.TextRules}, the argument
 * path as extension {@code field}); anything else is logged and reported as INTERNAL_ERROR
 * without internals.
 */
@Component
public class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

    private static String forbidden(DataFetchingEnvironment env) {
        Object c = env.getGraphQlContext().get(dev.provenant.api.auth.PrincipalGraphQlInterceptor.CALLER_KEY);
        String field = env.getField().getName();
        if (c instanceof dev.provenant.api.auth.Caller caller) {
            return "principal '" + caller.principal() + "' has role " + caller.role() + ", which may not use '" + field
                    + "'"
                    + (field.equals("replayRun") ? " (server-side replay is for admins; see docs/security.md)" : "");
        }
        return "not allowed to use '" + field + "'";
    }

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        if (ex instanceof dev.provenant.api.replay.ServerReplayPolicy.Refused refused) {
            return GraphqlErrorBuilder.newError(env)
                    .errorType(ErrorType.FORBIDDEN)
                    .message(refused.getMessage())
                    .build();
        }
        if (ex instanceof org.springframework.security.access.AccessDeniedException) {
            return GraphqlErrorBuilder.newError(env)
                    .errorType(ErrorType.FORBIDDEN)
                    .message(forbidden(env))
                    .build();
        }
        if (ex instanceof org.springframework.security.core.AuthenticationException) {
            return GraphqlErrorBuilder.newError(env)
                    .errorType(ErrorType.UNAUTHORIZED)
                    .message("not authenticated: send 'Authorization: Bearer <token>'")
                    .build();
        }
        java.util.Optional<String> database = dev.provenant.api.db.DatabaseUnavailable.describe(ex);
        if (database.isPresent()) {
            log.warn("GraphQL {}: {}", env.getField().getName(), database.get());
            return GraphqlErrorBuilder.newError(env)
                    .errorType(dev.provenant.api.db.DatabaseUnavailable.CLASSIFICATION)
                    .message(database.get())
                    .build();
        }
        Throwable cause = ex;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        if (cause instanceof InvalidTextException text) {
            return GraphqlErrorBuilder.newError(env)
                    .errorType(ErrorType.BAD_REQUEST)
                    .message(text.getMessage())
                    .extensions(Map.of("field", text.field()))
                    .build();
        }
        if (cause instanceof IllegalArgumentException) {
            return GraphqlErrorBuilder.newError(env)
                    .errorType(ErrorType.BAD_REQUEST)
                    .message(cause.getMessage())
                    .build();
        }
        log.error("GraphQL {} failed", env.getField().getName(), ex);
        return GraphqlErrorBuilder.newError(env)
                .errorType(ErrorType.INTERNAL_ERROR)
                .message("internal error while resolving '" + env.getField().getName()
                        + "'; the server log has the details")
                .build();
    }
}
