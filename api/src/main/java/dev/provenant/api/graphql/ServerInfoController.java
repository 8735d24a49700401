package dev.provenant.api.graphql;

import dev.provenant.api.auth.Caller;
import dev.provenant.api.auth.PrincipalGraphQlInterceptor;
import dev.provenant.api.replay.ServerReplayPolicy;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** {@code serverInfo}. */
@Controller
public class ServerInfoController {

    /** Version and caller. */
    public record ServerInfo(String version, String principal, String role, ServerReplay serverReplay) {}

    /** Whether this server replays runs, from which role, and whether the caller may ask. */
    public record ServerReplay(boolean enabled, String role, boolean allowed, String reason) {}

    private final ServerReplayPolicy replay;

    public ServerInfoController(ServerReplayPolicy replay) {
        this.replay = replay;
    }

    @QueryMapping
    public ServerInfo serverInfo(@ContextValue(PrincipalGraphQlInterceptor.CALLER_KEY) Caller caller) {
        String v = ServerInfoController.class.getPackage().getImplementationVersion();
        return new ServerInfo(
                v == null ? "dev" : v, caller.principal(), caller.role().name(), serverReplay(caller));
    }

    private ServerReplay serverReplay(Caller caller) {
        String reason = null;
        boolean enabled = replay.enabled();
        try {
            replay.requireEnabled();
        } catch (ServerReplayPolicy.Refused refused) {
            enabled = false;
            reason = refused.getMessage();
        }
        boolean roleOk = caller.role().ordinal() >= replay.role().ordinal();
        if (enabled && !roleOk) {
            reason = "server-side replay is for the role " + replay.role().name() + " and above; you are "
                    + caller.role().name();
        }
        return new ServerReplay(enabled, replay.role().name(), enabled && roleOk, reason);
    }
}
