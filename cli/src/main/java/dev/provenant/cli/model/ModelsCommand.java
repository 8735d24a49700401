package dev.provenant.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.NewestPage;
import dev.provenant.cli.query.RunsCommand;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code provenant models [--name N] [--stage S] [--limit N] [--json]}: registered model versions
 * (id, stage, run, output, size, registered when and by whom), the most recent {@code --limit},
 * oldest of them first. Example: {@code provenant models --stage PRODUCTION}.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "List registered model versions: the most recent --limit of those matching the filters, oldest"
                    + " of them first.",
            "Exit 0 (also when none match); 2 for a bad filter."
        })
public class ModelsCommand extends ClientCommand {

    static final String DOCUMENT = GraphQlDocuments.load("models");

    @Option(names = "--name", paramLabel = "N", description = "only versions of this model name")
    String name;

    @Option(
            names = "--stage",
            paramLabel = "S",
            description = "only versions now in this stage: ${COMPLETION-CANDIDATES} (case-insensitive)")
    ModelPromoteCommand.Stage stage;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            description = "show at most the N most recent matching versions, 1-10000 (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "one JSON document on stdout")
    boolean json;

    @Override
    protected void validate() {
        checkRange("--limit", limit, 1, 10_000);
        if (name != null) {
            checkNode("model:" + name + "@1");
        }
    }

    @Override
    protected int run(ProvenantClient client) {
        Map<String, Object> filters = new HashMap<>();
        filters.put("name", name);
        filters.put("stage", stage == null ? null : stage.name());
        NewestPage page = NewestPage.of(client, DOCUMENT, "modelVersions", filters, limit);
        List<JsonNode> newest = page.nodes();
        int matched = page.matched();
        if (json) {
            page.printJson("models");
            return 0;
        }
        if (newest.isEmpty()) {
            System.out.println("no model versions" + (name == null && stage == null ? "" : " match"));
            return 0;
        }
        String format = "%-32s  %-10s  %-40s  %-20s  %10s  %-20s  %s%n";
        System.out.printf(format, "ID", "STAGE", "RUN", "OUTPUT", "SIZE", "REGISTERED", "BY");
        for (JsonNode m : newest) {
            System.out.printf(
                    format,
                    m.path("id").asText(),
                    m.path("stage").asText(),
                    m.path("runId").asText(),
                    m.path("outputName").asText(),
                    m.path("sizeBytes").asLong(),
                    RunsCommand.started(m.path("registeredAt").asText()),
                    m.path("registeredBy").asText());
        }
        if (matched > newest.size()) {
            System.out.println("(" + newest.size() + " most recent of " + matched + "; raise --limit to see more)");
        }
        return 0;
    }
}
