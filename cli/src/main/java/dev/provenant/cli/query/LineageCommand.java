package dev.provenant.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.Output;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant lineage <node> [--upstream|--downstream|--both] [--depth N] [--as-of T] [--limit N] [--json]}
 *
 * <p>Prints the nodes (nearest first, with their distance in hops) and the typed edges of a
 * bounded breadth-first traversal. Example: {@code provenant lineage model:churn@7 --depth 5}.
 */
@Command(
        name = "lineage",
        mixinStandardHelpOptions = true,
        description =
                "Show the lineage graph of a node (sha256:<hex>, run:<id>, dataset:<name>@<v>, model:<name>@<v>).")
public class LineageCommand extends ClientCommand {

    static final String DOCUMENT =
            "query($node: ID!, $direction: Direction, $depth: Int, $asOf: DateTime, $limit: Int) {"
                    + " lineage(node: $node, direction: $direction, depth: $depth, asOf: $asOf, limit: $limit) {"
                    + " root truncated nodes { id kind label distance attributes { key value } recordedAt }"
                    + " edges { from to type recordedAt } } }";

    @Parameters(index = "0", paramLabel = "<node>", description = "typed node id")
    String node;

    static class Dir {
        @Option(names = "--upstream", description = "where it came from (default)")
        boolean upstream;

        @Option(names = "--downstream", description = "what came from it")
        boolean downstream;

        @Option(names = "--both", description = "both ways")
        boolean both;
    }

    @ArgGroup(exclusive = true)
    Dir dir;

    @Option(names = "--depth", defaultValue = "3", description = "hops, 0-100 (default ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--limit", defaultValue = "500", description = "max nodes, 1-10000 (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--as-of", paramLabel = "T", description = "ISO-8601 instant, e.g. 2026-01-05T10:00:00Z")
    String asOf;

    @Option(names = "--json", description = "one JSON document on stdout")
    boolean json;

    @Override
    protected int run(ProvenantClient client) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("node", node);
        vars.put("direction", dir == null || dir.upstream ? "UPSTREAM" : dir.downstream ? "DOWNSTREAM" : "BOTH");
        vars.put("depth", depth);
        vars.put("limit", limit);
        vars.put("asOf", asOf);
        JsonNode g = client.query(DOCUMENT, vars).path("lineage");
        if (json) {
            Output.json(System.out, g);
            return 0;
        }
        if (g.path("nodes").isEmpty()) {
            System.out.println(node + ": no such node" + (asOf == null ? "" : " as of " + asOf));
            return 0;
        }
        System.out.println("lineage of " + g.path("root").asText() + " ("
                + vars.get("direction").toString().toLowerCase() + ", depth " + depth
                + (asOf == null ? "" : ", as of " + asOf) + ")");
        System.out.println("nodes:");
        for (JsonNode n : g.path("nodes")) {
            String label =
                    n.path("label").isNull() ? "" : "  " + n.path("label").asText();
            System.out.printf(
                    "  %2d  %-15s %s%s%n",
                    n.path("distance").asInt(),
                    n.path("kind").asText(),
                    n.path("id").asText(),
                    label);
        }
        System.out.println("edges:");
        for (JsonNode e : g.path("edges")) {
            System.out.printf(
                    "  %s -[%s]-> %s%n",
                    e.path("from").asText(),
                    e.path("type").asText(),
                    e.path("to").asText());
        }
        if (g.path("truncated").asBoolean()) {
            System.out.println("(truncated at " + limit + " nodes; raise --limit to see more)");
        }
        return 0;
    }
}
