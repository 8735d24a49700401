package dev.provenant.api.auth;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Puts the authenticated caller into the GraphQL context: {@code principal} and {@code caller}. */
@Component
public class PrincipalGraphQlInterceptor implements WebGraphQlInterceptor {

    public static final String CONTEXT_KEY = "principal";
    public static final String CALLER_KEY = "caller";

    private final TokenRegistry tokens;

    public PrincipalGraphQlInterceptor(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        // The servlet filter has already rejected requests without a valid token; resolve again
        // from the header so this works for any transport that reaches here.
        tokens.callerForHeader(request.getHeaders().getFirst("Authorization"))
                .ifPresent(caller -> request.configureExecutionInput((input, builder) -> builder.graphQLContext(ctx -> {
                            ctx.put(CONTEXT_KEY, caller.principal());
                            ctx.put(CALLER_KEY, caller);
                        })
                        .build()));
        return chain.next(request);
    }
}
