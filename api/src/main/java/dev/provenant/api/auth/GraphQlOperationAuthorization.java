package dev.provenant.api.auth;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
import java.util.List;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * Deny by default for writes: once GraphQL has parsed and validated a request and chosen the
 * operation it will run, a mutation (or subscription) runs only for a caller whose role may write,
 * and nothing runs without a caller. This sees the operation GraphQL actually executes, so no
 * spelling of the body (charset, operation names, comments, batching) can make a mutation look like
 * a query. Finer rules (server-side replay is for admins) are {@code @PreAuthorize} on the
 * controllers.
 */
@Component
public class GraphQlOperationAuthorization extends SimplePerformantInstrumentation {

    @Override
    public InstrumentationContext<graphql.ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        ExecutionContext ctx = parameters.getExecutionContext();
        Caller caller = ctx.getGraphQLContext().get(PrincipalGraphQlInterceptor.CALLER_KEY);
        OperationDefinition.Operation op = ctx.getOperationDefinition().getOperation();
        if (caller == null) {
            throw abort(ErrorType.UNAUTHORIZED, "no authenticated caller: send 'Authorization: Bearer <token>'");
        }
        if (op != OperationDefinition.Operation.QUERY && !caller.role().mayWrite()) {
            throw abort(
                    ErrorType.FORBIDDEN,
                    "principal '" + caller.principal() + "' has role " + caller.role() + ", which may not run a "
                            + op.name().toLowerCase(java.util.Locale.ROOT) + "; use a recorder or admin token");
        }
        return super.beginExecuteOperation(parameters, state);
    }

    private static AbortExecutionException abort(ErrorType type, String message) {
        GraphQLError error =
                GraphqlErrorBuilder.newError().errorType(type).message(message).build();
        return new AbortExecutionException(List.of(error));
    }
}
