package dev.provenant.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.Output;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant diff <run-a> <run-b> [--json]}: what differs in code, environment, inputs,
 * parameters, outputs, metrics and command. Exit 0 whether or not they differ; 1 if a run is unknown.
 */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = "What differs between two runs: code, environment, inputs, parameters, outputs, metrics.")
public class DiffCommand extends ClientCommand {

    static final String DOCUMENT = "query($a: ID!, $b: ID!) { diffRuns(a: $a, b: $b) { runA runB identical"
            + " code { key a b } environment { key a b } inputs { key a b } parameters { key a b }"
            + " outputs { key a b } metrics { key a b } command { key a b } } }";

    @Parameters(index = "0", paramLabel = "<run-a>")
    String a;

    @Parameters(index = "1", paramLabel = "<run-b>")
    String b;

    @Option(names = "--json", description = "one JSON document on stdout")
    boolean json;

    @Override
    protected int run(ProvenantClient client) {
        JsonNode d = client.query(DOCUMENT, Map.of("a", a, "b", b)).path("diffRuns");
        if (d.isNull() || d.isMissingNode()) {
            throw new CliException(1, "run '" + a + "' or '" + b + "' not found");
        }
        if (json) {
            Output.json(System.out, d);
            return 0;
        }
        System.out.println(
                "diff " + d.path("runA").asText() + " → " + d.path("runB").asText());
        if (d.path("identical").asBoolean()) {
            System.out.println("  identical (code, environment, inputs, parameters, outputs, metrics, command)");
            return 0;
        }
        for (String section :
                new String[] {"code", "environment", "inputs", "parameters", "outputs", "metrics", "command"}) {
            JsonNode changes = d.path(section);
            if (changes.isEmpty()) {
                continue;
            }
            System.out.println("  " + section + ":");
            for (JsonNode c : changes) {
                System.out.printf(
                        "    %-24s %s  →  %s%n", c.path("key").asText(), show(c.path("a")), show(c.path("b")));
            }
        }
        return 0;
    }

    private static String show(JsonNode v) {
        return v.isNull() || v.isMissingNode() ? "(absent)" : v.asText();
    }
}
