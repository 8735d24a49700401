package dev.provenant.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.client.Args;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.Output;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant audit-report <node> [--format md|html|json|prov-json] [-o FILE] [--as-of T]}:
 * everything that led to a node, every event with who and when, and the proof that the record was
 * not edited. Writes the report to stdout, or to FILE. Example: {@code provenant audit-report
 * model:churn@1 --format html -o churn-1.html}
 */
@Command(
        name = "audit-report",
        mixinStandardHelpOptions = true,
        description = {
            "An audit report on a model version, run, dataset version or artifact: its full upstream closure,"
                    + " every event with who and when, stage transitions, replay verdicts and the integrity proof.",
            "Exit 0 when written (whatever the verdict); 1 on errors, including a node nothing was recorded about;"
                    + " 2 for a malformed node id or time."
        })
public class AuditReportCommand extends ClientCommand {

    static final String EXISTS = GraphQlDocuments.load("audit-report-exists");

    static final String DOCUMENT = GraphQlDocuments.load("audit-report");

    /** Output formats. */
    public enum Format {
        md,
        html,
        json,
        prov_json
    }

    @Parameters(
            index = "0",
            paramLabel = "<node>",
            description = "model:<name>@<v>, run:<id>, dataset:<name>@<v> or sha256:<hex>")
    String node;

    @Option(
            names = "--format",
            paramLabel = "md|html|json|prov-json",
            description = "rendering (default: md)",
            converter = FormatConverter.class,
            defaultValue = "md")
    Format format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "write the report to FILE instead of stdout")
    Path output;

    @Option(
            names = "--as-of",
            paramLabel = "T",
            converter = Args.AsOf.class,
            description = "ISO-8601 instant: the record as it stood then")
    String asOf;

    @Option(names = "--json", description = "the report as one JSON document (the same as --format json)")
    boolean json;

    @Override
    protected void validate() {
        node = checkNode(node);
        if (json && format != Format.md && format != Format.json) {
            throw usage("--json and --format " + format.name().replace('_', '-') + " disagree; give one of them");
        }
    }

    @Override
    protected int run(ProvenantClient client) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("node", node);
        vars.put("asOf", asOf);
        JsonNode found = client.query(EXISTS, vars).path("node");
        if (found.isNull() || found.isMissingNode()) {
            throw new CliException(1, Args.notFound(node, asOf));
        }
        Format f = json ? Format.json : format;
        vars.put("format", f.name().toUpperCase(Locale.ROOT));
        JsonNode r = client.query(DOCUMENT, vars).path("auditReport");
        String content = r.path("content").asText();
        if (output == null && json) {
            try {
                Output.json(System.out, ProvenantClient.JSON.readTree(content));
            } catch (IOException e) {
                throw new CliException(1, "the server's JSON report does not parse: " + e.getMessage(), e);
            }
            return 0;
        }
        if (output == null) {
            System.out.print(content);
            System.out.flush();
            return 0;
        }
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(1, "cannot write " + output + ": " + e.getMessage(), e);
        }
        System.err.println("Audit report on " + r.path("node").asText() + " ("
                + r.path("verdict").asText() + ") written" + " to " + output);
        return 0;
    }

    /** Accepts {@code prov-json} as well as {@code prov_json}. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.toLowerCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a format: use md, html, json or prov-json");
            }
        }
    }
}
