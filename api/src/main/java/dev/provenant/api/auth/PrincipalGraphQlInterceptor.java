package dev.provenant.api.auth;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Puts the caller that Spring Security authenticated into the GraphQL context: {@code principal}
 * (its name) and {@code caller}. The token is not looked at again here: the caller comes from the
 * request attribute the authentication filter set, so there is one decision about who is calling.
 */
@Component
public class PrincipalGraphQlInterceptor implements WebGraphQlInterceptor {

    public static final String CONTEXT_KEY = "principal";
    public static final String CALLER_KEY = "caller";

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (request.getAttributes().get(SecurityConfig.CALLER_ATTRIBUTE) instanceof Caller caller) {
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(ctx -> {
                        ctx.put(CONTEXT_KEY, caller.principal());
                        ctx.put(CALLER_KEY, caller);
                    })
                    .build());
        }
        if (request.getAttributes().get(dev.provenant.api.ops.RequestLogFilter.ATTRIBUTE)
                instanceof dev.provenant.api.ops.RequestLogFilter.Entry entry) {
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(
                            ctx -> ctx.put(dev.provenant.api.ops.GraphQlOperationMetrics.LOG_ENTRY_KEY, entry))
                    .build());
        }
        return chain.next(request);
    }
}
