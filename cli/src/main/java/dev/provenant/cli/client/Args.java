package dev.provenant.cli.client;

import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.lineage.NodeKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Checks of command-line values shared by the query commands; each message names the rule. */
public final class Args {

    private Args() {}

    /**
     * How a missing node is reported (exit 1): what was not found and what to do, e.g. {@code no
     * run 'run:x'; list runs with `provenant runs`}.
     */
    public static String notFound(String id, String asOf) {
        String when = asOf == null ? "" : " as of " + asOf;
        NodeKind kind;
        try {
            kind = NodeId.parse(id).prefixKind();
        } catch (IllegalArgumentException e) {
            return "no node '" + id + "'" + when;
        }
        return switch (kind) {
            case RUN -> "no run '" + id + "'" + when + "; list runs with `provenant runs`";
            case MODEL_VERSION ->
                "no model version '" + id + "'" + when
                        + "; check the name and version (model:<name>@<version>); `provenant show run:<id>` shows"
                        + " a run's outputs";
            case DATASET_VERSION ->
                "no dataset version '" + id + "'" + when
                        + "; check the name and version (dataset:<name>@<version>); `provenant show run:<id>` shows"
                        + " a run's inputs";
            default ->
                "nothing recorded about '" + id + "'" + when
                        + "; only content that a run, dataset or model recorded is known (`provenant runs`,"
                        + " `provenant show run:<id>`)";
        };
    }

    /** Accepts an ISO-8601 instant ({@code 2026-01-05T10:00:00Z}, or with an offset) and gives it in UTC. */
    public static final class AsOf implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return Instant.parse(value).toString();
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(value).toInstant().toString();
                } catch (DateTimeParseException e2) {
                    throw new CommandLine.TypeConversionException(
                            "'" + value
                                    + "' is not an ISO-8601 instant; use e.g. 2026-01-05T10:00:00Z or 2026-01-05T11:00:00+01:00");
                }
            }
        }
    }
}
