package dev.provenant.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what, decided by Spring Security rather than by reading request bodies.
 *
 * <ul>
 *   <li>Every request first passes Spring Security's {@code StrictHttpFirewall}: path spellings that
 *       could route differently from how they match ({@code ;} parameters, encoded slashes or dots,
 *       {@code //}, {@code ../}, backslashes, control characters) are refused with 400 before any
 *       rule is looked at.
 *   <li>Opaque bearer tokens ({@code Authorization: Bearer <token>}) are resolved by the {@link
 *       TokenRegistry}; an unknown token is 401 wherever it is sent.
 *   <li>Deny by default: only the web page, GraphiQL's page, health and info are open; every other
 *       path needs an authenticated caller. Posting OpenLineage events and storing artifacts over HTTP
 *       ({@code PUT /api/artifacts/**}) need a recorder or admin.
 *       Which GraphQL operation a caller may run is decided after GraphQL has parsed the request,
 *       by {@link GraphQlOperationAuthorization} (mutations need a writer) and by method security on
 *       the controllers ({@code @PreAuthorize}).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity
public class SecurityConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Paths anyone may GET: the web page and its one file, GraphiQL's page, the schema, health and info. */
    static final String[] PUBLIC_PATHS = {
        "/",
        "/index.html",
        "/favicon.ico",
        "/favicon.svg",
        // the web app's code and styles, and the libraries it and GraphiQL use (served from the jar,
        // no CDN): public like the page itself; every piece of data they show needs a token
        "/ui/**",
        "/vendor/**",
        "/webjars/**",
        "/graphiql",
        "/graphiql.html",
        // the schema (SDL) is public: it describes the API, not its data (docs/schema.graphqls)
        "/graphql/schema",
        // the REST endpoints' OpenAPI document (docs/openapi.yaml is the same file)
        "/openapi.yaml",
        "/error",
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/info"
    };

    @Bean
    AuthenticationManager authenticationManager(TokenRegistry tokens) {
        ProviderManager manager = new ProviderManager(new BearerTokenAuthenticationProvider(tokens));
        manager.setEraseCredentialsAfterAuthentication(true);
        return manager;
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        AuthenticationFilter bearer = new AuthenticationFilter(authenticationManager, new BearerTokenConverter());
        bearer.setSuccessHandler((request, response, authentication) -> {
            // continue the chain; keep the caller where non-Security code (GraphQL interceptor) can read it
            request.setAttribute(CALLER_ATTRIBUTE, ((CallerAuthentication) authentication).caller());
        });
        bearer.setFailureHandler((request, response, e) ->
                write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", e.getMessage(), true));
        http.csrf(c -> c.disable())
                .cors(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterAt(bearer, BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.GET, PUBLIC_PATHS)
                        .permitAll()
                        .requestMatchers(HttpMethod.HEAD, PUBLIC_PATHS)
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers("/api/v1/lineage", "/api/v1/lineage/**")
                        .hasRole(Role.RECORDER.name())
                        // storing artifact bytes writes; reading them (GET, HEAD) is for every caller
                        .requestMatchers(HttpMethod.PUT, dev.provenant.api.artifacts.ArtifactHttpController.PATHS)
                        .hasRole(Role.RECORDER.name())
                        .anyRequest()
                        .authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> write(
                                response,
                                HttpServletResponse.SC_UNAUTHORIZED,
                                "unauthorized",
                                "missing Authorization header: send 'Authorization: Bearer <token>' (the local admin"
                                        + " token is in PROVENANT_HOME/admin.token)",
                                true))
                        .accessDeniedHandler((request, response, ex) -> write(
                                response,
                                HttpServletResponse.SC_FORBIDDEN,
                                "forbidden",
                                forbidden(
                                        org.springframework.security.core.context.SecurityContextHolder.getContext()
                                                .getAuthentication(),
                                        "this endpoint"),
                                false)));
        return http.build();
    }

    /** The request attribute that holds the authenticated {@link Caller}. */
    public static final String CALLER_ATTRIBUTE = "provenant.caller";

    /** A refusal naming the caller and its role. */
    static String forbidden(Authentication authentication, String what) {
        if (authentication instanceof CallerAuthentication c && c.caller() != null) {
            return "principal '" + c.caller().principal() + "' has role "
                    + c.caller().role() + ", which may not use " + what;
        }
        return "not allowed: " + what;
    }

    /** Firewall refusals (odd path spellings) as 400 with the reason, not an HTML error page. */
    @Bean
    WebSecurityCustomizer firewallRefusals() {
        RequestRejectedHandler handler = (request, response, e) -> write(
                response,
                HttpServletResponse.SC_BAD_REQUEST,
                "request_rejected",
                e.getMessage()
                        + "; use the plain path (e.g. /graphql) without ';', encoded '/', '.' or '%', '//' or '..'",
                false);
        return web -> web.requestRejectedHandler(handler);
    }

    @Bean
    FilterRegistrationBean<HostAllowListFilter> hostAllowList(HostAllowListFilter filter) {
        FilterRegistrationBean<HostAllowListFilter> reg = new FilterRegistrationBean<>(filter);
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return reg;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(RequestBodyLimitFilter filter) {
        FilterRegistrationBean<RequestBodyLimitFilter> reg = new FilterRegistrationBean<>(filter);
        // after Spring Security (-100): an unauthenticated body is refused before it is read
        reg.setOrder(-90);
        return reg;
    }

    /** Writes a JSON error ({@code {"error": ..., "message": ...}}) unless the response is committed. */
    public static void writeError(HttpServletResponse response, int status, String error, String message)
            throws IOException {
        write(response, status, error, message, false);
    }

    static void write(HttpServletResponse response, int status, String error, String message, boolean challenge)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        if (challenge) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"provenant\"");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
