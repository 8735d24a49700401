package dev.provenant.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.client.Args;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.Output;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant lineage <node> [--upstream|--downstream|--both] [--depth N] [--as-of T] [--limit N]
 * [--include-confirmations] [--json]}
 *
 * <p>Prints the nodes (nearest first, with their distance in hops) and the typed edges of a
 * bounded breadth-first traversal, each edge as parent {@code -[relation]->} child, the way data
 * flows ({@code run:a -[replayed as]-> run:b}). An artifact's producer is its origin, the first
 * run that produced it; with {@code --include-confirmations}, later runs that produced the same
 * bytes (cache hits, replays with their verdicts, re-executions) are listed under the artifact
 * they confirm. Example: {@code provenant lineage model:churn@7 --depth 5}.
 *
 * <p>Exit 1 when nothing was recorded about the node (as of {@code --as-of}); 2 for a malformed
 * node id, a depth outside 0-100, a limit outside 1-10000 or a time that is not ISO-8601.
 */
@Command(
        name = "lineage",
        mixinStandardHelpOptions = true,
        description = {
            "Show the lineage graph of a node (sha256:<hex>, run:<id>, dataset:<name>@<v>, model:<name>@<v>).",
            "Edges read parent -[relation]-> child, the way data flows. Each artifact has one origin (the first"
                    + " run that produced it); later runs that produced the same bytes are confirmations, shown"
                    + " only with --include-confirmations."
        })
public class LineageCommand extends ClientCommand {

    static final String DOCUMENT = GraphQlDocuments.load("lineage");

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

    @Option(
            names = "--depth",
            paramLabel = "N",
            defaultValue = "3",
            description = "hops, 0-100 (default ${DEFAULT-VALUE})")
    int depth;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "500",
            description = "max nodes, 1-10000 (default ${DEFAULT-VALUE})")
    int limit;

    @Option(
            names = "--as-of",
            paramLabel = "T",
            converter = Args.AsOf.class,
            description = "ISO-8601 instant, e.g. 2026-01-05T10:00:00Z")
    String asOf;

    @Option(
            names = "--include-confirmations",
            description = "also show runs that produced an artifact's bytes after its origin did"
                    + " (cache hits, replays with their verdicts, re-executions), as confirmations, not ancestors")
    boolean includeConfirmations;

    @Option(names = "--json", description = "one JSON document on stdout")
    boolean json;

    @Override
    protected void validate() {
        node = checkNode(node);
        checkRange("--depth", depth, 0, 100);
        checkRange("--limit", limit, 1, 10_000);
    }

    @Override
    protected int run(ProvenantClient client) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("node", node);
        vars.put("direction", dir == null || dir.upstream ? "UPSTREAM" : dir.downstream ? "DOWNSTREAM" : "BOTH");
        vars.put("depth", depth);
        vars.put("limit", limit);
        vars.put("asOf", asOf);
        vars.put("confirmations", includeConfirmations);
        JsonNode g = client.query(DOCUMENT, vars).path("lineage");
        if (g.path("nodes").isEmpty()) {
            throw new CliException(1, Args.notFound(node, asOf));
        }
        if (json) {
            Output.json(System.out, g);
            return 0;
        }
        System.out.println("lineage of " + g.path("root").asText() + " ("
                + vars.get("direction").toString().toLowerCase() + ", depth " + depth
                + (asOf == null ? "" : ", as of " + asOf)
                + (includeConfirmations ? ", with confirmations" : "") + ")");
        Map<String, String> labels = new HashMap<>();
        System.out.println("nodes:");
        for (JsonNode n : g.path("nodes")) {
            String label =
                    n.path("label").isNull() ? "" : "  " + n.path("label").asText();
            labels.put(n.path("id").asText(), n.path("label").asText(null));
            System.out.printf(
                    "  %2d  %-15s %s%s%n",
                    n.path("distance").asInt(),
                    n.path("kind").asText(),
                    n.path("id").asText(),
                    label);
        }
        System.out.println("edges (parent -[relation]-> child, the way data flows):");
        for (JsonNode e : g.path("edges")) {
            System.out.printf(
                    "  %s -[%s]-> %s%n",
                    e.path("from").asText(), relation(e), e.path("to").asText());
        }
        if (includeConfirmations) {
            confirmations(g.path("confirmations"), labels);
        }
        if (g.path("truncated").asBoolean()) {
            System.out.println("(truncated at " + limit + " nodes; raise --limit to see more)");
        }
        return 0;
    }

    /** The server's reading of the edge ("replayed as"); the type in lower case from an older server. */
    private static String relation(JsonNode e) {
        String label = e.path("label").asText("");
        return label.isEmpty() ? e.path("type").asText().toLowerCase().replace('_', ' ') : label;
    }

    /** Confirmations grouped by the artifact they reproduced, under its origin. */
    private static void confirmations(JsonNode confirmations, Map<String, String> labels) {
        if (confirmations.isEmpty()) {
            System.out.println("confirmations: none");
            return;
        }
        System.out.println("confirmations (later runs that produced the same bytes; not ancestors):");
        Map<String, List<JsonNode>> byArtifact = new LinkedHashMap<>();
        for (JsonNode c : confirmations) {
            byArtifact
                    .computeIfAbsent(c.path("artifact").asText(), k -> new java.util.ArrayList<>())
                    .add(c);
        }
        byArtifact.forEach((artifact, list) -> {
            String label = labels.get(artifact);
            System.out.println("  " + artifact + (label == null ? "" : " (" + label + ")") + ", origin "
                    + list.get(0).path("origin").asText());
            for (JsonNode c : list) {
                String kind = c.path("kind").asText();
                String of = c.path("of").isNull() || c.path("of").isMissingNode()
                        ? ""
                        : " of " + c.path("of").asText();
                String what = switch (kind) {
                    case "CACHE_HIT" -> "cache hit" + of;
                    case "REPLAY" ->
                        "replay" + of + ", verdict "
                                + (c.path("verdict").isNull()
                                        ? "pending"
                                        : c.path("verdict").asText());
                    case "REEXECUTION" -> "re-execution";
                    default -> kind.toLowerCase();
                };
                System.out.println("    " + c.path("run").asText() + "  " + what + "  ("
                        + c.path("recordedAt").asText() + ")");
            }
        });
    }
}
