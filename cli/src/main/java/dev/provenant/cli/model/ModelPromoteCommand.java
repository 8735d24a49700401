package dev.provenant.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.Output;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant model promote model:<name>@<version> --stage S --reason R}: moves a model
 * version to another stage (NONE, STAGING, PRODUCTION, ARCHIVED), with who and why recorded.
 * Example: {@code provenant model promote model:churn@3 --stage PRODUCTION --reason "beat v2"}.
 */
@Command(
        name = "promote",
        mixinStandardHelpOptions = true,
        description = {
            "Move a model version to another stage, recording the reason; prints model:<name>@<version> <stage>.",
            "Exit 0; 1 unknown model version, a transition the registry refuses (e.g. out of ARCHIVED), or"
                    + " --expected-version is stale; 2 usage."
        })
public class ModelPromoteCommand extends ClientCommand {

    static final String TRANSITION = GraphQlDocuments.load("model-promote");

    /** The stages of a model version. */
    public enum Stage {
        NONE,
        STAGING,
        PRODUCTION,
        ARCHIVED
    }

    @Parameters(index = "0", paramLabel = "model:<name>@<version>", description = "the model version")
    String model;

    @Option(
            names = "--stage",
            required = true,
            paramLabel = "S",
            description = "target stage: ${COMPLETION-CANDIDATES} (case-insensitive)")
    Stage stage;

    @Option(names = "--reason", required = true, paramLabel = "R", description = "why (required, recorded)")
    String reason;

    @Option(
            names = "--expected-version",
            paramLabel = "N",
            description = "the model version's aggregateVersion you saw; if it changed since, nothing is recorded"
                    + " (exit 1)")
    Long expectedVersion;

    @Option(names = "--json", description = "one JSON document on stdout: the model version with its transitions")
    boolean json;

    @Override
    protected void validate() {
        model = checkNode(model);
        if (!model.startsWith("model:")) {
            throw usage("'" + model + "' is not a model version id (model:<name>@<version>)");
        }
        if (reason.isBlank()) {
            throw usage("--reason: must not be blank");
        }
    }

    @Override
    protected int run(ProvenantClient client) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("id", model);
        input.put("to", stage.name());
        input.put("reason", reason);
        if (expectedVersion != null) {
            input.put("expectedVersion", expectedVersion);
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("input", input);
        JsonNode mv = ModelPayloads.modelVersion(client.query(TRANSITION, vars).path("transitionModelStage"), model);
        if (json) {
            Output.json(System.out, mv);
        } else {
            System.out.println(mv.path("id").asText() + " " + mv.path("stage").asText());
        }
        return 0;
    }
}
