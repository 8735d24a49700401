package dev.provenant.api.auth;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Puts the authenticated principal into the GraphQL context as {@code principal}. */
@Component
public class PrincipalGraphQlInterceptor implements WebGraphQlInterceptor {

    public static final String CONTEXT_KEY = "principal";

    private final TokenRegistry tokens;

    public PrincipalGraphQlInterceptor(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        // The servlet filter has already rejected requests without a valid token; resolve again
        // from the header so this works for any transport that reaches here.
        String header = request.getHeaders().getFirst("Authorization");
        String principal = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.principalFor(header.substring(7).trim()).orElse(null)
                : null;
        if (principal != null) {
            request.configureExecutionInput(
                    (input, builder) -> builder.graphQLContext(ctx -> ctx.put(CONTEXT_KEY, principal))
                            .build());
        }
        return chain.next(request);
    }
}
