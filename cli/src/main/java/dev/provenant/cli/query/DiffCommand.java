package dev.provenant.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.ExitCodes;
import dev.provenant.cli.client.Args;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.Output;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant diff <run-a> <run-b> [--json] [--exit-code]}: what differs in code, environment,
 * inputs, parameters, outputs, metrics and command. Exit 0 whether or not they differ, or, with
 * {@code --exit-code} (as {@code git diff --exit-code}), 0 when they do not differ and 3 when they
 * do; 1 if a run is unknown; 2 if an argument is not a run id.
 */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "What differs between two runs: code, environment, inputs, parameters, outputs, metrics, command.",
            "Exit 0 (with --exit-code: 0 identical, 3 different); 1 if a run is unknown; 2 if an argument is not"
                    + " run:<id>."
        })
public class DiffCommand extends ClientCommand {

    static final String DOCUMENT = GraphQlDocuments.load("diff");

    @Parameters(index = "0", paramLabel = "<run-a>")
    String a;

    @Parameters(index = "1", paramLabel = "<run-b>")
    String b;

    @Option(names = "--json", description = "one JSON document on stdout")
    boolean json;

    @Option(
            names = "--exit-code",
            description = "exit 3 when the runs differ, 0 when they do not (as git diff --exit-code)")
    boolean exitCode;

    @Override
    protected void validate() {
        a = checkRun(a);
        b = checkRun(b);
    }

    private String checkRun(String id) {
        String checked = checkNode(id);
        if (!checked.startsWith("run:")) {
            throw usage("'" + id + "' is not a run: diff compares two runs (run:<id>)");
        }
        return checked;
    }

    @Override
    protected int run(ProvenantClient client) {
        JsonNode data = client.query(DOCUMENT, Map.of("a", a, "b", b));
        for (String[] r : new String[][] {{"runA", a}, {"runB", b}}) {
            if (data.path(r[0]).isNull() || data.path(r[0]).isMissingNode()) {
                throw new CliException(1, Args.notFound(r[1], null));
            }
        }
        JsonNode d = data.path("diffRuns");
        if (d.isNull() || d.isMissingNode()) {
            throw new CliException(1, "run '" + a + "' or '" + b + "' not found");
        }
        int code = exitCode && !d.path("identical").asBoolean() ? ExitCodes.DIFFERENT : ExitCodes.OK;
        if (json) {
            Output.json(System.out, d);
            return code;
        }
        System.out.println(
                "diff " + d.path("runA").asText() + " → " + d.path("runB").asText());
        if (d.path("identical").asBoolean()) {
            System.out.println("  identical (code, environment, inputs, parameters, outputs, metrics, command)");
            return code;
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
        return code;
    }

    private static String show(JsonNode v) {
        return v.isNull() || v.isMissingNode() ? "(absent)" : v.asText();
    }
}
