package dev.provenant.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.cli.client.Args;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.Output;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant show <node> [--json]}: one run, dataset version, model version or artifact
 * (content, code snapshot, environment) with its details, readable. Example: {@code provenant show
 * run:49a1a1b0-1de8-43f9-9038-ffe58da13a3f}.
 */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Show one node: a run (command, code, environment, inputs, outputs, metrics, verdict), a dataset"
                    + " version, a model version (stage and transitions) or an artifact (sha256:<hex>).",
            "Exit 1 when nothing was recorded about it; 2 for a malformed node id."
        })
public class ShowCommand extends ClientCommand {

    static final String RUN = GraphQlDocuments.load("show-run");

    static final String DATASET = GraphQlDocuments.load("show-dataset");

    static final String MODEL = GraphQlDocuments.load("show-model");

    static final String NODE = GraphQlDocuments.load("show-node");

    @Parameters(
            index = "0",
            paramLabel = "<node>",
            description = "run:<id>, dataset:<name>@<v>, model:<name>@<v> or sha256:<hex>")
    String node;

    @Option(names = "--json", description = "one JSON document on stdout")
    boolean json;

    @Override
    protected void validate() {
        node = checkNode(node);
    }

    @Override
    protected int run(ProvenantClient client) {
        String kind;
        String document;
        String field;
        if (node.startsWith("run:")) {
            kind = "RUN";
            document = RUN;
            field = "run";
        } else if (node.startsWith("dataset:")) {
            kind = "DATASET_VERSION";
            document = DATASET;
            field = "datasetVersion";
        } else if (node.startsWith("model:")) {
            kind = "MODEL_VERSION";
            document = MODEL;
            field = "modelVersion";
        } else {
            kind = null;
            document = NODE;
            field = "lineageNode";
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("id", node);
        JsonNode n = client.query(document, vars).path(field);
        if (n.isNull() || n.isMissingNode()) {
            throw new CliException(1, Args.notFound(node, null));
        }
        ObjectNode doc = ProvenantClient.JSON.createObjectNode();
        doc.put("kind", kind == null ? n.path("kind").asText() : kind);
        n.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("kind")) {
                doc.set(f.getKey(), f.getValue());
            }
        });
        if (json) {
            Output.json(System.out, doc);
            return 0;
        }
        switch (doc.path("kind").asText()) {
            case "RUN" -> printRun(doc);
            case "DATASET_VERSION" -> printFields(doc, "Dataset version");
            case "MODEL_VERSION" -> printModel(doc);
            default -> printNode(doc);
        }
        return 0;
    }

    private static void line(String label, JsonNode v) {
        if (!v.isNull() && !v.isMissingNode() && !(v.isTextual() && v.asText().isEmpty())) {
            System.out.printf("  %-14s %s%n", label, v.isTextual() ? v.asText() : v.toString());
        }
    }

    private static void printFields(JsonNode doc, String title) {
        System.out.println(title + " " + doc.path("id").asText());
        doc.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("id")
                    && !f.getKey().equals("kind")
                    && f.getValue().isValueNode()) {
                line(f.getKey(), f.getValue());
            }
        });
    }

    private static void printRun(JsonNode r) {
        System.out.println(
                "Run " + r.path("id").asText() + "  " + r.path("name").asText());
        line("status", r.path("status"));
        line("exit code", r.path("exitCode"));
        line("failure", r.path("failureReason"));
        line("started", r.path("startedAt"));
        line("finished", r.path("finishedAt"));
        if (!r.path("durationMillis").isNull()) {
            line(
                    "duration",
                    ProvenantClient.JSON.getNodeFactory().textNode(RunsCommand.duration(r.path("durationMillis"))));
        }
        line("by", r.path("startedBy"));
        line("pipeline", r.path("pipelineRunId"));
        line("step", r.path("stepName"));
        StringBuilder cmd = new StringBuilder();
        for (JsonNode a : r.path("command")) {
            cmd.append(cmd.length() == 0 ? "" : " ").append(shellQuoted(a.asText()));
        }
        System.out.printf("  %-14s %s%n", "command", cmd);
        JsonNode code = r.path("code");
        if (!code.isNull() && !code.isMissingNode()) {
            System.out.printf(
                    "  %-14s %s%s%s  snapshot %s%n",
                    "code",
                    code.path("commit").asText("(no git)"),
                    code.path("branch").isNull()
                            ? ""
                            : " on " + code.path("branch").asText(),
                    code.path("dirty").asBoolean() ? " (with uncommitted changes)" : "",
                    code.path("snapshotDigest").asText());
        }
        JsonNode env = r.path("environment");
        if (!env.isNull() && !env.isMissingNode()) {
            System.out.printf(
                    "  %-14s %s (%d facts)%n",
                    "environment",
                    env.path("digest").asText(),
                    env.path("properties").size());
        }
        section(
                "parameters",
                r.path("parameters"),
                p -> p.path("key").asText() + " = " + p.path("value").asText());
        section(
                "inputs",
                r.path("inputs"),
                i -> i.path("name").asText() + "  " + i.path("digest").asText() + "  "
                        + i.path("sizeBytes").asLong() + " B"
                        + (i.path("datasetVersionId").isNull()
                                ? ""
                                : "  (" + i.path("datasetVersionId").asText() + ")"));
        section(
                "outputs",
                r.path("outputs"),
                o -> o.path("name").asText() + "  " + o.path("digest").asText() + "  "
                        + o.path("sizeBytes").asLong() + " B  " + o.path("kind").asText());
        section(
                "metrics",
                r.path("metrics"),
                m -> m.path("name").asText() + " = " + m.path("value").asText());
        line("replay of", r.path("replayOf"));
        line("verdict", r.path("verdict"));
        section(
                "differences",
                r.path("differences"),
                d -> d.path("name").asText()
                        + (d.path("withinTolerance").asBoolean() ? " (within tolerance)" : "")
                        + (d.path("detail").isNull()
                                ? ""
                                : ": " + d.path("detail").asText()));
        section(
                "metric differences",
                r.path("metricDifferences"),
                d -> d.path("name").asText() + ": "
                        + d.path("original").asText() + " → " + d.path("replay").asText()
                        + (d.path("withinTolerance").asBoolean() ? " (within tolerance)" : ""));
        line("cache hit of", r.path("cacheHitOf"));
    }

    /** An argument as a POSIX shell would need it, so the printed command can be pasted. */
    public static String shellQuoted(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static void printModel(JsonNode m) {
        System.out.println("Model version " + m.path("id").asText() + "  stage "
                + m.path("stage").asText());
        line("from run", m.path("runId"));
        line("output", m.path("outputName"));
        line("digest", m.path("digest"));
        line("size", m.path("sizeBytes"));
        line("description", m.path("description"));
        line("registered by", m.path("registeredBy"));
        line("registered at", m.path("registeredAt"));
        line("version", m.path("aggregateVersion"));
        section(
                "transitions",
                m.path("transitions"),
                t -> t.path("at").asText() + "  " + t.path("from").asText()
                        + " → " + t.path("to").asText() + "  by "
                        + t.path("principal").asText() + ": "
                        + t.path("reason").asText());
    }

    private static void printNode(JsonNode n) {
        System.out.println(n.path("kind").asText().toLowerCase().replace('_', ' ') + " "
                + n.path("id").asText());
        line("label", n.path("label"));
        line("recorded at", n.path("recordedAt"));
        for (JsonNode a : n.path("attributes")) {
            System.out.printf(
                    "  %-14s %s%n", a.path("key").asText(), a.path("value").asText());
        }
    }

    private static void section(String title, JsonNode items, java.util.function.Function<JsonNode, String> fmt) {
        if (items.isMissingNode() || items.isNull() || items.isEmpty()) {
            return;
        }
        System.out.println("  " + title + ":");
        for (JsonNode i : items) {
            System.out.println("    " + fmt.apply(i));
        }
    }
}
