package dev.provenant.cli.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.cli.ExitCodes;
import dev.provenant.cli.client.Output;
import dev.provenant.cli.client.ServerLocator;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.net.URI;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code provenant server status [--json]}: whether a server runs for this {@code PROVENANT_HOME}
 * (or answers at {@code PROVENANT_URL}), with its pid, port, URL, version and health. Exit 0 if one
 * runs, 1 if not. Never starts a server.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Is a server running for this PROVENANT_HOME (or at PROVENANT_URL)? Its pid, port, URL, version and"
                    + " health. Never starts one.",
            "Exit 0 if one is running, 1 if not."
        })
public class ServerStatusCommand implements Callable<Integer> {

    @Option(names = "--json", description = "one JSON document on stdout")
    boolean json;

    @Override
    public Integer call() {
        ServerLocator locator = ServerLocator.fromEnvironment();
        LocalServer local = new LocalServer(locator.home());
        String remote = locator.env().get("PROVENANT_URL");
        boolean isRemote = remote != null && !remote.isBlank();
        OptionalLong pid = isRemote ? OptionalLong.empty() : local.holder();
        String url = isRemote ? remote.replaceAll("/+$", "") : (pid.isPresent() ? local.url() : null);
        String health = LocalServer.health(url);
        boolean running = isRemote ? health != null : pid.isPresent();
        String version = running && health != null ? version(locator, local, url) : null;

        ObjectNode doc = ProvenantClient.JSON.createObjectNode();
        doc.put("running", running);
        doc.put("home", local.home().toString());
        if (pid.isPresent() && pid.getAsLong() > 0) {
            doc.put("pid", pid.getAsLong());
        } else {
            doc.putNull("pid");
        }
        doc.put("url", url);
        Integer port = port(url);
        if (port == null) {
            doc.putNull("port");
        } else {
            doc.put("port", port);
        }
        doc.put("version", version);
        doc.put("health", running ? (health == null ? "NOT ANSWERING" : health) : null);
        doc.put("remote", isRemote);
        if (json) {
            Output.json(System.out, doc);
        } else if (running) {
            System.out.println("server running" + (isRemote ? " at PROVENANT_URL" : " for " + local.home()));
            print(
                    "pid",
                    doc.path("pid").isNull()
                            ? (isRemote ? "(remote)" : "?")
                            : doc.path("pid").asText());
            print("url", url == null ? "(not written yet: starting)" : url);
            print("port", port == null ? "?" : port.toString());
            print("version", version == null ? "?" : version);
            print("health", doc.path("health").asText());
        } else {
            System.out.println(
                    isRemote
                            ? "no server answers at PROVENANT_URL=" + remote
                            : "no server running for PROVENANT_HOME=" + local.home()
                                    + " (client commands start one in the background; `provenant server` starts one in"
                                    + " the foreground)");
        }
        return running ? ExitCodes.OK : ExitCodes.ERROR;
    }

    private static void print(String label, String value) {
        System.out.printf("  %-8s %s%n", label, value);
    }

    private static Integer port(String url) {
        if (url == null) {
            return null;
        }
        try {
            int p = URI.create(url).getPort();
            return p < 0 ? null : p;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String version(ServerLocator locator, LocalServer local, String url) {
        String token = locator.env().get("PROVENANT_TOKEN");
        if (token == null || token.isBlank()) {
            token = local.adminToken();
        }
        if (token == null || url == null) {
            return null;
        }
        try {
            return new ProvenantClient(url, token)
                    .query(GraphQlDocuments.load("server-status"), Map.of())
                    .path("serverInfo")
                    .path("version")
                    .asText(null);
        } catch (CliException e) {
            return null;
        }
    }
}
