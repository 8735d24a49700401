package dev.provenant.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.client.Args;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.NewestPage;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code provenant runs [--status S] [--name N] [--pipeline run:…] [--limit N] [--json]}: the most
 * recent recorded runs, as a table (id, name, status, started, duration, who), oldest of them
 * first. Pages through the GraphQL {@code runs} connection. Example: {@code provenant runs --status
 * FAILED --limit 10}.
 */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = {
            "List recorded runs: the most recent --limit of those matching the filters, oldest of them first.",
            "Exit 0 (also when none match); 1 if the --pipeline run is unknown; 2 for a bad filter."
        })
public class RunsCommand extends ClientCommand {

    static final String DOCUMENT = GraphQlDocuments.load("runs");

    static final String PIPELINE = GraphQlDocuments.load("runs-pipeline");

    /** The statuses a run can have. */
    public enum Status {
        RUNNING,
        SUCCEEDED,
        FAILED,
        ABANDONED
    }

    @Option(names = "--status", paramLabel = "S", description = "only runs with this status: ${COMPLETION-CANDIDATES}")
    Status status;

    @Option(names = "--name", paramLabel = "N", description = "only runs (steps) with this name")
    String name;

    @Option(names = "--pipeline", paramLabel = "run:<id>", description = "only the steps of this pipeline run")
    String pipeline;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            description = "show at most the N most recent matching runs, 1-10000 (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "one JSON document on stdout")
    boolean json;

    @Override
    protected void validate() {
        checkRange("--limit", limit, 1, 10_000);
        if (pipeline != null) {
            pipeline = checkNode(pipeline);
            if (!pipeline.startsWith("run:")) {
                throw usage("--pipeline: '" + pipeline + "' is not a run id (run:<id>)");
            }
        }
    }

    @Override
    protected int run(ProvenantClient client) {
        if (pipeline != null) {
            JsonNode p = client.query(PIPELINE, Map.of("id", pipeline)).path("run");
            if (p.isNull() || p.isMissingNode()) {
                throw new CliException(1, Args.notFound(pipeline, null));
            }
        }
        // The connection runs oldest first; keep the newest `limit` while paging through.
        Map<String, Object> filters = new HashMap<>();
        filters.put("name", name);
        filters.put("status", status == null ? null : status.name());
        filters.put("pipeline", pipeline);
        NewestPage page = NewestPage.of(client, DOCUMENT, "runs", filters, limit);
        List<JsonNode> newest = page.nodes();
        int matched = page.matched();
        if (json) {
            page.printJson("runs");
            return 0;
        }
        if (newest.isEmpty()) {
            System.out.println("no runs" + (status == null && name == null && pipeline == null ? "" : " match"));
            return 0;
        }
        String format = "%-40s  %-20s  %-9s  %-20s  %9s  %s%n";
        System.out.printf(format, "ID", "NAME", "STATUS", "STARTED", "DURATION", "WHO");
        for (JsonNode r : newest) {
            System.out.printf(
                    format,
                    r.path("id").asText(),
                    r.path("name").asText(),
                    r.path("status").asText(),
                    started(r.path("startedAt").asText()),
                    duration(r.path("durationMillis")),
                    r.path("startedBy").asText());
        }
        if (matched > newest.size()) {
            System.out.println("(" + newest.size() + " most recent of " + matched + "; raise --limit to see more)");
        }
        return 0;
    }

    /** {@code 2026-11-30T03:38:44.123456Z} → {@code 2026-11-30 03:38:44Z}: to the second is enough in a table. */
    public static String started(String iso) {
        if (iso.length() < 19) {
            return iso;
        }
        return iso.substring(0, 10) + " " + iso.substring(11, 19) + (iso.endsWith("Z") ? "Z" : "");
    }

    /** {@code 840 ms}, {@code 12.3 s}, {@code 4m05s}, {@code 2h03m}; {@code -} while running. */
    public static String duration(JsonNode millis) {
        if (millis.isNull() || millis.isMissingNode()) {
            return "-";
        }
        long ms = millis.asLong();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        Duration d = Duration.ofMillis(ms);
        if (d.toHours() == 0) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
        }
        return String.format(java.util.Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart());
    }
}
