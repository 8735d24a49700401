package dev.provenant.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.Output;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant model register <name> --run run:<id> --output <path> [--model-version V]}: registers
 * one declared output of a recorded run as {@code model:<name>@<version>} (stage NONE). Without
 * {@code --model-version} the version is the next integer after the highest numeric one of that name.
 * Example: {@code provenant model register churn --run run:01J… --output model.bin}.
 */
@Command(
        name = "register",
        mixinStandardHelpOptions = true,
        description = {
            "Register a run's declared output as a model version (stage NONE); prints model:<name>@<version>.",
            "Exit 0; 1 unknown run, no such output in that run, or the version exists with other content;" + " 2 usage."
        })
public class ModelRegisterCommand extends ClientCommand {

    static final String REGISTER = GraphQlDocuments.load("model-register");

    static final String VERSIONS = GraphQlDocuments.load("model-register-versions");

    @Parameters(index = "0", paramLabel = "<name>", description = "the model's name")
    String name;

    @Option(
            names = {"--run", "--from"},
            required = true,
            paramLabel = "run:<id>",
            description = "the run whose output is the model")
    String run;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "<path>",
            description = "the output's name in that run, as declared (`provenant show run:<id>` lists them)")
    String output;

    @Option(
            names = "--model-version",
            paramLabel = "V",
            description = "version label (default: the next integer after the highest numeric version of <name>)")
    String version;

    @Option(names = "--description", paramLabel = "TEXT", description = "free text stored with the version")
    String description;

    @Option(names = "--json", description = "one JSON document on stdout: the model version")
    boolean json;

    @Override
    protected void validate() {
        run = checkNode(run);
        if (!run.startsWith("run:")) {
            throw usage("--run: '" + run + "' is not a run id (run:<id>)");
        }
        if (output.isBlank()) {
            throw usage("--output: must not be blank");
        }
        // outputs are recorded relative to the run's directory: ./model.bin names model.bin
        while (output.startsWith("./")) {
            output = output.substring(2);
        }
        // the name (and version) must make a valid model id
        checkNode("model:" + name + "@" + (version == null ? "1" : version));
    }

    @Override
    protected int run(ProvenantClient client) {
        boolean explicit = version != null;
        for (int attempt = 0; attempt < 5; attempt++) {
            String v = explicit ? version : Integer.toString(nextVersion(client));
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("name", name);
            input.put("version", v);
            input.put("runId", run);
            input.put("outputName", output);
            if (description != null) {
                input.put("description", description);
            }
            Map<String, Object> vars = new HashMap<>();
            vars.put("input", input);
            JsonNode payload = client.query(REGISTER, vars).path("registerModelVersion");
            JsonNode errors = payload.path("errors");
            if (!explicit
                    && errors.size() > 0
                    && "CONFLICT".equals(errors.get(0).path("code").asText())) {
                continue; // someone registered that version first: take the next one
            }
            JsonNode mv = ModelPayloads.modelVersion(payload, run);
            if (json) {
                Output.json(System.out, mv);
            } else {
                System.out.println(mv.path("id").asText());
            }
            return 0;
        }
        throw new CliException(1, "could not find a free version of model '" + name + "' after 5 tries");
    }

    private int nextVersion(ProvenantClient client) {
        int highest = 0;
        String after = null;
        do {
            Map<String, Object> vars = new HashMap<>();
            vars.put("name", name);
            vars.put("after", after);
            JsonNode page = client.query(VERSIONS, vars).path("modelVersions");
            for (JsonNode e : page.path("edges")) {
                String v = e.path("node").path("version").asText();
                if (v.matches("[0-9]{1,9}")) {
                    highest = Math.max(highest, Integer.parseInt(v));
                }
            }
            after = page.path("pageInfo").path("hasNextPage").asBoolean()
                    ? page.path("pageInfo").path("endCursor").asText(null)
                    : null;
        } while (after != null);
        return highest + 1;
    }
}
