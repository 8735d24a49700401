package dev.provenant.api.graphql;

import dev.provenant.api.auth.Caller;
import dev.provenant.api.auth.PrincipalGraphQlInterceptor;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** {@code serverInfo}. */
@Controller
public class ServerInfoController {

    /** Version and caller. */
    public record ServerInfo(String version, String principal, String role) {}

    @QueryMapping
    public ServerInfo serverInfo(@ContextValue(PrincipalGraphQlInterceptor.CALLER_KEY) Caller caller) {
        String v = ServerInfoController.class.getPackage().getImplementationVersion();
        return new ServerInfo(
                v == null ? "dev" : v, caller.principal(), caller.role().name());
    }
}
