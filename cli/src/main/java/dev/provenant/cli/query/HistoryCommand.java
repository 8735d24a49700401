package dev.provenant.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.cli.client.Args;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.Output;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant history <node> [--as-of T] [--json]}: every event about a node, oldest first,
 * with who and when, straight from the event store. Example: {@code provenant history model:churn@7}.
 *
 * <p>With {@code --json}, each event's payload is a JSON object (as stored), not a string. Exit 1
 * when no event names the node (as of {@code --as-of}); 2 for a malformed node id or time.
 */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = {
            "Every event about a node, oldest first, with who and when.",
            "Exit 1 when nothing was recorded about the node; 2 for a malformed node id or time."
        })
public class HistoryCommand extends ClientCommand {

    static final String DOCUMENT = GraphQlDocuments.load("history");

    @Parameters(index = "0", paramLabel = "<node>", description = "typed node id")
    String node;

    @Option(
            names = "--as-of",
            paramLabel = "T",
            converter = Args.AsOf.class,
            description = "ISO-8601 instant: only events recorded by then")
    String asOf;

    @Option(names = "--json", description = "one JSON document on stdout (payloads as JSON objects)")
    boolean json;

    /** The undeclared reads and writes of a traced run, one line each, under its event. */
    private static void summarizeExecution(JsonNode payload) {
        JsonNode p = payload;
        if (p.isTextual()) {
            try {
                p = ProvenantClient.JSON.readTree(p.asText());
            } catch (java.io.IOException e) {
                return;
            }
        }
        for (JsonNode r : p.path("undeclaredReads")) {
            System.out.println("        undeclared read: " + r.path("path").asText() + " ("
                    + r.path("digest").asText() + (r.path("stored").asBoolean() ? "" : ", digest only") + ")");
        }
        for (JsonNode w : p.path("undeclaredWrites")) {
            System.out.println("        undeclared write: " + w.asText());
        }
    }

    @Override
    protected void validate() {
        node = checkNode(node);
    }

    @Override
    protected int run(ProvenantClient client) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("node", node);
        vars.put("asOf", asOf);
        JsonNode h = client.query(DOCUMENT, vars).path("history");
        if (h.path("events").isEmpty()) {
            throw new CliException(1, Args.notFound(node, asOf));
        }
        if (json) {
            Output.json(System.out, withPayloadObjects(h));
            return 0;
        }
        for (JsonNode e : h.path("events")) {
            System.out.printf(
                    "#%-6d %s  %-10s %-32s %s%n",
                    e.path("position").asLong(),
                    e.path("timestamp").asText(),
                    e.path("principal").asText("?"),
                    e.path("eventType").asText().replaceAll(".*\\.", ""),
                    e.path("aggregateId").asText());
            if (e.path("eventType").asText().endsWith("RunExecutionObservedEvent")) {
                summarizeExecution(e.path("payload"));
            }
        }
        if (h.path("truncated").asBoolean()) {
            System.out.println("(truncated)");
        }
        return 0;
    }

    /** The API gives each payload as the stored JSON text; a {@code --json} reader wants it nested. */
    public static JsonNode withPayloadObjects(JsonNode history) {
        JsonNode copy = history.deepCopy();
        for (JsonNode e : copy.path("events")) {
            JsonNode payload = e.path("payload");
            if (payload.isTextual()) {
                try {
                    ((ObjectNode) e).set("payload", ProvenantClient.JSON.readTree(payload.asText()));
                } catch (IOException ex) {
                    // not JSON (should not happen): keep the text as it is
                }
            }
        }
        return copy;
    }
}
